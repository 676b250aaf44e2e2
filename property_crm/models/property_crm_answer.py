from odoo import api, fields, models


class PropertyCrmAnswer(models.Model):
    """統一口徑 (seed 001, the hotline's knowledge base): the standard answer every
    agent gives to a question of a demand type, next to the case library (案例庫).
    Searched from the demand and the call by the question, its keywords and its
    answer."""

    _name = "property.crm.answer"
    _description = "Standard Answer"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _rec_names_search = ["name", "keywords"]
    _check_company_auto = True

    name = fields.Char(string="Question", required=True, tracking=True)
    keywords = fields.Char(help="Other words callers use, separated by spaces.")
    answer = fields.Html(string="Standard Answer", required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    type_id = fields.Many2one(
        "property.crm.request.type", string="Demand Type", index=True
    )
    category_id = fields.Many2one(
        "property.crm.complaint.category", string="Complaint Category", index=True
    )
    tag_ids = fields.Many2many("property.crm.case.tag", string="Tags")

    @api.model
    def _search_for(self, text, request_type=None, limit=10):
        """Answers whose question or keywords contain ``text``; those of
        ``request_type`` first."""
        domain = ["|", ("name", "ilike", text), ("keywords", "ilike", text)]
        answers = self.search(domain, limit=limit)
        if request_type:
            answers = answers.sorted(lambda a: a.type_id != request_type)
        return answers
