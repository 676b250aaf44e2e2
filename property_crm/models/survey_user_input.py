from datetime import timedelta

from odoo import fields, models


class SurveyUserInput(models.Model):
    """A returned 客戶意見調查表: every unsatisfied item becomes a callback (seed 000
    §四(2)4.3)."""

    _inherit = "survey.user_input"

    property_crm_callback_ids = fields.One2many(
        "property.crm.callback", "survey_user_input_id", string="Callbacks"
    )

    def _mark_done(self):
        res = super()._mark_done()
        self._property_crm_create_callbacks()
        return res

    def _property_crm_unsatisfied_lines(self):
        self.ensure_one()
        threshold = self._property_crm_company().property_crm_survey_threshold
        return self.user_input_line_ids.filtered(
            lambda line: line.suggested_answer_id.property_crm_rating
            and line.suggested_answer_id.property_crm_rating < threshold
        )

    def _property_crm_company(self):
        # survey.survey has no company in Odoo 18: the answers belong to the
        # current company
        return self.env.company

    def _property_crm_caller(self, company):
        """Who calls the customer back: the area manager, else the survey's responsible,
        else the head; never an inactive (system) or portal/public user."""
        self.ensure_one()

        def internal(users):
            return users.filtered(lambda user: user.active and not user.share)[:1]

        return (
            internal(self.partner_id.property_area_id.manager_id)
            or internal(self.survey_id.user_id)
            or internal(self.env["property.crm.callback"]._sla_head_users(company))
            or self.env.user
        )

    def _property_crm_create_callbacks(self):
        Callback = self.env["property.crm.callback"].sudo()
        vals_list = []
        for user_input in self.filtered(
            lambda ui: ui.survey_id.property_crm_satisfaction
            and ui.partner_id
            and not ui.property_crm_callback_ids
        ):
            company = user_input._property_crm_company()
            partner = user_input.partner_id
            caller = user_input._property_crm_caller(company)
            deadline = fields.Datetime.now() + timedelta(
                days=company.property_crm_survey_callback_days
            )
            comments = {
                line.question_id: line.value_char_box
                for line in user_input.user_input_line_ids
                if line.answer_type == "char_box"
            }
            for line in user_input._property_crm_unsatisfied_lines():
                vals_list.append(
                    {
                        "company_id": company.id,
                        "callback_type": "survey",
                        "method": "phone",
                        "survey_user_input_id": user_input.id,
                        "survey_question_id": line.question_id.id,
                        "partner_id": partner.id,
                        "unit_id": partner.property_unit_id.id,
                        "user_id": caller.id,
                        "deadline": deadline,
                        "shortcomings": comments.get(line.question_id) or False,
                    }
                )
        return Callback.create(vals_list) if vals_list else Callback
