from odoo import _lt, models


class SurveyUserInput(models.Model):
    """The email of a survey answer is the customer's: confidential."""

    _name = "survey.user_input"
    _inherit = ["survey.user_input", "property.crm.confidential.mixin"]
    _property_crm_confidential = {"email": "email"}
    _property_crm_purpose = _lt(
        "Satisfaction survey answers and the callbacks they create (seed 000 §四(2))."
    )

    def _property_crm_confidential_owners(self):
        return {
            answer.id: answer.partner_id.id if answer.partner_id.customer_kind else 0
            for answer in self.sudo()
            if answer.email or answer.partner_id.customer_kind
        }
