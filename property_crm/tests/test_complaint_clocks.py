from datetime import timedelta

from freezegun import freeze_time

from .common_complaint import T0, ComplaintCase

MINUTE = timedelta(minutes=1)


class TestComplaintClocks(ComplaintCase):
    """SPEC "The clocks" 1-5, each on the minute before and the minute of its
    deadline."""

    # 1. 24 h feedback ------------------------------------------------------

    def test_feedback_deadline_set_and_scheduled(self):
        complaint = self.create_complaint()
        self.assertEqual(complaint.feedback_deadline, T0 + timedelta(hours=24))
        self.assertEqual(complaint.upgrade_deadline, T0 + timedelta(days=10))
        self.assertTrue(
            self.triggers_at(complaint.feedback_deadline),
            "the watchdog runs exactly at the deadline",
        )
        self.assertEqual(complaint.sla_deadline, complaint.feedback_deadline)
        self.assertEqual(complaint.sla_status, "on_track")

    def test_feedback_missed_escalates_to_area_manager_once(self):
        complaint = self.create_complaint()
        self.run_watchdog(T0 + timedelta(hours=24) - MINUTE)
        self.assertFalse(self.escalations(complaint))
        self.assertFalse(complaint.feedback_breached)
        self.run_watchdog(T0 + timedelta(hours=24))
        self.assertEqual(len(self.escalations(complaint, self.user_area_manager)), 1)
        self.assertEqual(len(self.escalations(complaint)), 1)
        self.assertEqual(len(self.escalation_messages(complaint)), 1)
        self.assertTrue(complaint.feedback_breached)
        self.assertEqual(complaint.sla_status, "breached")
        # however often the watchdog runs afterwards: once
        self.run_watchdog(T0 + timedelta(hours=24, minutes=5))
        self.run_watchdog(T0 + timedelta(hours=30))
        self.assertEqual(len(self.escalations(complaint)), 1)
        self.assertEqual(len(self.escalation_messages(complaint)), 1)

    def test_feedback_in_time_stops_the_clock(self):
        complaint = self.create_complaint()
        complaint.feedback_note = "Called the customer: plumber on the way."
        with freeze_time(T0 + timedelta(hours=23, minutes=59)):
            complaint.with_user(self.user_specialist).action_log_feedback()
        self.assertEqual(complaint.feedback_at, T0 + timedelta(hours=23, minutes=59))
        self.run_watchdog(T0 + timedelta(hours=25))
        self.assertFalse(self.escalations(complaint))
        self.assertFalse(complaint.feedback_breached)

    def test_message_to_customer_counts_as_feedback(self):
        complaint = self.create_complaint()
        with freeze_time(T0 + timedelta(hours=2)):
            complaint.with_user(self.user_specialist).message_post(
                body="We are on it",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.customer.ids,
            )
        self.assertEqual(complaint.feedback_at, T0 + timedelta(hours=2))
        # an internal note is not feedback
        other = self.create_complaint()
        with freeze_time(T0 + timedelta(hours=2)):
            other.with_user(self.user_specialist).message_post(
                body="internal", subtype_xmlid="mail.mt_note"
            )
        self.assertFalse(other.feedback_at)

    def test_due_soon_status(self):
        complaint = self.create_complaint()
        # a clock is due soon in its last fifth: 24 h * 0.8 = 19 h 12 min
        self.run_watchdog(T0 + timedelta(hours=19, minutes=11))
        self.assertEqual(complaint.sla_status, "on_track")
        self.run_watchdog(T0 + timedelta(hours=19, minutes=12))
        self.assertEqual(complaint.sla_status, "due_soon")

    # 2. 1 h department response -----------------------------------------

    def _sent_sheet(self, complaint, at):
        sheet = self.Sheet.with_user(self.user_specialist).create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        with freeze_time(at):
            sheet.action_send()
        return sheet.with_user(self.env.user)

    def test_department_response_missed_escalates_to_department_manager(self):
        complaint = self.create_complaint()
        sheet = self._sent_sheet(complaint, T0 + timedelta(minutes=30))
        self.assertEqual(sheet.response_deadline, T0 + timedelta(minutes=90))
        self.assertTrue(self.triggers_at(sheet.response_deadline))
        self.assertEqual(complaint.state, "handling")
        self.run_watchdog(T0 + timedelta(minutes=89))
        self.assertFalse(self.escalations(sheet))
        self.run_watchdog(T0 + timedelta(minutes=90))
        self.assertEqual(len(self.escalations(sheet, self.user_department_manager)), 1)
        self.assertTrue(sheet.response_breached)
        self.run_watchdog(T0 + timedelta(minutes=95))
        self.assertEqual(len(self.escalations(sheet)), 1)
        self.assertEqual(len(self.escalation_messages(sheet)), 1)

    def test_department_response_in_time(self):
        complaint = self.create_complaint()
        sheet = self._sent_sheet(complaint, T0)
        sheet.with_user(
            self.user_handler
        ).handling_method = "<p>Replace the pipe joint</p>"
        with freeze_time(T0 + timedelta(minutes=59)):
            sheet.with_user(self.user_department_manager).action_accept()
        self.assertEqual(sheet.state, "accepted")
        self.assertEqual(sheet.signer_id, self.user_department_manager)
        self.run_watchdog(T0 + timedelta(hours=2))
        self.assertFalse(self.escalations(sheet))
        self.assertFalse(sheet.response_breached)

    # 3. major: 10 min report, 12 h resolution ---------------------------

    def test_major_report_in_time_by_area_manager(self):
        complaint = self.create_complaint(severity="major", major_reason="c_loss")
        self.assertEqual(complaint.report_deadline, T0 + timedelta(minutes=10))
        self.assertEqual(complaint.resolve_deadline, T0 + timedelta(hours=12))
        self.assertTrue(self.triggers_at(complaint.report_deadline))
        with freeze_time(T0 + timedelta(minutes=9)):
            complaint.with_user(self.user_area_manager).action_report_to_head()
        self.assertEqual(complaint.reported_by_id, self.user_area_manager)
        self.run_watchdog(T0 + timedelta(minutes=11))
        self.assertFalse(complaint.report_breached)
        self.assertFalse(self.escalations(complaint))

    def test_major_report_missed_system_reports_itself(self):
        complaint = self.create_complaint(severity="major", major_reason="a_contract")
        self.run_watchdog(T0 + timedelta(minutes=9))
        self.assertFalse(complaint.reported_at)
        self.run_watchdog(T0 + timedelta(minutes=10))
        self.assertEqual(complaint.reported_at, T0 + timedelta(minutes=10))
        self.assertTrue(complaint.report_breached)
        self.assertEqual(complaint.reported_by_id, self.env.ref("base.user_root"))
        self.assertEqual(len(self.escalations(complaint, self.user_manager)), 1)
        self.run_watchdog(T0 + timedelta(minutes=20))
        self.assertEqual(len(self.escalations(complaint)), 1)

    def test_major_resolution_missed_escalates_to_head(self):
        complaint = self.create_complaint(severity="major", major_reason="b_neighbour")
        with freeze_time(T0 + timedelta(minutes=5)):
            complaint.with_user(self.user_area_manager).action_report_to_head()
        self.run_watchdog(T0 + timedelta(hours=12) - MINUTE)
        self.assertFalse(complaint.resolve_escalated)
        self.run_watchdog(T0 + timedelta(hours=12))
        self.assertTrue(complaint.resolve_escalated)
        self.assertTrue(complaint.resolve_breached)
        self.assertEqual(len(self.escalations(complaint, self.user_manager)), 1)
        self.assertIn(complaint.state, ("new", "handling"), "it stays under follow-up")
        self.run_watchdog(T0 + timedelta(hours=13))
        self.assertEqual(len(self.escalations(complaint, self.user_manager)), 1)

    def test_head_defaults_to_managers(self):
        self.company.property_crm_head_user_id = False
        complaint = self.create_complaint(severity="major", major_reason="a_contract")
        self.run_watchdog(T0 + timedelta(minutes=10))
        self.assertEqual(len(self.escalations(complaint, self.user_manager)), 1)

    # 4. 10-day upgrade ---------------------------------------------------

    def test_upgrade_after_ten_days(self):
        complaint = self.create_complaint()
        complaint.feedback_at = T0 + timedelta(hours=1)
        self.run_watchdog(T0 + timedelta(days=10) - MINUTE)
        self.assertEqual(complaint.severity, "minor")
        self.run_watchdog(T0 + timedelta(days=10))
        self.assertEqual(complaint.severity, "major")
        self.assertEqual(complaint.major_reason, "d_overdue")
        self.assertEqual(complaint.upgraded_at, T0 + timedelta(days=10))
        self.assertEqual(complaint.report_deadline, T0 + timedelta(days=10, minutes=10))
        self.assertEqual(complaint.resolve_deadline, T0 + timedelta(days=10, hours=12))
        tracked = complaint.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "severity"
        )
        self.assertTrue(tracked, "the upgrade is tracked in the chatter")

    def test_upgraded_then_missed_report(self):
        complaint = self.create_complaint()
        complaint.feedback_at = T0 + timedelta(hours=1)
        self.run_watchdog(T0 + timedelta(days=10))
        self.assertTrue(self.triggers_at(T0 + timedelta(days=10, minutes=10)))
        self.run_watchdog(T0 + timedelta(days=10, minutes=9))
        self.assertFalse(complaint.reported_at)
        self.run_watchdog(T0 + timedelta(days=10, minutes=10))
        self.assertTrue(complaint.report_breached)
        self.assertEqual(len(self.escalations(complaint, self.user_manager)), 1)

    def test_resolved_complaint_is_not_upgraded(self):
        complaint = self.create_complaint()
        complaint.write({"resolution": "<p>Fixed</p>", "customer_agreed": True})
        with freeze_time(T0 + timedelta(days=2)):
            complaint.with_user(self.user_specialist).action_resolve()
        self.run_watchdog(T0 + timedelta(days=11))
        self.assertEqual(complaint.severity, "minor")
        self.assertEqual(complaint.sla_status, "done")

    def test_unreasonable_complaint_has_no_clock(self):
        complaint = self.create_complaint(validity="unreasonable")
        self.assertFalse(complaint.feedback_deadline)
        self.run_watchdog(T0 + timedelta(days=11))
        self.assertFalse(self.escalations(complaint))
        self.assertEqual(complaint.severity, "minor")

    # 5. liaison letters -------------------------------------------------

    def test_overdue_liaison_letter_escalates_to_receiving_manager(self):
        complaint = self.create_complaint()
        with freeze_time(T0):
            letter = self.Letter.with_user(self.user_specialist).create(
                {
                    "complaint_id": complaint.id,
                    "from_department_id": self.department_security.id,
                    "to_department_id": self.department_engineering.id,
                    "subject": "Pipe in the shaft",
                    "description": "<p>Please inspect the shaft.</p>",
                    "deadline": T0 + timedelta(days=2),
                }
            )
            letter.action_send()
        letter = letter.with_user(self.env.user)
        self.assertTrue(self.triggers_at(T0 + timedelta(days=2)))
        self.run_watchdog(T0 + timedelta(days=2) - MINUTE)
        self.assertFalse(self.escalations(letter))
        self.run_watchdog(T0 + timedelta(days=2))
        self.assertEqual(len(self.escalations(letter, self.user_department_manager)), 1)
        self.run_watchdog(T0 + timedelta(days=3))
        self.assertEqual(len(self.escalations(letter)), 1)

    def test_watchdog_cron_runs_as_cron(self):
        """The cron record itself (not just the method) escalates a due complaint."""
        complaint = self.create_complaint()
        with freeze_time(T0 + timedelta(hours=24, seconds=30)):
            self.cron.method_direct_trigger()
        self.assertEqual(len(self.escalations(complaint)), 1)


class TestClockStatuses(ComplaintCase):
    """Each clock has its own status that users filter and group by."""

    def test_status_per_clock(self):
        complaint = self.create_complaint(severity="major", major_reason="c_loss")
        self.assertEqual(
            (complaint.feedback_sla, complaint.report_sla, complaint.resolve_sla),
            ("on_track", "on_track", "on_track"),
        )
        # report clock: 10 min, due soon in its last 2 minutes
        self.run_watchdog(T0 + timedelta(minutes=8))
        self.assertEqual(complaint.report_sla, "due_soon")
        self.assertEqual(complaint.feedback_sla, "on_track")
        self.assertEqual(complaint.sla_status, "due_soon")
        with freeze_time(T0 + timedelta(minutes=9)):
            complaint.with_user(self.user_area_manager).action_report_to_head()
            self.env.flush_all()
        self.assertEqual(complaint.report_sla, "done")
        self.assertEqual(complaint.sla_status, "on_track")
        # resolve clock: 12 h, due soon from 9 h 36 min
        self.run_watchdog(T0 + timedelta(hours=9, minutes=35))
        self.assertEqual(complaint.resolve_sla, "on_track")
        self.run_watchdog(T0 + timedelta(hours=9, minutes=36))
        self.assertEqual(complaint.resolve_sla, "due_soon")
        self.run_watchdog(T0 + timedelta(hours=12))
        self.assertEqual(complaint.resolve_sla, "breached")
        self.assertEqual(
            complaint.feedback_sla, "on_track", "24 h: due soon only from 19 h 12"
        )
        self.assertEqual(complaint.sla_status, "breached")
        groups = dict(
            self.Complaint._read_group(
                [("id", "=", complaint.id)], ["resolve_sla"], ["__count"]
            )
        )
        self.assertEqual(groups, {"breached": 1})

    def test_late_feedback_is_breached_even_before_the_watchdog(self):
        complaint = self.create_complaint()
        complaint.feedback_note = "Called back."
        with freeze_time(T0 + timedelta(hours=24, seconds=20)):
            complaint.with_user(self.user_specialist).action_log_feedback()
            self.env.flush_all()
        self.assertEqual(complaint.feedback_sla, "breached")
        self.assertTrue(complaint.feedback_breached)

    def test_sweep_only_touches_records_whose_moment_came(self):
        complaint = self.create_complaint()
        line = complaint._clock_lines()["complaint_feedback"]
        moment = line._due_soon_at()
        self.assertEqual(moment, T0 + timedelta(hours=19, minutes=12))
        self.assertEqual(line.next_check_at, moment)
        self.run_watchdog(moment)
        self.assertEqual(complaint.feedback_sla, "due_soon")
        # next: the warning 2 h before the deadline
        self.assertEqual(line.next_check_at, T0 + timedelta(hours=22))
        upgrade = complaint._clock_lines()["complaint_upgrade"]
        self.assertFalse(upgrade.due_soon)
        self.assertEqual(upgrade.next_check_at, T0 + timedelta(days=8))
