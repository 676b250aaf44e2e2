from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from .common_complaint import T0
from .test_callback import DAY, MINUTE, CallbackCase


class TestRepairOrder(CallbackCase):
    """維修工作單 ZC-QR-009/010 and the callback that follows within 24 h."""

    def test_repair_done_called_back_by_taker(self):
        order = self.create_repair(user=self.user_supervisor)
        self.assertTrue(order.name and order.name != "New")
        self.assertEqual(
            order.received_by_id,
            self.user_supervisor,
            "接單人 defaults to whoever takes it",
        )
        self.assertEqual(order.area_id, self.area_east)
        self.assertEqual(order.callback_state, "none")
        order.with_user(self.user_specialist).scheduled_start = T0 + timedelta(hours=2)
        order.with_user(self.user_specialist).action_schedule()
        self.assertEqual(order.state, "scheduled")
        order.with_user(self.user_specialist).action_start()
        self.assertEqual(order.state, "in_progress")
        done_at = T0 + timedelta(hours=4, minutes=30)
        # finished by the specialist, called back by whoever took the order
        callback = self.finish_repair(order, done_at, user=self.user_specialist)
        self.assertEqual(order.state, "done")
        self.assertEqual(order.done_at, done_at)
        self.assertEqual(len(callback), 1)
        self.assertEqual(callback.callback_type, "repair")
        self.assertEqual(callback.method, "phone")
        self.assertEqual(callback.deadline, done_at + DAY)
        self.assertEqual(callback.user_id, self.user_supervisor)
        self.assertEqual(callback.partner_id, self.customer)
        self.assertEqual(callback.unit_id, self.unit_east)
        self.assertEqual(callback.area_id, self.area_east)
        self.assertEqual(callback.unsatisfied_action, "letter")
        self.assertTrue(self.triggers_at(callback.deadline))
        self.assertEqual(order.callback_state, "todo")
        self.call_back(
            callback, done_at + timedelta(hours=2), user=self.user_supervisor
        )
        self.assertEqual(order.callback_state, "done")

    def test_paid_service_callback(self):
        order = self.create_repair(
            is_paid_service=True, charged_amount=120.0, responsible_party="customer"
        )
        callback = self.finish_repair(order, T0 + timedelta(hours=3))
        self.assertEqual(callback.callback_type, "paid_service")
        self.assertEqual(
            callback.charged_amount, 120.0, "the price to check with the customer"
        )
        self.assertEqual(callback.deadline, T0 + timedelta(hours=27))
        self.assertEqual(callback.target_rate, 100.0)

    def test_unsatisfied_repair_reopened(self):
        order = self.create_repair()
        order.with_user(self.user_specialist).action_start()
        callback = self.finish_repair(order, T0 + timedelta(hours=3))
        self.call_back(
            callback,
            T0 + timedelta(hours=5),
            outcome="unsatisfied",
            unsatisfied_action="reopen",
            shortcomings="Still dripping",
        )
        self.assertEqual(order.state, "in_progress")
        self.assertFalse(order.done_at)
        self.assertEqual(len(self.escalations(callback, self.user_area_manager)), 1)
        self.assertEqual(len(self.escalations(callback, self.user_manager)), 1)
        self.assertEqual(len(self.escalations(callback)), 2)
        # done again: a second callback
        second = self.finish_repair(order, T0 + timedelta(hours=8))
        self.assertEqual(len(second), 1)
        self.assertEqual(second.deadline, T0 + timedelta(hours=32))
        self.assertEqual(len(order.callback_ids), 2)
        self.assertEqual(order.callback_state, "todo")

    def test_unsatisfied_repair_letter_to_department(self):
        order = self.create_repair(department_id=self.department_engineering.id)
        callback = self.finish_repair(order, T0 + timedelta(hours=3))
        self.assertEqual(callback.letter_department_id, self.department_engineering)
        callback.with_user(self.user_specialist).unsatisfied_action = "letter"
        self.call_back(callback, T0 + timedelta(hours=4), outcome="unsatisfied")
        self.assertEqual(
            order.state,
            "done",
            "the letter goes to the department, the order stays done",
        )
        letter = callback.liaison_letter_id
        self.assertEqual(letter.to_department_id, self.department_engineering)
        self.assertEqual(letter.state, "sent")
        self.assertEqual(letter.callback_id, callback)
        self.assertEqual(letter.area_id, self.area_east)
        self.assertEqual(len(self.escalations(callback, self.user_area_manager)), 1)

    def test_overdue_repair_callback_escalated_once(self):
        order = self.create_repair(
            unit_id=self.unit_west.id, partner_id=self.customer_west.id
        )
        callback = self.finish_repair(order, T0 + timedelta(hours=1))
        deadline = T0 + timedelta(hours=25)
        self.run_watchdog(deadline - MINUTE)
        self.assertFalse(self.escalations(callback))
        self.run_watchdog(deadline)
        self.assertEqual(
            len(self.escalations(callback, self.user_area_manager_west)), 1
        )
        self.run_watchdog(deadline + timedelta(hours=1))
        self.assertEqual(len(self.escalations(callback)), 1)

    def test_warranty_from_handover(self):
        self.unit_east.handover_date = date(2024, 3, 1)
        self.assertEqual(self.company.property_crm_warranty_months, 24)
        in_warranty = self.create_repair(at=T0 - timedelta(days=2))  # 2026-02-28
        self.assertEqual(in_warranty.warranty_end, date(2026, 3, 1))
        self.assertTrue(in_warranty.in_warranty)
        out = self.create_repair(at=T0)  # 2026-03-02
        self.assertFalse(out.in_warranty)
        no_handover = self.create_repair(
            unit_id=self.unit_west.id, partner_id=self.customer_west.id
        )
        self.assertFalse(no_handover.in_warranty)
        self.assertFalse(no_handover.warranty_end)

    def test_cancel(self):
        order = self.create_repair()
        order.with_user(self.user_specialist).action_cancel()
        self.assertEqual(order.state, "cancelled")
        order.with_user(self.user_specialist).work_done = "<p>x</p>"
        with self.assertRaises(UserError):
            order.with_user(self.user_specialist).action_done()
        self.assertFalse(order.callback_ids)


class TestRepairOrderBadInput(CallbackCase):
    def test_negative_amounts(self):
        for fname in ("cost_estimate", "cost_settlement", "charged_amount"):
            with self.subTest(fname=fname), self.assertRaises(ValidationError):
                self.create_repair(**{fname: -1.0})
        order = self.create_repair(cost_estimate=300.0)
        with self.assertRaises(ValidationError):
            order.with_user(self.user_specialist).write({"cost_settlement": -0.01})
        self.assertEqual(order.cost_settlement, 0.0)

    def test_schedule_end_before_start(self):
        with self.assertRaises(ValidationError):
            self.create_repair(
                scheduled_start=T0 + timedelta(hours=5),
                scheduled_end=T0 + timedelta(hours=4),
            )
        order = self.create_repair(
            scheduled_start=T0 + timedelta(hours=5),
            scheduled_end=T0 + timedelta(hours=5),
        )
        with self.assertRaises(ValidationError):
            order.with_user(self.user_specialist).scheduled_end = T0 + timedelta(
                hours=4, minutes=59
            )

    def test_done_without_work_done(self):
        order = self.create_repair()
        with freeze_time(T0 + timedelta(hours=1)), self.assertRaises(UserError):
            order.with_user(self.user_specialist).action_done()
        self.assertEqual(order.state, "new")
        self.assertFalse(order.done_at)
        self.assertFalse(order.callback_ids)

    def test_done_twice(self):
        order = self.create_repair()
        self.finish_repair(order, T0 + timedelta(hours=1))
        with freeze_time(T0 + timedelta(hours=2)), self.assertRaises(UserError):
            order.with_user(self.user_specialist).action_done()
        self.assertEqual(len(order.callback_ids), 1)
        self.assertEqual(order.done_at, T0 + timedelta(hours=1))

    def test_schedule_without_start(self):
        order = self.create_repair()
        with self.assertRaises(UserError):
            order.with_user(self.user_specialist).action_schedule()
        self.assertEqual(order.state, "new")


class TestRepairOrderAccess(CallbackCase):
    def test_department_handler_cannot_read_repairs(self):
        order = self.create_repair()
        with self.assertRaises(AccessError):
            order.with_user(self.user_handler).read(["name"])
        with self.assertRaises(AccessError):
            self.Repair.with_user(self.user_handler).search([])
        with self.assertRaises(AccessError):
            self.create_repair(user=self.user_handler)
        with self.assertRaises(AccessError):
            order.with_user(self.user_handler).action_done()

    def test_area_manager_sees_only_own_area(self):
        east = self.create_repair()
        west = self.create_repair(
            unit_id=self.unit_west.id, partner_id=self.customer_west.id
        )
        both = (east | west).ids
        self.assertEqual(
            self.Repair.with_user(self.user_area_manager).search([("id", "in", both)]),
            east,
        )
        with self.assertRaises(AccessError):
            west.with_user(self.user_area_manager).read(["name"])
        self.assertEqual(
            self.Repair.with_user(self.user_specialist).search([("id", "in", both)]),
            east | west,
        )
        # the callback of the west repair stays out of the east manager's sight too
        callback = self.finish_repair(west, T0 + timedelta(hours=2))
        self.assertFalse(
            self.Callback.with_user(self.user_area_manager).search(
                [("id", "=", callback.id)]
            )
        )
        self.assertEqual(
            self.Callback.with_user(self.user_area_manager_west).search(
                [("id", "=", callback.id)]
            ),
            callback,
        )
