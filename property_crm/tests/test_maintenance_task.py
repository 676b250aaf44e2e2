from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_care import CareCase

T0 = datetime(2027, 3, 1, 2, 0)


@tagged("post_install", "-at_install")
class TestMaintenanceTask(CareCase):
    """Tasks split from a plan, their clock, and the work records (seed 004 七)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.escalation_type = cls.env.ref("property_crm.mail_activity_type_escalation")

    def create_task(self, plan, **vals):
        values = {
            "name": "Visit Zhang Wei",
            "plan_id": plan.id,
            "user_id": self.user_specialist.id,
            "partner_id": self.customer.id,
            "deadline": datetime(2027, 3, 5, 10, 0),
        }
        values.update(vals)
        with freeze_time(T0):
            task = self.Task.with_user(self.user_supervisor).create(values)
            self.env.flush_all()
        return task

    def run_watchdog(self, at):
        with freeze_time(at):
            self.env["property.crm.clock"]._cron_watchdog()
            self.env.flush_all()

    def test_task_gets_activity_and_clock(self):
        plan = self.approved_plan()
        task = self.create_task(plan)
        todo = task.activity_ids.filtered(lambda a: a.user_id == self.user_specialist)
        self.assertEqual(len(todo), 1)
        line = task._clock_lines().get("maintenance_task")
        self.assertTrue(line)
        self.assertEqual(line.deadline, datetime(2027, 3, 5, 10, 0))

    def test_overdue_task_escalates_once_to_supervisor(self):
        plan = self.approved_plan()
        task = self.create_task(plan)
        self.run_watchdog(datetime(2027, 3, 5, 11, 0))
        escalations = task.activity_ids.filtered(
            lambda a: a.activity_type_id == self.escalation_type
        )
        self.assertEqual(escalations.user_id, self.user_supervisor)
        self.assertEqual(task.sla_status, "breached")
        self.run_watchdog(datetime(2027, 3, 6, 11, 0))
        self.run_watchdog(datetime(2027, 3, 9, 11, 0))
        escalations = task.activity_ids.filtered(
            lambda a: a.activity_type_id == self.escalation_type
        )
        self.assertEqual(len(escalations), 1, "escalated once only")

    def test_done_in_time_not_escalated(self):
        plan = self.approved_plan()
        task = self.create_task(plan)
        with freeze_time(datetime(2027, 3, 4, 9, 0)):
            task.with_user(self.user_specialist).action_done()
            self.env.flush_all()
        self.assertEqual(task.state, "done")
        self.assertEqual(task.done_by_id, self.user_specialist)
        self.run_watchdog(datetime(2027, 3, 6, 11, 0))
        self.assertFalse(
            task.activity_ids.filtered(
                lambda a: a.activity_type_id == self.escalation_type
            )
        )

    def test_task_roles(self):
        plan = self.create_plan()
        with self.assertRaises(UserError):
            self.create_task(plan)  # not approved yet
        plan.action_submit()
        plan.with_user(self.user_manager).action_review()
        plan.with_user(self.user_director).action_approve()
        with self.assertRaises(AccessError):
            self.Task.with_user(self.user_specialist).create(
                {
                    "name": "Self-assigned",
                    "plan_id": plan.id,
                    "user_id": self.user_specialist.id,
                    "deadline": datetime(2027, 3, 5, 10, 0),
                }
            )
        task = self.create_task(plan, user_id=self.user_area_manager.id)
        with self.assertRaises(AccessError):
            task.with_user(self.user_specialist).action_done()
        with self.assertRaises(UserError):
            task.with_user(self.user_supervisor).write({"state": "done"})
        self.assertEqual(task.state, "open")

    def test_records_per_plan(self):
        plan = self.approved_plan()
        with self.assertRaises(UserError):
            self.Record.with_user(self.user_specialist).create(
                {"plan_id": plan.id, "partner_id": self.customer.id}
            )
        plan.action_start()
        record = self.Record.with_user(self.user_specialist).create(
            {
                "plan_id": plan.id,
                "kind": "gift",
                "partner_id": self.customer.id,
                "feedback": "Liked the mooncakes",
            }
        )
        self.assertEqual(plan.record_ids, record)
        self.assertIn("recorded by", " ".join(plan.message_ids.mapped("body")))
        # another specialist cannot rewrite it
        other = self.user_area_manager  # not the author, but a specialist too
        with self.assertRaises(AccessError):
            record.with_user(other).write({"feedback": "Rewritten"})
        self.assertEqual(record.feedback, "Liked the mooncakes")
        # once the report is in, the records are the report's
        plan.report_results = "Gift delivered"
        plan.action_submit_report()
        with self.assertRaises(UserError):
            record.with_user(self.user_specialist).write({"feedback": "Changed later"})
        self.assertEqual(record.feedback, "Liked the mooncakes")
