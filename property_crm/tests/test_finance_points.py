from contextlib import closing
from datetime import timedelta

import psycopg2
from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError, UserError
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .common_complaint import T0
from .common_finance import PropertyCrmFinanceCase
from .test_callback import CallbackCase


@tagged("post_install", "-at_install")
class TestFinancePoints(PropertyCrmFinanceCase, CallbackCase):
    """會員積分 on Odoo Loyalty: earned, redeemed, expired."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Card = cls.env["loyalty.card"]
        cls.gift = cls.env["product.product"].create(
            {"name": "PCRM Gift Umbrella", "type": "consu"}
        )

    def _card(self, partner=None):
        return self.Card._property_crm_card(partner or self.customer, self.company)

    def test_one_program_and_one_card_per_customer(self):
        card = self._card()
        self.assertEqual(card.program_id.program_type, "loyalty")
        self.assertEqual(card.program_id, self.company.property_crm_loyalty_program_id)
        self.assertEqual(self._card(), card)
        self.assertNotEqual(self._card(self.customer_west), card)
        self.assertEqual(self._card(self.customer_west).program_id, card.program_id)

    def test_satisfied_callback_earns_points(self):
        order = self.create_repair()
        callback = self.finish_repair(order, T0 + timedelta(hours=3))
        self.call_back(callback, T0 + timedelta(hours=4))
        card = self._card()
        self.assertEqual(card.points, 5.0)
        history = card.history_ids
        self.assertEqual(len(history), 1)
        self.assertEqual(history.issued, 5.0)
        self.assertEqual(history.order_model, "property.crm.callback")
        self.assertEqual(history.order_id, callback.id)

    def test_unsatisfied_callback_earns_nothing(self):
        order = self.create_repair()
        callback = self.finish_repair(order, T0 + timedelta(hours=3))
        self.call_back(
            callback,
            T0 + timedelta(hours=4),
            outcome="unsatisfied",
            rating_satisfaction="2",
            unsatisfied_action="reopen",
        )
        self.assertEqual(self._card().points, 0.0)

    def test_activity_and_referral_by_staff(self):
        self.Card.with_user(self.user_specialist).action_property_crm_award(
            self.customer, "activity"
        )
        self.Card.with_user(self.user_specialist).action_property_crm_award(
            self.customer, "referral", self.customer_west
        )
        card = self._card()
        self.assertEqual(card.points, 70.0)
        with self.assertRaisesRegex(UserError, "by the system"):
            self.Card.with_user(self.user_specialist).action_property_crm_award(
                self.customer, "rent_on_time"
            )
        with self.assertRaises(AccessError):
            self.Card.with_user(self.user_handler).action_property_crm_award(
                self.customer, "activity"
            )
        with self.assertRaises(AccessError):
            card.with_user(self.user_specialist).write({"points": 10000})
        self.assertEqual(card.points, 70.0)

    def test_rent_paid_on_time_earns_points(self):
        lease = self._lease()
        self._activate(lease)
        with freeze_time("2024-02-05"):
            self.Line._cron_rent_invoice()
            first, second = lease.line_ids[:2]
            # January paid late, February on time (on the 5th)
            for move in (first.move_id, second.move_id):
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=move.ids
                ).create({})._create_payments()
            self.assertEqual(self.Line._cron_rent_points(), 2)
            self.assertEqual(self.Line._cron_rent_points(), 0)
        card = self._card()
        self.assertEqual(card.points, 10.0)
        self.assertEqual(card.history_ids.order_model, "account.move")
        self.assertEqual(card.history_ids.order_id, second.move_id.id)

    def test_redeem_gift(self):
        card = self._card()
        card._property_crm_move_points(100, 0, "seed")
        card.with_user(self.user_specialist).action_property_crm_redeem_gift(
            60, self.gift
        )
        self.assertEqual(card.points, 40.0)
        with self.assertRaisesRegex(UserError, "cannot be used"):
            card.with_user(self.user_specialist).action_property_crm_redeem_gift(
                41, self.gift
            )
        self.assertEqual(card.points, 40.0)
        used = card.history_ids.filtered("used")
        self.assertEqual(used.order_model, "product.product")
        self.assertEqual(used.order_id, self.gift.id)
        with self.assertRaises(AccessError):
            card.with_user(self.user_handler).action_property_crm_redeem_gift(
                10, self.gift
            )

    def test_redeem_to_offset_a_fee(self):
        lease = self._lease()
        self._activate(lease)
        with freeze_time("2024-01-10"):
            self.Line._cron_rent_invoice()
        invoice = lease.line_ids[0].move_id
        card = self._card()
        card._property_crm_move_points(3000, 0, "seed")
        refund = card.with_user(self.user_specialist).action_property_crm_redeem_fee(
            2000, invoice
        )
        self.assertEqual(card.points, 1000.0)
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.amount_total, 200.0)  # 0.1 yuan a point
        self.assertEqual(invoice.amount_residual, 800.0)
        self.assertEqual(invoice.payment_state, "partial")
        history = refund.property_crm_loyalty_history_id
        self.assertEqual(history.used, 2000.0)
        self.assertEqual(
            (history.order_model, history.order_id), ("account.move", invoice.id)
        )
        # more than the invoice's residual, or someone else's invoice: refused
        with self.assertRaisesRegex(UserError, "left to pay"):
            card.with_user(self.user_specialist).action_property_crm_redeem_fee(
                9000, invoice
            )
        other = self._card(self.customer_west)
        other._property_crm_move_points(100, 0, "seed")
        with self.assertRaisesRegex(UserError, "card's customer"):
            other.with_user(self.user_specialist).action_property_crm_redeem_fee(
                10, invoice
            )
        self.assertEqual((card.points, other.points), (1000.0, 100.0))
        self.assertEqual(invoice.amount_residual, 800.0)

    def test_points_expire_oldest_first(self):
        card = self._card()
        card._property_crm_move_points(100, 0, "old points")
        card._property_crm_move_points(0, 30, "used")
        with freeze_time(fields.Datetime.now() + timedelta(days=365)):
            self.Card._cron_property_crm_points_expiry()
        self.assertEqual(card.points, 70.0)
        with freeze_time(fields.Datetime.now() + timedelta(days=2 * 366)):
            self.Card._cron_property_crm_points_expiry()
            self.Card._cron_property_crm_points_expiry()
        self.assertEqual(card.points, 0.0)
        expired = card.history_ids.filtered(lambda h: h.description == "Points expired")
        self.assertEqual(expired.used, 70.0)


@tagged("post_install", "-at_install")
class TestFinancePointsRace(TransactionCase):
    """Two redemptions at once never take a card below zero (the card row is
    locked); commits on real connections and removes what it created."""

    def _cursor(self, timeout="10s"):
        cr = db_connect(self.env.cr.dbname).cursor()
        cr.execute(f"SET lock_timeout = '{timeout}'")
        return cr

    def test_two_redemptions_at_once(self):
        with closing(self._cursor()) as cr0:
            env0 = api.Environment(cr0, SUPERUSER_ID, {})
            partner = env0["res.partner"].create({"name": "PCRM Points Racer"})
            product = env0["product.product"].create({"name": "PCRM Race Gift"})
            card = env0["loyalty.card"]._property_crm_card(partner, env0.company)
            card._property_crm_move_points(100, 0, "seed")
            cr0.commit()
            card_id, partner_id, product_id = card.id, partner.id, product.id
        try:
            with (
                closing(self._cursor()) as cr_a,
                closing(self._cursor("1s")) as cr_b,
            ):
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                gift_a = env_a["product.product"].browse(product_id)
                gift_b = env_b["product.product"].browse(product_id)
                env_a["loyalty.card"].browse(card_id).action_property_crm_redeem_gift(
                    80, gift_a
                )
                env_a.flush_all()
                # B reads 100 points in its snapshot, but must wait for A's lock
                self.assertEqual(env_b["loyalty.card"].browse(card_id).points, 100.0)
                with (
                    mute_logger("odoo.sql_db"),
                    self.assertRaises(psycopg2.errors.LockNotAvailable),
                ):
                    env_b["loyalty.card"].browse(
                        card_id
                    ).action_property_crm_redeem_gift(80, gift_b)
                cr_b.rollback()
                cr_a.commit()
                # B again, after A committed: 20 points left, 80 refused
                env_b.invalidate_all()
                with self.assertRaises(UserError):
                    env_b["loyalty.card"].browse(
                        card_id
                    ).action_property_crm_redeem_gift(80, gift_b)
                cr_b.rollback()
            with closing(self._cursor()) as cr_c:
                env_c = api.Environment(cr_c, SUPERUSER_ID, {})
                card = env_c["loyalty.card"].browse(card_id)
                self.assertEqual(card.points, 20.0)
                self.assertEqual(sum(card.history_ids.mapped("used")), 80.0)
        finally:
            with closing(self._cursor()) as cr_e:
                env_e = api.Environment(cr_e, SUPERUSER_ID, {})
                env_e["loyalty.card"].browse(card_id).unlink()
                env_e["product.product"].browse(product_id).unlink()
                env_e["res.partner"].browse(partner_id).unlink()
                cr_e.commit()
