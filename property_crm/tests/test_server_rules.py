"""The attacks of issue 8, performed as the demo roles over the public API: context
keys, one2many commands, writable deadlines, numbers, locks — each refused with a
clear error and nothing changed."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError

from .common_complaint import T0, ComplaintCase

# AccessError and ValidationError are UserErrors: clear, translated messages
REFUSED = UserError
FORGED_CONTEXT = {
    "property_crm_workflow": True,
    "property_crm_grade_approval": True,
    "property_crm_retention": True,
}


class TestServerRules(ComplaintCase):
    def sent_sheet(self, complaint):
        sheet = self.Sheet.with_user(self.user_specialist).create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        with freeze_time(T0 + timedelta(minutes=5)):
            sheet.action_send()
            self.env.flush_all()
        return sheet

    def assert_refused(self, func, *args, **kwargs):
        with self.assertRaises(REFUSED) as caught:
            with self.env.cr.savepoint():
                func(*args, **kwargs)
        self.assertTrue(str(caught.exception).strip())
        return caught.exception

    # ------------------------------------------------------------------
    # a context key is no authority
    # ------------------------------------------------------------------

    def test_context_default_is_no_default(self):
        """default_state in the context makes no closed complaint: sent with the
        value (it is then no default) or alone (Odoo would fill it in)."""
        Complaint = self.Complaint.with_user(self.user_specialist).with_context(
            default_state="closed", default_claim_state="approved"
        )
        values = {
            "partner_id": self.customer.id,
            "description": "<p>Forged defaults</p>",
        }
        self.assert_refused(Complaint.create, dict(values, state="closed"))
        self.assert_refused(Complaint.create, dict(values, claim_state="approved"))
        complaint = Complaint.create(values)
        self.assertEqual(complaint.state, "new")
        self.assertNotEqual(complaint.claim_state, "approved")
        sheet = self.Sheet.with_user(self.user_specialist).with_context(
            default_state="verified"
        )
        created = sheet.create({"complaint_id": complaint.id})
        self.assertEqual(created.state, "draft")

    def test_context_key_does_not_approve_a_claim(self):
        complaint = self.create_complaint(claim_amount=50000)
        self.assertEqual(complaint.claim_state, "requested")
        forged = complaint.with_user(self.user_specialist).with_context(
            **FORGED_CONTEXT
        )
        self.assert_refused(
            forged.write, {"claim_state": "approved", "state": "closed"}
        )
        self.assertEqual(complaint.claim_state, "requested")
        self.assertEqual(complaint.state, "new")

    def test_context_key_does_not_set_a_grade(self):
        forged = self.customer.with_user(self.user_specialist).with_context(
            **FORGED_CONTEXT
        )
        self.assert_refused(forged.write, {"grade_id": self.grade_vip.id})
        self.assertNotEqual(self.customer.grade_id, self.grade_vip)

    def test_customer_phone_is_bounded(self):
        as_specialist = self.customer.with_user(self.user_specialist)
        self.assert_refused(as_specialist.write, {"phone": "1" * 1_000_000})
        self.assert_refused(as_specialist.write, {"mobile": "138\x0012345678"})
        self.assertEqual(self.customer.sudo().mobile, "13812345678")

    # ------------------------------------------------------------------
    # one2many commands from the parent
    # ------------------------------------------------------------------

    def test_sheet_state_through_the_complaint_refused(self):
        complaint = self.create_complaint()
        sheet = self.sent_sheet(complaint)
        as_specialist = complaint.with_user(self.user_specialist)
        self.assert_refused(
            as_specialist.write,
            {"handling_sheet_ids": [Command.update(sheet.id, {"state": "verified"})]},
        )
        self.assertEqual(sheet.state, "sent")

    def test_callback_done_through_the_complaint_refused(self):
        complaint = self.create_complaint()
        complaint.with_user(self.user_specialist).write(
            {"resolution": "<p>Fixed</p>", "customer_agreed": True}
        )
        complaint.with_user(self.user_specialist).action_resolve()
        callback = complaint.callback_ids
        as_specialist = complaint.with_user(self.user_specialist)
        self.assert_refused(
            as_specialist.write,
            {"callback_ids": [Command.update(callback.id, {"state": "done"})]},
        )
        self.assertEqual(callback.state, "todo")
        self.assert_refused(as_specialist.action_close)
        self.assertEqual(complaint.state, "resolved")

    def test_create_with_done_callback_refused(self):
        self.assert_refused(
            self.Complaint.with_user(self.user_specialist).create,
            {
                "partner_id": self.customer.id,
                "description": "<p>x</p>",
                "callback_ids": [
                    Command.create(
                        {
                            "callback_type": "complaint",
                            "partner_id": self.customer.id,
                            "user_id": self.user_specialist.id,
                            "state": "done",
                        }
                    )
                ],
            },
        )

    # ------------------------------------------------------------------
    # clocks and numbers are the system's
    # ------------------------------------------------------------------

    def test_deadlines_cannot_be_written(self):
        complaint = self.create_complaint(severity="major", major_reason="c_loss")
        as_specialist = complaint.with_user(self.user_specialist)
        for fname, value in (
            ("feedback_deadline", "2099-01-01 00:00:00"),
            ("report_deadline", "2099-01-01 00:00:00"),
            ("resolve_deadline", "2099-01-01 00:00:00"),
            ("sla_status", "done"),
            ("feedback_breached", True),
            ("major_since", "2099-01-01 00:00:00"),
        ):
            self.assert_refused(as_specialist.write, {fname: value})
        self.assertEqual(complaint.feedback_deadline, T0 + timedelta(hours=24))
        self.assertEqual(complaint.report_deadline, T0 + timedelta(minutes=10))
        minor = self.create_complaint()
        self.assert_refused(
            minor.with_user(self.user_specialist).write, {"upgrade_deadline": False}
        )
        self.assertEqual(minor.upgrade_deadline, T0 + timedelta(days=10))
        self.assert_refused(
            self.Complaint.with_user(self.user_specialist).create,
            {
                "partner_id": self.customer.id,
                "description": "<p>x</p>",
                "feedback_deadline": "2099-01-01 00:00:00",
            },
        )

    def test_import_cannot_postpone_a_clock(self):
        complaint = self.create_complaint()
        result = (
            self.Complaint.with_user(self.user_specialist)
            .with_context(**FORGED_CONTEXT)
            .load(
                ["id", "feedback_deadline"],
                [[complaint._export_rows([["id"]])[0][0], "2099-01-01 00:00:00"]],
            )
        )
        self.assertTrue(result["messages"])
        self.assertEqual(complaint.feedback_deadline, T0 + timedelta(hours=24))

    def test_number_from_the_sequence_only(self):
        first = self.create_complaint()
        self.assert_refused(
            self.Complaint.with_user(self.user_specialist).create,
            {
                "partner_id": self.customer.id,
                "description": "<p>x</p>",
                "name": first.name,
            },
        )
        self.assert_refused(first.with_user(self.user_specialist).write, {"name": "X"})

    def test_callback_deadline_cannot_be_postponed(self):
        complaint = self.create_complaint()
        complaint.with_user(self.user_specialist).write(
            {"resolution": "<p>Fixed</p>", "customer_agreed": True}
        )
        complaint.with_user(self.user_specialist).action_resolve()
        callback = complaint.callback_ids
        deadline = callback.deadline
        self.assert_refused(
            callback.with_user(self.user_specialist).write,
            {"deadline": "2099-01-01 00:00:00"},
        )
        self.assertEqual(callback.deadline, deadline)

    def test_approved_claim_is_fixed(self):
        complaint = self.create_complaint(claim_amount=500)
        complaint.with_user(self.user_supervisor).action_approve_claim()
        self.assert_refused(
            complaint.with_user(self.user_manager).write, {"claim_amount": 0}
        )
        self.assertEqual(complaint.claim_amount, 500)
        self.assertEqual(complaint.claim_state, "approved")

    # ------------------------------------------------------------------
    # what a department handler may touch
    # ------------------------------------------------------------------

    def test_handler_cannot_move_the_response_deadline(self):
        complaint = self.create_complaint()
        sheet = self.sent_sheet(complaint)
        deadline = sheet.response_deadline
        self.assert_refused(
            sheet.with_user(self.user_handler).write,
            {"response_deadline": "2099-01-01 00:00:00"},
        )
        self.assertEqual(sheet.response_deadline, deadline)

    def test_sent_sheet_complaint_and_department_fixed(self):
        complaint = self.create_complaint()
        other = self.create_complaint(partner_id=self.customer_west.id)
        sheet = self.sent_sheet(complaint)
        for user in (self.user_handler, self.user_specialist):
            self.assert_refused(sheet.with_user(user).write, {"complaint_id": other.id})
            self.assert_refused(
                sheet.with_user(user).write,
                {"department_id": self.department_security.id},
            )
        self.assertEqual(sheet.complaint_id, complaint)
        self.assertEqual(sheet.department_id, self.department_engineering)

    def test_handler_writes_only_the_handling_method(self):
        complaint = self.create_complaint()
        sheet = self.sent_sheet(complaint)
        as_handler = sheet.with_user(self.user_handler)
        as_handler.write({"handling_method": "<p>Replace the joint</p>"})
        self.assertIn("joint", sheet.handling_method)
        self.assert_refused(as_handler.write, {"due_date": "2099-01-01 00:00:00"})
        other = sheet.with_user(self.user_handler_other)
        self.assert_refused(other.write, {"handling_method": "<p>not mine</p>"})

    def test_receiving_handler_cannot_cancel_a_letter(self):
        complaint = self.create_complaint()
        letter = self.Letter.with_user(self.user_specialist).create(
            {
                "complaint_id": complaint.id,
                "from_department_id": self.department_security.id,
                "to_department_id": self.department_engineering.id,
                "subject": "Leak",
                "description": "<p>Please fix</p>",
            }
        )
        letter.with_user(self.user_specialist).action_send()
        as_handler = letter.with_user(self.user_handler)
        self.assert_refused(as_handler.action_cancel)
        self.assert_refused(as_handler.write, {"deadline": "2099-01-01 00:00:00"})
        self.assertEqual(letter.state, "sent")
        as_handler.write({"reply": "<p>On it</p>"})
        as_handler.action_reply()
        self.assertEqual(letter.state, "replied")

    def test_sign_button_only_for_the_department_head(self):
        sheet = self.sent_sheet(self.create_complaint())
        self.assertTrue(sheet.with_user(self.user_department_manager).can_sign)
        self.assertFalse(sheet.with_user(self.user_handler).can_sign)
        self.assertFalse(sheet.with_user(self.user_specialist).can_sign)

    def test_kanban_columns_in_workflow_order(self):
        complaint = self.create_complaint()
        complaint.with_user(self.user_specialist).action_start_handling()
        groups = self.Complaint.read_group(
            [("id", "=", complaint.id)], ["state"], ["state"]
        )
        self.assertEqual(
            [group["state"] for group in groups],
            ["new", "handling", "resolved", "closed", "cancelled"],
        )

    # ------------------------------------------------------------------
    # the form's defaults are no transition
    # ------------------------------------------------------------------

    def test_form_defaults_pass(self):
        complaint = self.Complaint.with_user(self.user_specialist).create(
            {
                "partner_id": self.customer.id,
                "description": "<p>From the form</p>",
                "state": "new",
                "claim_state": "none",
                "validity": "valid",
                "severity": "minor",
            }
        )
        self.assertEqual(complaint.state, "new")
        sheet = self.Sheet.with_user(self.user_specialist).create(
            {"complaint_id": complaint.id, "state": "draft"}
        )
        self.assertEqual(sheet.state, "draft")
        complaint.with_user(self.user_specialist).write({"state": "new"})


class TestClockChanges(ComplaintCase):
    """Clocks follow the record: severity, validity, received_at and reopen."""

    def test_downgraded_major_is_not_auto_reported(self):
        complaint = self.create_complaint(severity="major", major_reason="c_loss")
        with freeze_time(T0 + timedelta(minutes=3)):
            complaint.with_user(self.user_specialist).write(
                {"severity": "minor", "major_reason": False}
            )
            self.env.flush_all()
        self.assertFalse(complaint.report_deadline)
        self.run_watchdog(T0 + timedelta(minutes=11))
        self.assertFalse(complaint.reported_at)
        self.assertFalse(complaint.report_breached)
        self.assertFalse(self.escalations(complaint))
        lines = complaint.clock_ids.filtered(lambda ln: ln.code == "complaint_report")
        self.assertEqual(lines.mapped("state"), ["cancelled"])

    def test_revalidated_complaint_gets_its_clock_back(self):
        complaint = self.create_complaint(validity="unreasonable", explanation="x")
        self.assertFalse(complaint.feedback_deadline)
        with freeze_time(T0 + timedelta(hours=1)):
            complaint.with_user(self.user_specialist).write({"validity": "valid"})
            self.env.flush_all()
        self.assertEqual(complaint.feedback_deadline, T0 + timedelta(hours=24))
        self.run_watchdog(T0 + timedelta(hours=24))
        self.assertTrue(complaint.feedback_breached)

    def test_received_at_edit_moves_the_deadlines(self):
        complaint = self.create_complaint()
        later = T0 + timedelta(hours=2)
        with freeze_time(T0 + timedelta(hours=3)):
            complaint.with_user(self.user_specialist).write({"received_at": later})
            self.env.flush_all()
        self.assertEqual(complaint.feedback_deadline, later + timedelta(hours=24))
        self.assertEqual(complaint.upgrade_deadline, later + timedelta(days=10))
        self.env.cr.precommit.run()
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: "moved" in (m.body or ""))
        )
        self.run_watchdog(T0 + timedelta(hours=24, minutes=1))
        self.assertFalse(complaint.feedback_breached, "the old deadline is gone")

    def test_reopened_complaint_runs_its_resolution_clock_again(self):
        complaint = self.create_complaint(severity="major", major_reason="c_loss")
        complaint.with_user(self.user_area_manager).action_report_to_head()
        complaint.with_user(self.user_specialist).write(
            {"resolution": "<p>Fixed</p>", "customer_agreed": True}
        )
        with freeze_time(T0 + timedelta(hours=2)):
            complaint.with_user(self.user_specialist).action_resolve()
            self.env.flush_all()
        resolve = complaint._clock_lines()["complaint_resolve"]
        self.assertEqual(resolve.state, "met")
        with freeze_time(T0 + timedelta(hours=3)):
            complaint._reopen_after_callback(complaint.callback_ids)
            self.env.flush_all()
        self.assertEqual(resolve.state, "running")
        self.run_watchdog(T0 + timedelta(hours=12))
        self.assertTrue(complaint.resolve_escalated)

    def test_grade_factor_never_lengthens(self):
        grade = self.grade_c
        grade.sudo().sla_factor = 2.0
        self.customer.sudo().grade_id = grade
        complaint = self.create_complaint()
        self.assertEqual(complaint.feedback_deadline, T0 + timedelta(hours=24))
        self.customer.sudo().grade_id = self.grade_vip
        vip = self.create_complaint()
        self.assertEqual(vip.feedback_deadline, T0 + timedelta(hours=12))

    def test_activity_dates_in_local_time(self):
        # 17:00 UTC is 01:00 the next day in Shanghai
        self.user_area_manager.tz = "Asia/Shanghai"
        at = T0.replace(hour=17)
        complaint = self.create_complaint(
            at=at, severity="major", major_reason="c_loss"
        )
        activity = complaint.activity_ids.filtered(
            lambda a: a.user_id == self.user_area_manager
        )
        self.assertEqual(activity.date_deadline, (at + timedelta(days=1)).date())

    def test_major_complaint_told_at_once(self):
        complaint = self.create_complaint(severity="major", major_reason="c_loss")
        report_type = self.env.ref("property_crm.mail_activity_type_major_report")
        told = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == report_type
        ).user_id
        self.assertEqual(told, self.user_area_manager | self.user_manager)
        complaint.with_user(self.user_area_manager).action_report_to_head()
        self.assertFalse(
            complaint.activity_ids.filtered(lambda a: a.activity_type_id == report_type)
        )

    def test_pause_adds_the_paused_time(self):
        clock_type = self.env.ref("property_crm.clock_type_complaint_feedback")
        clock_type.pause_domain = "[('customer_demand', '=', 'WAIT')]"
        complaint = self.create_complaint()
        with freeze_time(T0 + timedelta(hours=1)):
            complaint.customer_demand = "WAIT"
            self.env.flush_all()
        line = complaint._clock_lines()["complaint_feedback"]
        self.assertEqual(line.state, "paused")
        with freeze_time(T0 + timedelta(hours=4)):
            complaint.customer_demand = "go"
            self.env.flush_all()
        self.assertEqual(line.state, "running")
        self.assertEqual(complaint.feedback_deadline, T0 + timedelta(hours=27))

    def test_warning_before_the_breach_once(self):
        complaint = self.create_complaint()
        warning_type = self.env.ref("property_crm.mail_activity_type_sla_warning")
        self.run_watchdog(T0 + timedelta(hours=22))
        self.run_watchdog(T0 + timedelta(hours=22, minutes=5))
        warnings = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == warning_type
        )
        self.assertEqual(len(warnings), 1)
        self.assertEqual(warnings.user_id, complaint.user_id)

    def test_further_escalation_level_once(self):
        complaint = self.create_complaint()
        self.run_watchdog(T0 + timedelta(hours=24))
        self.assertEqual(len(self.escalations(complaint, self.user_area_manager)), 1)
        self.assertFalse(self.escalations(complaint, self.user_manager))
        self.run_watchdog(T0 + timedelta(hours=48))
        self.run_watchdog(T0 + timedelta(hours=49))
        self.assertEqual(len(self.escalations(complaint, self.user_manager)), 1)
        self.assertEqual(len(self.escalations(complaint, self.user_area_manager)), 1)


class TestClockTypeInData(ComplaintCase):
    """A clock type added in data alone runs, escalates once and shows in the SLA
    status, with no Python change."""

    def test_48h_clock_on_repair_orders(self):
        self.env["property.crm.clock.type"].create(
            {
                "name": "48 h Repair",
                "code": "test_repair_48h",
                "res_model": "property.crm.repair.order",
                "start_field": "reported_at",
                "run_domain": "[('state', '!=', 'cancelled')]",
                "stop_field": "done_at",
                "duration": 48,
                "duration_unit": "hours",
                "escalate_to": "area_manager",
            }
        )
        with freeze_time(T0):
            order = (
                self.env["property.crm.repair.order"]
                .with_user(self.user_specialist)
                .create(
                    {
                        "partner_id": self.customer.id,
                        "unit_id": self.unit_east.id,
                        "description": "<p>Broken tap</p>",
                        "reported_at": T0,
                    }
                )
            )
            self.env.flush_all()
        self.assertEqual(order.sla_status, "on_track")
        self.assertEqual(order.sla_deadline, T0 + timedelta(hours=48))
        self.run_watchdog(T0 + timedelta(hours=48))
        self.run_watchdog(T0 + timedelta(hours=50))
        self.assertEqual(order.sla_status, "breached")
        self.assertEqual(len(self.escalations(order, self.user_area_manager)), 1)


class TestWatchdogBatches(ComplaintCase):
    def test_one_trigger_per_moment(self):
        cron = self.cron
        self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]).unlink()
        with freeze_time(T0):
            complaints = self.Complaint.with_user(self.user_specialist).create(
                [
                    {"partner_id": self.customer.id, "description": f"<p>{i}</p>"}
                    for i in range(50)
                ]
            )
            self.env.flush_all()
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        moments = set()
        for line in complaints.clock_ids:
            moments.update(line._pending_moments())
        self.assertEqual(len(triggers), len(triggers.mapped("call_at")))
        self.assertEqual(set(triggers.mapped("call_at")), moments)

    def test_escalation_costs_few_queries(self):
        with freeze_time(T0):
            complaints = self.Complaint.with_user(self.user_specialist).create(
                [
                    {"partner_id": self.customer.id, "description": f"<p>{i}</p>"}
                    for i in range(40)
                ]
            )
            self.env.flush_all()
        self.run_watchdog(T0 + timedelta(hours=23))
        self.env.invalidate_all()
        with freeze_time(T0 + timedelta(hours=24)):
            before = self.env.cr.sql_log_count
            self.Complaint._cron_sla_watchdog()
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - before
        self.assertTrue(all(complaints.mapped("feedback_escalated")))
        self.assertLessEqual(queries, 8 * len(complaints), f"{queries} queries")
