from odoo import api, fields, models


class PropertyCrmRequest(models.Model):
    """The standard answers (統一口徑) of the demand's type, at hand on its form."""

    _inherit = ["property.crm.request"]

    answer_ids = fields.Many2many(
        "property.crm.answer",
        string="Standard Answers",
        compute="_compute_answer_ids",
    )

    @api.depends("type_id")
    def _compute_answer_ids(self):
        Answer = self.env["property.crm.answer"]
        for request in self:
            request.answer_ids = (
                Answer.search([("type_id", "=", request.type_id.id)], limit=20)
                if request.type_id
                else Answer
            )

    def action_view_answers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Standard Answers"),
            "res_model": "property.crm.answer",
            "view_mode": "list,form",
            "domain": [],
            "context": {
                "search_default_type_id": self.type_id.id,
                "default_type_id": self.type_id.id,
            },
        }


class PropertyCrmCall(models.Model):
    _inherit = ["property.crm.call"]

    def action_view_answers(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Standard Answers"),
            "res_model": "property.crm.answer",
            "view_mode": "list,form",
        }
