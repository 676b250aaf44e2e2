from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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

    def action_property_crm_retention_preview(self):
        return self.env["property.crm.complaint"].action_retention_preview()
