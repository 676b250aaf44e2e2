from . import res_partner_reveal
from . import property_crm_complaint_intake
from . import mail_activity_schedule
from . import property_crm_complaint_followup
