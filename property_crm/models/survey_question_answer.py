from odoo import fields, models


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    property_crm_rating = fields.Integer(
        string="Satisfaction Rating",
        help=(
            "1 (very dissatisfied) to 5 (very satisfied); "
            "0 when the answer is not a rating."
        ),
    )
