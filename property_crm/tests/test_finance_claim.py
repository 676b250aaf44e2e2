from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_complaint import T0
from .common_finance import PropertyCrmFinanceCase
from .test_callback import CallbackCase


@tagged("post_install", "-at_install")
class TestFinanceClaim(PropertyCrmFinanceCase, CallbackCase):
    """An approved claim is paid by a customer credit note, applied to the
    customer's open invoices; cancelling the complaint withdraws it."""

    def _rent_invoices(self):
        lease = self._lease()
        self._activate(lease)
        with freeze_time("2024-03-10"):
            self.Line._cron_rent_invoice()
        return lease.line_ids.move_id

    def test_claim_without_open_invoice_is_a_credit_note(self):
        complaint = self.create_complaint(claim_amount=800.0)
        self.assertFalse(complaint.claim_move_id)
        complaint.with_user(self.user_supervisor).action_approve_claim()
        move = complaint.claim_move_id
        self.assertEqual(move.move_type, "out_refund")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.amount_total, 800.0)
        self.assertEqual(move.partner_id, self.customer)
        self.assertEqual(move.property_crm_complaint_id, complaint)
        self.assertEqual(complaint.claim_payment_state, "not_paid")

    def test_claim_applied_to_open_rent_invoices(self):
        invoices = self._rent_invoices()
        complaint = self.create_complaint(claim_amount=1500.0)
        complaint.with_user(self.user_supervisor).action_approve_claim()
        move = complaint.claim_move_id
        self.assertEqual(complaint.claim_payment_state, "paid")
        first, second, third = invoices.sorted("invoice_date_due")
        # an invoice settled by a credit note only is "reversed" in Odoo 18
        self.assertEqual(first.payment_state, "reversed")
        self.assertEqual(second.payment_state, "partial")
        self.assertEqual(second.amount_residual, 500.0)
        self.assertEqual(third.payment_state, "not_paid")
        self.assertEqual(move.amount_residual, 0.0)

    def test_claim_refused_or_not_allowed_posts_nothing(self):
        complaint = self.create_complaint(claim_amount=12000.0)
        moves = self.env["account.move"].search_count([])
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_supervisor).action_approve_claim()
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_specialist).action_approve_claim()
        with self.assertRaisesRegex(UserError, "workflow buttons"):
            complaint.with_user(self.user_finance).write(
                {"claim_move_id": self.env["account.move"].search([], limit=1).id}
            )
        self.assertFalse(complaint.claim_move_id)
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        complaint.with_user(self.user_manager).action_approve_claim()
        self.assertEqual(complaint.claim_move_id.amount_total, 12000.0)

    def test_cancel_reverses_the_unpaid_credit_note(self):
        invoices = self._rent_invoices()
        complaint = self.create_complaint(claim_amount=1500.0)
        complaint.with_user(self.user_supervisor).action_approve_claim()
        move = complaint.claim_move_id
        complaint.with_user(self.user_supervisor).action_cancel()
        self.assertEqual(complaint.state, "cancelled")
        reversal = move.reversal_move_ids
        self.assertEqual(len(reversal), 1)
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(reversal.amount_total, 1500.0)
        self.assertEqual(move.amount_residual, 0.0)
        self.assertEqual(complaint.claim_move_id, move, "the link stays")
        self.assertEqual(set(invoices.mapped("payment_state")), {"not_paid"})

    def test_cancel_refused_when_paid_out(self):
        complaint = self.create_complaint(claim_amount=600.0)
        complaint.with_user(self.user_supervisor).action_approve_claim()
        move = complaint.claim_move_id
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({})._create_payments()
        self.assertIn(move.payment_state, ("paid", "in_payment"))
        with self.assertRaisesRegex(UserError, "paid out"):
            complaint.with_user(self.user_supervisor).action_cancel()
        self.assertNotEqual(complaint.state, "cancelled")

    def test_paid_repair_settles_into_an_invoice(self):
        order = self.create_repair(
            is_paid_service=True, charged_amount=260.0, responsible_party="customer"
        )
        self.assertFalse(order.in_warranty)
        self.finish_repair(order, T0 + timedelta(hours=3))
        invoice = order.invoice_id
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 260.0)
        self.assertEqual(invoice.property_crm_repair_order_id, order)
        self.assertEqual(order.invoice_payment_state, "not_paid")
        # a free repair gives no invoice
        free = self.create_repair()
        self.finish_repair(free, T0 + timedelta(hours=3))
        self.assertFalse(free.invoice_id)
