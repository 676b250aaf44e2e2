from odoo import api, fields, models

# counter field → (model, the field holding the customer, window title)
SERVICE_COUNTERS = {
    "property_crm_complaint_count": ("property.crm.complaint", "partner_id"),
    "property_crm_request_count": ("property.crm.request", "partner_id"),
    "property_crm_repair_count": ("property.crm.repair.order", "partner_id"),
    "property_crm_callback_count": ("property.crm.callback", "partner_id"),
    "property_crm_call_count": ("property.crm.call", "partner_id"),
    "property_crm_survey_count": ("survey.user_input", "partner_id"),
    "property_crm_evaluation_count": ("property.crm.grade.evaluation", "partner_id"),
    "property_crm_handover_count": ("property.crm.handover", "partner_id"),
}


class ResPartner(models.Model):
    """Customer 360 (seed 001, the owner archive): the customer's whole service
    history — complaints, demands, repairs, callbacks, hotline calls, surveys,
    grade evaluations, handovers — counted on the form, one grouped read per model,
    within what the reader may see."""

    _inherit = ["res.partner"]

    property_crm_complaint_count = fields.Integer(
        string="Complaints", compute="_compute_property_crm_service_counts"
    )
    property_crm_request_count = fields.Integer(
        string="Demands", compute="_compute_property_crm_service_counts"
    )
    property_crm_repair_count = fields.Integer(
        string="Repairs", compute="_compute_property_crm_service_counts"
    )
    property_crm_callback_count = fields.Integer(
        string="Callbacks", compute="_compute_property_crm_service_counts"
    )
    property_crm_call_count = fields.Integer(
        string="Calls", compute="_compute_property_crm_service_counts"
    )
    property_crm_survey_count = fields.Integer(
        string="Surveys", compute="_compute_property_crm_service_counts"
    )
    property_crm_evaluation_count = fields.Integer(
        string="Grade Evaluations", compute="_compute_property_crm_service_counts"
    )
    property_crm_handover_count = fields.Integer(
        string="Handovers", compute="_compute_property_crm_service_counts"
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_property_crm_service_counts(self):
        partners = self.filtered("id")
        for fname, (model, partner_field) in SERVICE_COUNTERS.items():
            Model = self.env[model]
            counts = {}
            if partners and Model.browse().has_access("read"):
                counts = {
                    partner.id: count
                    for partner, count in Model._read_group(
                        [(partner_field, "in", partners.ids)],
                        [partner_field],
                        ["__count"],
                    )
                }
            for partner in self:
                partner[fname] = counts.get(partner.id, 0)

    def _property_crm_open_service(self, fname):
        self.ensure_one()
        model, partner_field = SERVICE_COUNTERS[fname]
        return {
            "type": "ir.actions.act_window",
            "name": self._fields[fname]._description_string(self.env),
            "res_model": model,
            "view_mode": "list,form",
            "domain": [(partner_field, "=", self.id)],
            "context": {f"default_{partner_field}": self.id},
        }

    def action_property_crm_view_complaints(self):
        return self._property_crm_open_service("property_crm_complaint_count")

    def action_property_crm_view_requests(self):
        return self._property_crm_open_service("property_crm_request_count")

    def action_property_crm_view_repairs(self):
        return self._property_crm_open_service("property_crm_repair_count")

    def action_property_crm_view_callbacks(self):
        return self._property_crm_open_service("property_crm_callback_count")

    def action_property_crm_view_calls(self):
        return self._property_crm_open_service("property_crm_call_count")

    def action_property_crm_view_surveys(self):
        return self._property_crm_open_service("property_crm_survey_count")

    def action_property_crm_view_evaluations(self):
        return self._property_crm_open_service("property_crm_evaluation_count")

    def action_property_crm_view_handovers(self):
        return self._property_crm_open_service("property_crm_handover_count")
