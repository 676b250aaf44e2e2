from odoo import Command, fields, models
from odoo.exceptions import UserError

PAID_STATES = ("paid", "in_payment")


class PropertyCrmComplaint(models.Model):
    """Finance on a complaint: an approved claim (索賠) is paid by a customer credit
    note, applied to the customer's open invoices when there are; cancelling the
    complaint reverses it unless money was paid out. The customer's overdue rent
    shows on the complaint."""

    _inherit = "property.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    property_crm_rent_overdue = fields.Monetary(
        string="Rent Overdue",
        related="partner_id.property_crm_rent_overdue",
        currency_field="currency_id",
    )
    claim_move_id = fields.Many2one(
        "account.move", string="Claim Credit Note", readonly=True, copy=False
    )
    claim_payment_state = fields.Selection(
        related="claim_move_id.payment_state", string="Claim Payment"
    )

    def _check_workflow_create_vals(self, vals):
        if not self.env.su and vals.get("claim_move_id"):
            self._raise_workflow_fields(["claim_move_id"])
        return super()._check_workflow_create_vals(vals)

    def _check_workflow_write_vals(self, vals):
        if (
            not self.env.su
            and "claim_move_id" in vals
            and not self._is_unchanged("claim_move_id", vals["claim_move_id"])
        ):
            self._raise_workflow_fields(["claim_move_id"])
        return super()._check_workflow_write_vals(vals)

    def action_approve_claim(self):
        for complaint in self:
            if complaint.claim_state == "requested" and not complaint.partner_id:
                raise UserError(
                    self.env._(
                        "Complaint %s has no customer: the claim is paid to a "
                        "customer.",
                        complaint.name,
                    )
                )
        res = super().action_approve_claim()
        self.filtered(
            lambda c: c.claim_state == "approved" and not c.claim_move_id
        )._create_claim_move()
        return res

    def action_cancel(self):
        moves = self.claim_move_id.filtered(lambda m: m.state != "cancel")
        for move in moves:
            if move.payment_state in PAID_STATES and move._get_reconciled_payments():
                raise UserError(
                    self.env._(
                        "The claim of %(complaint)s was paid out (%(move)s): refund "
                        "it in Accounting before cancelling the complaint.",
                        complaint=move.property_crm_complaint_id.name,
                        move=move.name,
                    )
                )
        res = super().action_cancel()
        moves.sudo()._property_crm_reverse()
        return res

    def _create_claim_move(self):
        """The credit note of each approved claim, posted and applied to the
        customer's open invoices (oldest due first)."""
        Move = self.env["account.move"].sudo()
        for complaint in self:
            label = self.env._("Claim of complaint %s", complaint.name)
            move = Move.with_company(complaint.company_id).create(
                {
                    "move_type": "out_refund",
                    "company_id": complaint.company_id.id,
                    "partner_id": complaint.partner_id.id,
                    "invoice_date": fields.Date.context_today(self),
                    "invoice_origin": complaint.name,
                    "ref": label,
                    "property_crm_complaint_id": complaint.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1.0,
                                "price_unit": complaint.claim_amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            move.action_post()
            move._property_crm_apply_to_open_invoices()
            complaint._workflow_write({"claim_move_id": move.id})
            complaint.sudo().message_post(
                body=self.env._(
                    "Claim approved: credit note %(move)s of %(amount)s.",
                    move=move.name,
                    amount=complaint.claim_amount,
                ),
                subtype_xmlid="mail.mt_note",
            )
