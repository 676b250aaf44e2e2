from . import res_partner_reveal
