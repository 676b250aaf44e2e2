from odoo import api, fields, models
from odoo.exceptions import UserError

COOPERATION_KINDS = [
    ("maintenance", "Maintenance"),
    ("fire_safety", "Fire Safety"),
    ("utilities", "Water and Power"),
    ("other", "Other"),
]
# what a cooperation request is about, fixed once the letter was answered
COOPERATION_FIELDS = ("lease_id", "cooperation_kind")


class PropertyCrmLiaisonLetter(models.Model):
    """A cooperation request of the owner (seed 000 篇3: 維護、消防、水電 — the hotel
    company asks the owner of a leased property to cooperate on maintenance, fire
    safety or utilities) is a 工作聯繫函 Z-QR-025 linked to the owner lease.

    The lease must be one of the letter's company that the caller may read; the link
    is fixed once the letter was replied to.
    """

    _inherit = "property.crm.liaison.letter"  # pylint: disable=consider-merging-classes-inherited

    lease_id = fields.Many2one(
        "property.crm.lease",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        domain="[('kind', '=', 'owner')]",
        help="The owner lease this cooperation request is about (maintenance, fire "
        "safety, water and power).",
    )
    lease_partner_id = fields.Many2one(
        related="lease_id.partner_id", string="Owner", readonly=True
    )
    cooperation_kind = fields.Selection(
        COOPERATION_KINDS,
        string="Cooperation",
        tracking=True,
        help="What the owner is asked to cooperate on.",
    )

    @api.depends("lease_id.area_id")
    def _compute_area_id(self):
        res = super()._compute_area_id()
        for letter in self.filtered(lambda letter: not letter.area_id):
            letter.area_id = letter.lease_id.area_id
        return res

    @api.model_create_multi
    def create(self, vals_list):
        self.env["property.crm.lease"]._check_cooperation_link_vals(vals_list)
        letters = super().create(vals_list)
        # after the defaults: a default_lease_id of the context is checked too
        letters.lease_id._check_cooperation_link()
        return letters

    def write(self, vals):
        res = super().write(vals)
        if vals.get("lease_id"):
            self.lease_id._check_cooperation_link()
        return res

    def _check_write_lock(self, vals):
        res = super()._check_write_lock(vals)
        changed = [
            fname
            for fname in COOPERATION_FIELDS
            if fname in vals and not self._is_unchanged(fname, vals[fname])
        ]
        if changed and any(letter.state not in ("draft", "sent") for letter in self):
            raise UserError(
                self.env._(
                    "The lease and the cooperation of a replied or closed liaison "
                    "letter cannot be changed."
                )
            )
        return res
