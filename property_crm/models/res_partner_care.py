from odoo import api, fields, models

from .property_crm_care_occasion import month_day


class ResPartner(models.Model):
    """Care (seed 002 §四) and key accounts (seed 004 篇2): consent to be contacted,
    the company's founding date, the key-account file and its officer. The month-day
    columns let the care cron read only the customers whose day is near."""

    _inherit = "res.partner"

    property_crm_contact_consent = fields.Boolean(
        string="Consents to Care Contact",
        tracking=True,
        help="The customer agreed to receive greetings and care visits; withdrawn, "
        "nothing is sent any more.",
    )
    founding_date = fields.Date(string="Founded On", tracking=True)
    property_crm_birthday_md = fields.Integer(
        compute="_compute_property_crm_care_md", store=True, index=True
    )
    property_crm_founding_md = fields.Integer(
        compute="_compute_property_crm_care_md", store=True, index=True
    )
    is_key_account = fields.Boolean(string="Key Account", tracking=True, index=True)
    key_account_user_id = fields.Many2one(
        "res.users",
        string="Key Account Officer",
        tracking=True,
        domain=[("share", "=", False)],
    )
    key_account_agreements = fields.Text(
        string="Agreements", help="Cooperation agreements and their milestones."
    )
    key_account_milestone_ids = fields.One2many(
        "property.crm.key.account.milestone", "partner_id", string="Milestones"
    )
    care_greeting_ids = fields.One2many(
        "property.crm.care.greeting", "partner_id", string="Greetings"
    )

    @api.depends("birthday", "founding_date")
    def _compute_property_crm_care_md(self):
        for partner in self:
            partner.property_crm_birthday_md = month_day(partner.birthday)
            partner.property_crm_founding_md = month_day(partner.founding_date)
