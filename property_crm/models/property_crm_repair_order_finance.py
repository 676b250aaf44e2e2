from odoo import Command, fields, models


class PropertyCrmRepairOrder(models.Model):
    """A paid repair service (維修工作單 out of warranty) settles into a customer
    invoice when it is done: the amount charged, or else the settled cost."""

    _inherit = "property.crm.repair.order"  # pylint: disable=consider-merging-classes-inherited

    invoice_id = fields.Many2one(
        "account.move", string="Customer Invoice", readonly=True, copy=False
    )
    invoice_payment_state = fields.Selection(
        related="invoice_id.payment_state", string="Invoice Payment"
    )

    def _check_workflow_create_vals(self, vals):
        if not self.env.su and vals.get("invoice_id"):
            self._raise_workflow_fields(["invoice_id"])
        return super()._check_workflow_create_vals(vals)

    def _check_workflow_write_vals(self, vals):
        if (
            not self.env.su
            and "invoice_id" in vals
            and not self._is_unchanged("invoice_id", vals["invoice_id"])
        ):
            self._raise_workflow_fields(["invoice_id"])
        return super()._check_workflow_write_vals(vals)

    def _settlement_amount(self):
        self.ensure_one()
        return self.charged_amount or self.cost_settlement

    def action_done(self):
        res = super().action_done()
        self.filtered(
            lambda o: o.state == "done"
            and o.is_paid_service
            and not o.in_warranty
            and o.partner_id
            and not o.invoice_id
            and o.currency_id.compare_amounts(o._settlement_amount(), 0) > 0
        )._create_service_invoice()
        return res

    def _create_service_invoice(self):
        Move = self.env["account.move"].sudo()
        for order in self:
            label = self.env._("Paid repair service %s", order.name)
            move = Move.with_company(order.company_id).create(
                {
                    "move_type": "out_invoice",
                    "company_id": order.company_id.id,
                    "partner_id": order.partner_id.id,
                    "invoice_date": fields.Date.context_today(self),
                    "invoice_origin": order.name,
                    "ref": label,
                    "property_crm_repair_order_id": order.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1.0,
                                "price_unit": order._settlement_amount(),
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            move.action_post()
            order._workflow_write({"invoice_id": move.id})
