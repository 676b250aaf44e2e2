from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyCrmCallback(models.Model):
    """Callbacks of customer demands (客戶需求): due 24 h after the department
    answered, made by the first responsible; a satisfied (or unreachable) customer
    closes the demand, an unsatisfied one sends it back to work or to the
    department by liaison letter."""

    _inherit = ["property.crm.callback"]

    callback_type = fields.Selection(
        selection_add=[("request", "Customer Demand")],
        ondelete={"request": "cascade"},
    )
    request_id = fields.Many2one(
        "property.crm.request",
        string="Customer Demand",
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
    )

    def _check_write_lock(self, vals):
        if "request_id" in vals and not self._is_unchanged(
            "request_id", vals["request_id"]
        ):
            raise UserError(
                self.env._("The customer demand of a callback cannot be changed.")
            )
        return super()._check_write_lock(vals)

    @api.depends("request_id")
    def _compute_area_id(self):
        res = super()._compute_area_id()
        for callback in self.filtered(lambda c: not c.area_id and c.request_id):
            callback.area_id = callback.request_id.area_id
        return res

    @api.depends("request_id")
    def _compute_letter_department_id(self):
        res = super()._compute_letter_department_id()
        for callback in self.filtered(
            lambda c: not c.letter_department_id and c.request_id
        ):
            callback.letter_department_id = callback.request_id.department_id
        return res

    def _handle_unsatisfied(self):
        if (
            self.request_id
            and self.unsatisfied_action == "reopen"
            and not (self.complaint_id or self.repair_order_id)
        ):
            self.request_id.sudo()._reopen_after_callback(self)
        return super()._handle_unsatisfied()

    def _close_requests(self):
        for callback in self.filtered(
            lambda c: c.request_id
            and (c.state == "unreachable" or c.outcome == "satisfied")
        ):
            callback.request_id.sudo()._close_after_callback(callback)

    def action_done(self):
        res = super().action_done()
        self._close_requests()
        return res

    def action_mark_unreachable(self):
        res = super().action_mark_unreachable()
        self._close_requests()
        return res
