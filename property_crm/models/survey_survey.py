from odoo import fields, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    property_crm_satisfaction = fields.Boolean(
        string="Customer Satisfaction Survey",
        help=(
            "客戶意見調查表: every answer rated below the "
            "company's threshold becomes a survey callback."
        ),
    )
