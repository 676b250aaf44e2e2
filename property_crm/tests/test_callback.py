from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common_complaint import T0, ComplaintCase

MINUTE = timedelta(minutes=1)
DAY = timedelta(hours=24)


class CallbackCase(ComplaintCase):
    """Helpers to resolve complaints, finish repairs and record callbacks at given
    moments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Callback = cls.env["property.crm.callback"]
        cls.Repair = cls.env["property.crm.repair.order"]
        cls.callback_activity_type = cls.env.ref(
            "property_crm.mail_activity_type_callback"
        )

    def resolve(self, complaint, at, user=None):
        """Resolve ``complaint`` at ``at``; return the complaint callback it created."""
        user = user or self.user_specialist
        before = complaint.callback_ids
        complaint.with_user(user).write(
            {"resolution": "<p>Pipe joint replaced</p>", "customer_agreed": True}
        )
        with freeze_time(at):
            complaint.with_user(user).action_resolve()
            self.env.flush_all()
        return complaint.callback_ids - before

    def create_repair(self, user=None, at=T0, **vals):
        values = {
            "unit_id": self.unit_east.id,
            "partner_id": self.customer.id,
            "description": "<p>Kitchen tap dripping</p>",
            "reported_at": at,
        }
        values.update(vals)
        with freeze_time(at):
            order = self.Repair.with_user(user or self.user_specialist).create(values)
            self.env.flush_all()
        return order.with_user(self.env.user)

    def finish_repair(self, order, at, user=None):
        """Finish ``order`` at ``at``; return the callback it created."""
        user = user or self.user_specialist
        before = order.callback_ids
        order.with_user(user).work_done = "<p>Washer replaced</p>"
        with freeze_time(at):
            order.with_user(user).action_done()
            self.env.flush_all()
        return order.callback_ids - before

    def call_back(self, callback, at, user=None, **vals):
        """Record the customer's answers (satisfied unless told otherwise) at ``at``."""
        user = user or self.user_specialist
        values = {"outcome": "satisfied", "rating_satisfaction": "5"}
        values.update(vals)
        callback.with_user(user).write(values)
        with freeze_time(at):
            callback.with_user(user).action_done()
            self.env.flush_all()
            self.env.cr.precommit.run()
        return callback

    def log_attempts(self, callback, count, at, user=None, step=MINUTE):
        user = user or self.user_specialist
        for i in range(count):
            with freeze_time(at + i * step):
                callback.with_user(user).attempt_note = f"No answer ({i + 1})"
                callback.with_user(user).action_log_attempt()


class TestCallbackCreation(CallbackCase):
    """Seed 000 §四(1)3.1, §四(2)1: a callback follows every resolved complaint within
    24 h."""

    def test_minor_complaint_called_back_by_receiver_by_phone(self):
        complaint = self.create_complaint()
        resolved_at = T0 + timedelta(hours=3, minutes=17)
        callback = self.resolve(complaint, resolved_at)
        self.assertEqual(len(callback), 1)
        self.assertEqual(len(complaint.callback_ids), 1)
        self.assertEqual(complaint.resolved_at, resolved_at)
        self.assertEqual(callback.deadline, resolved_at + DAY)
        self.assertEqual(callback.callback_type, "complaint")
        self.assertEqual(callback.method, "phone")
        self.assertEqual(callback.user_id, self.user_specialist)
        self.assertEqual(callback.partner_id, self.customer)
        self.assertEqual(callback.unit_id, self.unit_east)
        self.assertEqual(callback.area_id, self.area_east)
        self.assertEqual(callback.state, "todo")
        # 000 §四(2)5: unsatisfied, a liaison letter goes to the department
        self.assertEqual(callback.unsatisfied_action, "letter")
        # the caller gets a to-do; the watchdog wakes up exactly at the deadline
        todo = callback.activity_ids.filtered(
            lambda a: a.activity_type_id == self.callback_activity_type
        )
        self.assertEqual(todo.user_id, self.user_specialist)
        self.assertEqual(todo.date_deadline, (resolved_at + DAY).date())
        self.assertTrue(self.triggers_at(callback.deadline))

    def test_minor_callback_goes_to_receiver_not_resolver(self):
        # 首問責任人: whoever received the complaint calls back, whoever resolved it
        complaint = self.create_complaint(user=self.user_supervisor)
        self.assertEqual(complaint.received_by_id, self.user_supervisor)
        callback = self.resolve(
            complaint, T0 + timedelta(hours=5), user=self.user_specialist
        )
        self.assertEqual(callback.user_id, self.user_supervisor)
        self.assertEqual(callback.method, "phone")

    def test_major_complaint_called_back_by_area_manager_face_to_face(self):
        complaint = self.create_complaint(severity="major", major_reason="c_loss")
        with freeze_time(T0 + timedelta(minutes=5)):
            complaint.with_user(self.user_area_manager).action_report_to_head()
        resolved_at = T0 + timedelta(hours=8)
        callback = self.resolve(complaint, resolved_at)
        self.assertEqual(len(callback), 1)
        self.assertEqual(callback.user_id, self.user_area_manager)
        self.assertEqual(callback.method, "face_to_face")
        self.assertEqual(callback.deadline, resolved_at + DAY)
        self.assertEqual(callback.callback_type, "complaint")

    def test_upgraded_complaint_called_back_by_area_manager(self):
        # not resolved within 10 days: major (reason D), so the area manager calls back
        complaint = self.create_complaint()
        self.run_watchdog(T0 + timedelta(days=10))
        self.assertEqual(complaint.severity, "major")
        self.assertEqual(complaint.major_reason, "d_overdue")
        callback = self.resolve(complaint, T0 + timedelta(days=10, hours=2))
        self.assertEqual(callback.user_id, self.user_area_manager)
        self.assertEqual(callback.method, "face_to_face")


class TestCallbackBlocksClosing(CallbackCase):
    """A complaint closes only once the customer has been called back (or is
    unreachable)."""

    def test_close_blocked_until_callback_done(self):
        complaint = self.create_complaint()
        callback = self.resolve(complaint, T0 + timedelta(hours=2))
        with self.assertRaises(UserError):
            complaint.with_user(self.user_specialist).action_close()
        self.assertEqual(complaint.state, "resolved")
        self.assertFalse(complaint.closed_at)
        done_at = T0 + timedelta(hours=20)
        self.call_back(callback, done_at)
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.done_at, done_at)
        self.assertFalse(callback.is_late)
        self.assertFalse(
            callback.activity_ids.filtered(
                lambda a: a.activity_type_id == self.callback_activity_type
            ),
            "the to-do is marked done",
        )
        with freeze_time(done_at + MINUTE):
            complaint.with_user(self.user_specialist).action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.closed_at, done_at + MINUTE)

    def test_unreachable_needs_the_attempts(self):
        self.assertEqual(self.company.property_crm_callback_attempts, 3)
        complaint = self.create_complaint()
        callback = self.resolve(complaint, T0 + timedelta(hours=2))
        self.log_attempts(callback, 2, T0 + timedelta(hours=3), step=DAY)
        self.assertEqual(callback.attempt_count, 2)
        self.assertEqual(callback.attempt_ids.mapped("user_id"), self.user_specialist)
        self.assertEqual(
            sorted(callback.attempt_ids.mapped("note")),
            ["No answer (1)", "No answer (2)"],
        )
        with self.assertRaises(UserError):
            callback.with_user(self.user_specialist).action_mark_unreachable()
        self.assertEqual(callback.state, "todo")
        self.assertFalse(callback.done_at)
        with self.assertRaises(UserError):
            complaint.with_user(self.user_specialist).action_close()
        # another attempt the same day is no third day
        self.log_attempts(callback, 1, T0 + timedelta(hours=30))
        self.assertEqual(callback.attempt_count, 3)
        self.assertEqual(callback.attempt_day_count, 2)
        with self.assertRaises(UserError):
            callback.with_user(self.user_specialist).action_mark_unreachable()
        # the attempt of a third day makes it possible
        self.log_attempts(callback, 1, T0 + timedelta(hours=51))
        self.assertEqual(callback.attempt_day_count, 3)
        with freeze_time(T0 + timedelta(hours=52)):
            callback.with_user(self.user_specialist).action_mark_unreachable()
        self.assertEqual(callback.state, "unreachable")
        self.assertEqual(callback.done_at, T0 + timedelta(hours=52))
        self.assertFalse(
            callback.completed, "an unreachable customer was not called back"
        )
        self.assertEqual(callback.unreachable_count, 1)
        # the complaint may close after the recorded attempts
        complaint.with_user(self.user_specialist).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_unreachable_attempts_follow_company_setting(self):
        self.company.property_crm_callback_attempts = 5
        callback = self.resolve(self.create_complaint(), T0 + timedelta(hours=2))
        self.log_attempts(callback, 4, T0 + timedelta(hours=3), step=DAY)
        with self.assertRaises(UserError):
            callback.with_user(self.user_specialist).action_mark_unreachable()
        self.assertEqual(callback.state, "todo")
        self.log_attempts(callback, 1, T0 + timedelta(days=4, hours=3))
        callback.with_user(self.user_specialist).action_mark_unreachable()
        self.assertEqual(callback.state, "unreachable")

    def test_closed_callback_takes_no_more_attempts_or_answers(self):
        callback = self.resolve(self.create_complaint(), T0 + timedelta(hours=2))
        self.call_back(callback, T0 + timedelta(hours=3))
        with self.assertRaises(UserError):
            callback.with_user(self.user_specialist).action_log_attempt()
        with self.assertRaises(UserError):
            callback.with_user(self.user_specialist).action_done()
        self.assertFalse(callback.attempt_ids)

    def test_done_callback_cannot_become_unreachable(self):
        callback = self.resolve(self.create_complaint(), T0 + timedelta(hours=2))
        self.log_attempts(callback, 3, T0 + timedelta(hours=3))
        self.call_back(callback, T0 + timedelta(hours=4))
        with freeze_time(T0 + timedelta(hours=5)), self.assertRaises(UserError):
            callback.with_user(self.user_specialist).action_mark_unreachable()
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.done_at, T0 + timedelta(hours=4))

    def test_department_handler_cannot_record_callback(self):
        callback = self.resolve(self.create_complaint(), T0 + timedelta(hours=2))
        with self.assertRaises(AccessError):
            callback.with_user(self.user_handler).action_log_attempt()
        with self.assertRaises(AccessError):
            callback.with_user(self.user_handler).action_done()
        self.assertEqual(callback.state, "todo")


class TestCallbackUnsatisfied(CallbackCase):
    """Seed 000 §四(2)5: an unsatisfied customer reopens the work or gets a liaison
    letter."""

    def test_done_without_outcome(self):
        callback = self.resolve(self.create_complaint(), T0 + timedelta(hours=2))
        with freeze_time(T0 + timedelta(hours=3)), self.assertRaises(UserError):
            callback.with_user(self.user_specialist).action_done()
        self.assertEqual(callback.state, "todo")
        self.assertFalse(callback.done_at)

    def test_satisfied_escalates_nothing(self):
        complaint = self.create_complaint()
        callback = self.resolve(complaint, T0 + timedelta(hours=2))
        self.call_back(callback, T0 + timedelta(hours=3))
        self.assertEqual(complaint.state, "resolved")
        self.assertFalse(self.escalations(callback))
        self.assertFalse(callback.liaison_letter_id)

    def test_unsatisfied_reopens_complaint(self):
        complaint = self.create_complaint()
        callback = self.resolve(complaint, T0 + timedelta(hours=2))
        self.assertEqual(callback.unsatisfied_action, "letter")
        # the work is ours to redo
        callback.with_user(self.user_specialist).unsatisfied_action = "reopen"
        self.call_back(
            callback,
            T0 + timedelta(hours=10),
            outcome="unsatisfied",
            rating_satisfaction="2",
            shortcomings="The ceiling is still wet",
        )
        self.assertEqual(callback.state, "done")
        self.assertEqual(complaint.state, "handling")
        self.assertFalse(complaint.resolved_at)
        self.assertFalse(complaint.customer_agreed)
        self.assertFalse(callback.liaison_letter_id)
        self.assertFalse(self.Letter.search([("callback_id", "=", callback.id)]))
        escalation = self.escalations(callback, self.user_area_manager)
        self.assertEqual(len(escalation), 1)
        # reported to 資產管理部 too (000 §四(2)5)
        self.assertEqual(len(self.escalations(callback, self.user_manager)), 1)
        self.assertEqual(len(self.escalations(callback)), 2)
        self.assertIn(callback.name, escalation.summary)
        self.assertEqual(len(self.escalation_messages(callback)), 1)
        # resolved again: a new callback, and closing waits for it
        second = self.resolve(complaint, T0 + timedelta(hours=30))
        self.assertEqual(len(second), 1)
        self.assertEqual(second.deadline, T0 + timedelta(hours=54))
        with self.assertRaises(UserError):
            complaint.with_user(self.user_specialist).action_close()
        self.call_back(second, T0 + timedelta(hours=40))
        complaint.with_user(self.user_specialist).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_unsatisfied_raises_liaison_letter(self):
        complaint = self.create_complaint()
        callback = self.resolve(complaint, T0 + timedelta(hours=2))
        callback.with_user(self.user_specialist).write(
            {
                "unsatisfied_action": "letter",
                "letter_department_id": self.department_security.id,
            }
        )
        done_at = T0 + timedelta(hours=6)
        self.call_back(
            callback,
            done_at,
            outcome="unsatisfied",
            shortcomings="The guard was rude",
            suggestions="Train the night shift",
        )
        letter = callback.liaison_letter_id
        self.assertTrue(letter)
        self.assertEqual(
            letter, self.Letter.search([("callback_id", "=", callback.id)])
        )
        self.assertEqual(letter.to_department_id, self.department_security)
        self.assertEqual(letter.complaint_id, complaint)
        self.assertEqual(letter.state, "sent")
        self.assertEqual(letter.sent_at, done_at)
        self.assertIn("The guard was rude", letter.description)
        self.assertIn("Train the night shift", letter.description)
        self.assertTrue(
            self.triggers_at(letter.deadline), "the letter's own clock is running"
        )
        # the complaint itself stays resolved, and may now close
        self.assertEqual(complaint.state, "resolved")
        self.assertEqual(len(self.escalations(callback, self.user_area_manager)), 1)
        self.assertEqual(len(self.escalations(callback, self.user_manager)), 1)
        # reported as an unsatisfied customer, not as a missed deadline
        subtypes = callback.message_ids.subtype_id
        self.assertIn(self.env.ref("property_crm.mt_callback_unsatisfied"), subtypes)
        self.assertNotIn(self.env.ref("property_crm.mt_callback_escalation"), subtypes)
        self.assertEqual(len(self.escalations(callback)), 2)
        complaint.with_user(self.user_specialist).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_letter_department_from_complaint_category(self):
        category = self.env["property.crm.complaint.category"].create(
            {"name": "PCRM Plumbing", "department_id": self.department_engineering.id}
        )
        complaint = self.create_complaint(category_id=category.id)
        callback = self.resolve(complaint, T0 + timedelta(hours=2))
        self.assertEqual(callback.letter_department_id, self.department_engineering)
        callback.with_user(self.user_specialist).unsatisfied_action = "letter"
        self.call_back(callback, T0 + timedelta(hours=3), outcome="unsatisfied")
        self.assertEqual(
            callback.liaison_letter_id.to_department_id, self.department_engineering
        )
        # the engineering manager is asked to reply
        reply = callback.liaison_letter_id.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("property_crm.mail_activity_type_handling")
        )
        self.assertEqual(reply.user_id, self.user_department_manager)

    def test_letter_without_department(self):
        complaint = self.create_complaint()
        callback = self.resolve(complaint, T0 + timedelta(hours=2))
        self.assertFalse(callback.letter_department_id)
        callback.with_user(self.user_specialist).write(
            {"unsatisfied_action": "letter", "outcome": "unsatisfied"}
        )
        with freeze_time(T0 + timedelta(hours=3)), self.assertRaises(UserError):
            callback.with_user(self.user_specialist).action_done()
        self.assertEqual(callback.state, "todo")
        self.assertFalse(self.Letter.search([("callback_id", "=", callback.id)]))
        self.assertEqual(complaint.state, "resolved")

    def test_unsatisfied_major_escalates_to_area_manager(self):
        complaint = self.create_complaint(severity="major", major_reason="a_contract")
        with freeze_time(T0 + timedelta(minutes=5)):
            complaint.with_user(self.user_area_manager).action_report_to_head()
        callback = self.resolve(complaint, T0 + timedelta(hours=6))
        self.call_back(
            callback,
            T0 + timedelta(hours=8),
            user=self.user_area_manager,
            outcome="unsatisfied",
            unsatisfied_action="reopen",
        )
        self.assertEqual(complaint.state, "handling")
        self.assertEqual(len(self.escalations(callback, self.user_area_manager)), 1)
        self.assertEqual(len(self.escalations(callback, self.user_manager)), 1)


class TestCallbackWatchdog(CallbackCase):
    """An overdue callback is escalated to the area manager, once."""

    def test_overdue_callback_escalated_once(self):
        complaint = self.create_complaint()
        callback = self.resolve(complaint, T0 + timedelta(hours=2))
        deadline = T0 + timedelta(hours=26)
        self.assertEqual(callback.deadline, deadline)
        self.assertTrue(self.triggers_at(deadline))
        self.run_watchdog(deadline - MINUTE)
        self.assertFalse(self.escalations(callback))
        self.assertFalse(callback.escalated)
        self.run_watchdog(deadline)
        self.assertTrue(callback.escalated)
        self.assertEqual(len(self.escalations(callback, self.user_area_manager)), 1)
        self.assertEqual(len(self.escalations(callback)), 1)
        self.assertEqual(len(self.escalation_messages(callback)), 1)
        self.assertEqual(callback.state, "todo", "escalated, still to be called back")
        self.run_watchdog(deadline + timedelta(minutes=5))
        self.run_watchdog(deadline + timedelta(days=2))
        self.assertEqual(len(self.escalations(callback)), 1)
        self.assertEqual(len(self.escalation_messages(callback)), 1)
        self.assertFalse(
            self.escalations(complaint), "the resolved complaint's own clocks stopped"
        )
        # late, but done: it counts, and is late
        self.call_back(callback, deadline + timedelta(hours=3))
        self.assertTrue(callback.is_late)
        self.assertEqual(callback.completion_rate, 100.0)

    def test_callback_done_in_time_not_escalated(self):
        callback = self.resolve(self.create_complaint(), T0 + timedelta(hours=2))
        self.call_back(callback, T0 + timedelta(hours=26) - MINUTE)
        self.run_watchdog(T0 + timedelta(hours=26))
        self.run_watchdog(T0 + timedelta(hours=40))
        self.assertFalse(self.escalations(callback))
        self.assertFalse(callback.escalated)
        self.assertFalse(callback.is_late)

    def test_overdue_west_callback_goes_to_west_manager(self):
        complaint = self.create_complaint(
            partner_id=self.customer_west.id, unit_id=self.unit_west.id
        )
        callback = self.resolve(complaint, T0 + timedelta(hours=1))
        self.run_watchdog(T0 + timedelta(hours=25))
        self.assertEqual(
            len(self.escalations(callback, self.user_area_manager_west)), 1
        )
        self.assertFalse(self.escalations(callback, self.user_area_manager))


class TestCallbackRate(CallbackCase):
    """Seed 000 §四(2)2: the callback rate, 100 % target for complaints, repairs, paid
    services."""

    def _month(self):
        """March 2026: 4 complaint callbacks (3 done, 1 todo past its deadline), 2
        repair callbacks (both done); east handled by the specialist, west by the west
        area manager; one more open callback in April that the month must not count."""
        east = [self.create_complaint(at=T0 + timedelta(days=i)) for i in range(2)]
        west = [
            self.create_complaint(
                at=T0 + timedelta(days=i),
                user=self.user_area_manager_west,
                partner_id=self.customer_west.id,
                unit_id=self.unit_west.id,
            )
            for i in range(2)
        ]
        c_east_done = self.resolve(east[0], T0 + timedelta(hours=5))
        c_east_todo = self.resolve(east[1], T0 + timedelta(days=1, hours=5))
        c_west_1 = self.resolve(
            west[0], T0 + timedelta(hours=6), user=self.user_area_manager_west
        )
        c_west_2 = self.resolve(
            west[1], T0 + timedelta(days=1, hours=6), user=self.user_area_manager_west
        )
        self.call_back(c_east_done, T0 + timedelta(hours=20))
        self.call_back(
            c_west_1, T0 + timedelta(hours=22), user=self.user_area_manager_west
        )
        # called back a day late: late callbacks still count as done
        self.call_back(
            c_west_2, T0 + timedelta(days=3), user=self.user_area_manager_west
        )
        repairs = [
            self.create_repair(
                at=T0 + timedelta(days=3), received_by_id=self.user_supervisor.id
            ),
            self.create_repair(
                at=T0 + timedelta(days=4),
                received_by_id=self.user_supervisor.id,
                is_paid_service=False,
            ),
        ]
        r_1 = self.finish_repair(repairs[0], T0 + timedelta(days=5))
        r_2 = self.finish_repair(repairs[1], T0 + timedelta(days=6))
        self.call_back(r_1, T0 + timedelta(days=5, hours=3), user=self.user_supervisor)
        self.call_back(r_2, T0 + timedelta(days=6, hours=3), user=self.user_supervisor)
        april = self.resolve(
            self.create_complaint(at=datetime(2026, 4, 3, 2)), datetime(2026, 4, 3, 9)
        )
        self.assertEqual(april.state, "todo")
        self.assertEqual(c_east_todo.state, "todo")
        self.run_watchdog(T0 + timedelta(days=20))
        self.assertTrue(c_east_todo.escalated, "past its deadline")
        return c_east_done | c_east_todo | c_west_1 | c_west_2 | r_1 | r_2

    def _rates(self, groupby):
        domain = [
            ("deadline", ">=", datetime(2026, 3, 1)),
            ("deadline", "<", datetime(2026, 4, 1)),
        ]
        groups = self.Callback.with_user(self.user_supervisor).read_group(
            domain, ["completion_rate:avg", "target_rate:avg"], [groupby]
        )
        result = {}
        for group in groups:
            key = (
                group[groupby][0]
                if isinstance(group[groupby], tuple | list)
                else group[groupby]
            )
            result[key] = (
                group["completion_rate"],
                group["target_rate"],
                group[f"{groupby}_count"],
            )
        return result

    def test_rates_of_a_month(self):
        callbacks = self._month()
        self.assertEqual(len(callbacks), 6)
        self.assertEqual(
            self._rates("callback_type"),
            {"complaint": (75.0, 100.0, 4), "repair": (100.0, 100.0, 2)},
        )
        self.assertEqual(
            self._rates("user_id"),
            {
                self.user_specialist.id: (50.0, 100.0, 2),
                self.user_area_manager_west.id: (100.0, 100.0, 2),
                self.user_supervisor.id: (100.0, 100.0, 2),
            },
        )
        # both repairs are east
        self.assertEqual(
            self._rates("area_id"),
            {self.area_east.id: (75.0, 100.0, 4), self.area_west.id: (100.0, 100.0, 2)},
        )
        # the whole month: 5 of 6
        total = self.Callback.read_group(
            [("id", "in", callbacks.ids)],
            ["completion_rate:avg", "is_late:bool_or"],
            [],
        )[0]
        self.assertAlmostEqual(total["completion_rate"], 500.0 / 6)
        self.assertTrue(total["is_late"])

    def test_rate_of_unreachable_and_survey_target(self):
        callback = self.resolve(self.create_complaint(), T0 + timedelta(hours=2))
        self.assertEqual((callback.completed, callback.completion_rate), (False, 0.0))
        self.log_attempts(callback, 3, T0 + timedelta(hours=3), step=DAY)
        callback.with_user(self.user_specialist).action_mark_unreachable()
        # not called back: shown apart, not in the callback rate
        self.assertEqual((callback.completed, callback.completion_rate), (False, 0.0))
        self.assertEqual(
            (callback.unreachable_count, callback.unreachable_rate), (1, 100.0)
        )
        # survey callbacks follow the target the company sets, the others stay at 100 %
        self.company.property_crm_survey_callback_target = 80.0
        with freeze_time(T0):
            survey_cb = self.Callback.create(
                {
                    "callback_type": "survey",
                    "partner_id": self.customer.id,
                    "user_id": self.user_area_manager.id,
                    "deadline": T0 + timedelta(days=7),
                }
            )
        self.assertEqual(survey_cb.target_rate, 80.0)
        self.assertEqual(survey_cb.area_id, self.area_east, "from the customer's unit")
        self.assertEqual(survey_cb.unsatisfied_action, "letter")
        self.assertEqual(callback.target_rate, 100.0)


class TestCallbackAccess(CallbackCase):
    def _east_west(self):
        east = self.resolve(self.create_complaint(), T0 + timedelta(hours=2))
        west = self.resolve(
            self.create_complaint(
                partner_id=self.customer_west.id, unit_id=self.unit_west.id
            ),
            T0 + timedelta(hours=2),
        )
        return east, west

    def test_department_handler_cannot_read_callbacks(self):
        east, _west = self._east_west()
        with self.assertRaises(AccessError):
            east.with_user(self.user_handler).read(["name"])
        with self.assertRaises(AccessError):
            self.Callback.with_user(self.user_handler).search([])
        with self.assertRaises(AccessError):
            self.Callback.with_user(self.user_handler).create(
                {
                    "callback_type": "complaint",
                    "partner_id": self.customer.id,
                    "deadline": T0,
                }
            )

    def test_area_manager_sees_only_own_area(self):
        east, west = self._east_west()
        both = (east | west).ids
        self.assertEqual(
            self.Callback.with_user(self.user_area_manager).search(
                [("id", "in", both)]
            ),
            east,
        )
        self.assertEqual(
            self.Callback.with_user(self.user_area_manager_west).search(
                [("id", "in", both)]
            ),
            west,
        )
        with self.assertRaises(AccessError):
            west.with_user(self.user_area_manager).read(["name"])
        self.assertEqual(
            self.Callback.with_user(self.user_specialist).search([("id", "in", both)]),
            east | west,
        )
        self.assertEqual(
            self.Callback.with_user(self.user_supervisor).search([("id", "in", both)]),
            east | west,
        )
        # an area manager may call back the west customer when the callback is theirs
        west.user_id = self.user_area_manager
        self.assertEqual(
            self.Callback.with_user(self.user_area_manager).search(
                [("id", "in", both)]
            ),
            east | west,
        )

    def test_phone_masked_for_specialist(self):
        callback = self.resolve(self.create_complaint(), T0 + timedelta(hours=2))
        Log = self.env["property.crm.access.log"]
        values = callback.with_user(self.user_specialist).read(["partner_phone"])[0]
        self.assertEqual(values["partner_phone"], "138****5678")
        self.assertEqual(
            callback.with_user(self.user_specialist).partner_phone, "138****5678"
        )
        self.assertEqual(
            callback.with_user(self.user_area_manager).partner_phone, "138****5678"
        )
        self.assertFalse(Log.search([("partner_id", "=", self.customer.id)]))
        values = callback.with_user(self.user_supervisor).read(["partner_phone"])[0]
        self.assertEqual(values["partner_phone"], "13812345678")
        # every unmasked read of a customer's number is logged
        # (SPEC §2 customer archive)
        log = Log.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_supervisor)
