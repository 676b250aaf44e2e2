from odoo import fields, models


class AccountMove(models.Model):
    """The journal entries of the addon — rent of a lease line, a claim's credit
    note, a paid repair's invoice, a points offset — each links back to its origin."""

    _inherit = "account.move"

    property_crm_lease_id = fields.Many2one(
        "property.crm.lease",
        string="Lease",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    property_crm_lease_line_id = fields.Many2one(
        "property.crm.lease.line",
        string="Rent Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    property_crm_complaint_id = fields.Many2one(
        "property.crm.complaint",
        string="Complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    property_crm_repair_order_id = fields.Many2one(
        "property.crm.repair.order",
        string="Repair Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    property_crm_loyalty_history_id = fields.Many2one(
        "loyalty.history",
        string="Membership Points",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    _sql_constraints = [
        (
            "property_crm_lease_line_unique",
            "UNIQUE(property_crm_lease_line_id)",
            "A rent line is posted once.",
        ),
    ]

    def _property_crm_apply_to_open_invoices(self):
        """Reconcile a posted credit note with the partner's open customer invoices,
        oldest due first, until it is used up."""
        for refund in self:
            for invoice in self.search(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("company_id", "=", refund.company_id.id),
                    ("commercial_partner_id", "=", refund.commercial_partner_id.id),
                    ("payment_state", "in", ("not_paid", "partial")),
                ],
                order="invoice_date_due, id",
            ):
                refund_lines = refund.line_ids.filtered(
                    lambda line: line.account_type == "asset_receivable"
                    and not line.reconciled
                )
                if not refund_lines:
                    break
                invoice_lines = invoice.line_ids.filtered(
                    lambda line, acc=refund_lines.account_id: line.account_id == acc
                    and not line.reconciled
                )
                if invoice_lines:
                    (refund_lines + invoice_lines).reconcile()

    def _property_crm_reverse(self):
        """Withdraw a move of the addon: cancel a draft, reverse a posted one (its
        applications to invoices undone first)."""
        self.filtered(lambda m: m.state == "draft").button_cancel()
        posted = self.filtered(lambda m: m.state == "posted")
        if posted:
            posted.line_ids.remove_move_reconcile()
            posted._reverse_moves(
                [{"ref": self.env._("Reversal of %s", move.name)} for move in posted],
                cancel=True,
            )
