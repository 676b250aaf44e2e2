from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class PropertyCrmRepairOrder(models.Model):
    """A repair of a component is under warranty for the component's period
    (《建設工程質量管理條例》第四十條) after the unit's handover."""

    _inherit = ["property.crm.repair.order"]

    component_id = fields.Many2one(
        "property.crm.warranty.component",
        tracking=True,
        help="The broken part: its warranty period decides whether the repair is "
        "under warranty.",
    )

    @api.depends("component_id.years")
    def _compute_in_warranty(self):
        res = super()._compute_in_warranty()
        for order in self.filtered("component_id"):
            handover = order.unit_id.handover_date
            if not handover:
                continue
            months = round(order.component_id.years * 12)
            order.warranty_end = handover + relativedelta(months=months)
            reported = fields.Date.to_date(order.reported_at or fields.Datetime.now())
            order.in_warranty = reported <= order.warranty_end
        return res
