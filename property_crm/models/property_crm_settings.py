from odoo import api, fields, models
from odoo.exceptions import AccessError


class PropertyCrmSettings(models.TransientModel):
    """The addon's settings, kept on the company: the Customer Service Manager sets
    them without being a system administrator (Odoo's Settings page is the
    administrators'). Saving checks the role and writes the company as superuser."""

    _name = "property.crm.settings"
    _description = "Customer Relations Settings"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda s: s.env.company
    )
    property_crm_currency_id = fields.Many2one(related="company_id.currency_id")
    property_crm_head_user_id = fields.Many2one(
        related="company_id.property_crm_head_user_id", readonly=False
    )
    property_crm_claim_limit = fields.Monetary(
        related="company_id.property_crm_claim_limit",
        readonly=False,
        currency_field="property_crm_currency_id",
    )
    property_crm_callback_attempts = fields.Integer(
        related="company_id.property_crm_callback_attempts", readonly=False
    )
    property_crm_warranty_months = fields.Integer(
        related="company_id.property_crm_warranty_months", readonly=False
    )
    property_crm_survey_threshold = fields.Integer(
        related="company_id.property_crm_survey_threshold", readonly=False
    )
    property_crm_survey_callback_days = fields.Integer(
        related="company_id.property_crm_survey_callback_days", readonly=False
    )
    property_crm_survey_callback_target = fields.Float(
        related="company_id.property_crm_survey_callback_target", readonly=False
    )
    property_crm_archive_days = fields.Integer(
        related="company_id.property_crm_archive_days", readonly=False
    )
    property_crm_retention_years = fields.Integer(
        related="company_id.property_crm_retention_years", readonly=False
    )
    property_crm_max_amount = fields.Monetary(
        related="company_id.property_crm_max_amount",
        readonly=False,
        currency_field="property_crm_currency_id",
    )
    property_crm_backdate_days = fields.Integer(
        related="company_id.property_crm_backdate_days", readonly=False
    )
    property_crm_attachment_max_mb = fields.Integer(
        related="company_id.property_crm_attachment_max_mb", readonly=False
    )

    property_crm_customer_notice = fields.Selection(
        related="company_id.property_crm_customer_notice", readonly=False
    )

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(
            "property_crm.group_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only the Customer Service Manager changes the Customer "
                    "Relations settings."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        for vals in vals_list:
            # always the user's current company, whatever the client sends
            vals["company_id"] = self.env.company.id
        records = super(PropertyCrmSettings, self.sudo()).create(vals_list)
        return records.with_env(self.env)

    def write(self, vals):
        self._check_manager()
        vals.pop("company_id", None)
        return super(PropertyCrmSettings, self.sudo()).write(vals)

    def execute(self):
        """Save of the settings page (Odoo's settings view calls ``execute``): the
        values are on the company once the form is saved."""
        self._check_manager()
        return {"type": "ir.actions.client", "tag": "reload"}

    def cancel(self):
        return {"type": "ir.actions.client", "tag": "reload"}

    def action_property_crm_processing_register(self):
        self._check_manager()
        return self.env.ref(
            "property_crm.action_report_processing_register"
        ).report_action(self.company_id)

    def action_property_crm_retention_preview(self):
        return self.env["property.crm.complaint"].action_retention_preview()
