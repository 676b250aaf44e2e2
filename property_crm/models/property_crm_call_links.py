from odoo import api, fields, models


class PropertyCrmRequest(models.Model):
    """A demand logged from a hotline call: its agent is the first responsible
    (首問責任人)."""

    _inherit = ["property.crm.request"]

    call_id = fields.Many2one(
        "property.crm.call",
        string="From Call",
        index="btree_not_null",
        copy=False,
        check_company=True,
    )

    @api.model
    def _workflow_system_create_vals(self, vals):
        vals = super()._workflow_system_create_vals(vals)
        if vals.get("call_id"):
            call = self.env["property.crm.call"].sudo().browse(vals["call_id"])
            if call.agent_id:
                vals["first_contact_user_id"] = call.agent_id.id
        return vals


class PropertyCrmComplaint(models.Model):
    _inherit = ["property.crm.complaint"]

    call_id = fields.Many2one(
        "property.crm.call",
        string="From Call",
        index="btree_not_null",
        copy=False,
        check_company=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        calls = self.env["property.crm.call"].sudo()
        for vals in vals_list:
            agent = calls.browse(vals.get("call_id")).agent_id
            if agent:
                vals["received_by_id"] = agent.id
        return super().create(vals_list)


class PropertyCrmRepairOrder(models.Model):
    _inherit = ["property.crm.repair.order"]

    call_id = fields.Many2one(
        "property.crm.call",
        string="From Call",
        index="btree_not_null",
        copy=False,
        check_company=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        calls = self.env["property.crm.call"].sudo()
        for vals in vals_list:
            agent = calls.browse(vals.get("call_id")).agent_id
            if agent:
                vals["first_contact_user_id"] = agent.id
        return super().create(vals_list)
