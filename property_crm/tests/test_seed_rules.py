"""Issue 8, part 3: rules of the seeds the code contradicted. Each is tried as the role,
over the public API, and the refusal leaves nothing changed."""

from datetime import date, datetime, timedelta

import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_complaint import T0, ComplaintCase
from .test_callback import MINUTE, CallbackCase

HOUR = timedelta(hours=1)


@tagged("post_install", "-at_install")
class TestClaimLimit(ComplaintCase):
    """Seed 003: 一萬元以上 — a claim of 10,000 yuan itself is the manager's."""

    def test_claim_of_exactly_the_limit_needs_the_manager(self):
        self.assertEqual(self.company.property_crm_claim_limit, 10000.0)
        complaint = self.create_complaint(claim_amount=10000)
        self.assertEqual(complaint.claim_state, "requested")
        with self.assertRaisesRegex(AccessError, "10000.0 or more"):
            complaint.with_user(self.user_supervisor).action_approve_claim()
        self.assertEqual(complaint.claim_state, "requested")
        self.assertFalse(complaint.claim_approved_by_id)
        complaint.with_user(self.user_manager).action_approve_claim()
        self.assertEqual(complaint.claim_state, "approved")
        self.assertEqual(complaint.claim_approved_by_id, self.user_manager)

    def test_claim_under_the_limit_by_the_supervisor(self):
        complaint = self.create_complaint(claim_amount=9999.99)
        complaint.with_user(self.user_supervisor).action_approve_claim()
        self.assertEqual(complaint.claim_state, "approved")
        self.assertEqual(complaint.claim_approved_by_id, self.user_supervisor)

    def test_claim_limit_from_company_setting(self):
        self.company.property_crm_claim_limit = 5000
        at_limit = self.create_complaint(claim_amount=5000)
        with self.assertRaises(AccessError):
            at_limit.with_user(self.user_supervisor).action_approve_claim()
        self.assertEqual(at_limit.claim_state, "requested")
        below = self.create_complaint(claim_amount=4999)
        below.with_user(self.user_supervisor).action_approve_claim()
        self.assertEqual(below.claim_state, "approved")


@tagged("post_install", "-at_install")
class TestHandlingSheetSigner(ComplaintCase):
    """Seed 000 §四(1)2.4)D: the department fills the handling method, its 負責人
    signs it."""

    def _sent_sheet(self):
        complaint = self.create_complaint()
        sheet = self.Sheet.with_user(self.user_specialist).create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        with freeze_time(T0 + MINUTE):
            sheet.action_send()
        # any member of the department fills the method
        sheet.with_user(self.user_handler).handling_method = "<p>Replace the joint</p>"
        return sheet.with_user(self.env.user)

    def test_member_fills_the_head_signs(self):
        sheet = self._sent_sheet()
        self.assertIn("Replace the joint", sheet.handling_method)
        for user in (self.user_handler, self.user_specialist, self.user_supervisor):
            with self.assertRaisesRegex(
                AccessError, "Only the head of PCRM Engineering"
            ):
                sheet.with_user(user).action_accept()
            self.assertEqual(sheet.state, "sent")
            self.assertFalse(sheet.signer_id)
            self.assertFalse(sheet.signed_at)
        with freeze_time(T0 + 30 * MINUTE):
            sheet.with_user(self.user_department_manager).action_accept()
        self.assertEqual(sheet.state, "accepted")
        self.assertEqual(sheet.signer_id, self.user_department_manager)
        self.assertEqual(sheet.signed_at, T0 + 30 * MINUTE)
        # the other members still handle it and write the result
        sheet.with_user(self.user_handler).result = "<p>Joint replaced</p>"
        sheet.with_user(self.user_handler).action_done()
        self.assertEqual(sheet.state, "done")

    def test_member_given_the_right_signs(self):
        sheet = self._sent_sheet()
        self.department_engineering.with_user(self.user_manager).write(
            {"property_crm_signer_ids": [Command.link(self.user_handler.id)]}
        )
        sheet.with_user(self.user_handler).action_accept()
        self.assertEqual(sheet.signer_id, self.user_handler)

    def test_signer_who_left_the_department_no_longer_signs(self):
        sheet = self._sent_sheet()
        self.department_engineering.with_user(self.user_manager).write(
            {"property_crm_signer_ids": [Command.link(self.user_handler.id)]}
        )
        self.assertIn(
            self.user_handler, self.department_engineering._property_crm_signers()
        )
        self.employee_handler.department_id = self.department_security
        self.assertNotIn(
            self.user_handler, self.department_engineering._property_crm_signers()
        )
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_handler).action_accept()
        self.assertEqual(sheet.state, "sent")
        self.assertFalse(sheet.signer_id)

    def test_only_hr_or_the_manager_names_the_signers(self):
        department = self.department_engineering
        for user in (self.user_handler, self.user_specialist, self.user_supervisor):
            with self.assertRaises(AccessError, msg=user.login):
                department.with_user(user).write(
                    {"property_crm_signer_ids": [Command.link(user.id)]}
                )
            # nor does anybody make themselves the department's manager
            with self.assertRaisesRegex(AccessError, "who heads a department"):
                department.with_user(user).write(
                    {"manager_id": self.employee_handler.id}
                )
        self.assertFalse(department.property_crm_signer_ids)
        self.assertEqual(department.manager_id, self.employee_department_manager)
        sheet = self._sent_sheet()
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_handler).action_accept()

    def test_signers_are_members(self):
        with self.assertRaises(ValidationError) as caught:
            self.department_engineering.with_user(self.user_manager).write(
                {"property_crm_signer_ids": [Command.link(self.user_handler_other.id)]}
            )
        self.assertIn("Only members of PCRM Engineering", str(caught.exception))
        self.env.invalidate_all()
        self.assertFalse(self.department_engineering.property_crm_signer_ids)

    def test_signer_of_another_department_refused(self):
        sheet = self._sent_sheet()
        self.department_security.manager_id = self.employee_handler_other
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_handler_other).action_accept()
        self.assertEqual(sheet.state, "sent")


class SeedCallbackCase(CallbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the service centre's local day (demo: Asia/Shanghai, UTC+8)
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.category = cls.env["property.crm.complaint.category"].create(
            {"name": "PCRM Plumbing", "department_id": cls.department_engineering.id}
        )


@tagged("post_install", "-at_install")
class TestUnsatisfiedCallback(SeedCallbackCase):
    """000 §四(2)5: reported to 資產管理部 and passed on by 工作聯繫函."""

    def test_letter_by_default_and_head_informed(self):
        complaint = self.create_complaint(category_id=self.category.id)
        callback = self.resolve(complaint, T0 + 2 * HOUR)
        self.assertEqual(callback.unsatisfied_action, "letter")
        self.call_back(
            callback, T0 + 5 * HOUR, outcome="unsatisfied", shortcomings="Still wet"
        )
        letter = callback.liaison_letter_id
        self.assertTrue(letter)
        self.assertEqual(letter.to_department_id, self.department_engineering)
        self.assertEqual(letter.state, "sent")
        self.assertIn("Still wet", letter.description)
        self.assertEqual(complaint.state, "resolved", "a letter reopens nothing")
        # the head (資產管理部負責人) and the area manager are told, once each
        self.assertEqual(len(self.escalations(callback, self.user_manager)), 1)
        self.assertEqual(len(self.escalations(callback, self.user_area_manager)), 1)
        self.assertEqual(len(self.escalations(callback)), 2)
        message = self.escalation_messages(callback)
        self.assertEqual(len(message), 1)
        self.assertEqual(
            message.partner_ids,
            (self.user_manager | self.user_area_manager).partner_id,
        )
        self.assertIn("head of asset management", str(message.body))

    def test_reopen_in_addition_to_the_letter(self):
        complaint = self.create_complaint(category_id=self.category.id)
        callback = self.resolve(complaint, T0 + 2 * HOUR)
        callback.with_user(self.user_specialist).unsatisfied_action = "reopen"
        self.call_back(callback, T0 + 5 * HOUR, outcome="unsatisfied")
        self.assertEqual(complaint.state, "handling")
        self.assertFalse(complaint.resolved_at)
        self.assertEqual(
            callback.liaison_letter_id.to_department_id, self.department_engineering
        )
        self.assertEqual(len(self.escalations(callback, self.user_manager)), 1)
        self.assertEqual(len(self.escalations(callback, self.user_area_manager)), 1)

    def test_reopen_of_our_own_work_needs_no_department(self):
        complaint = self.create_complaint()
        callback = self.resolve(complaint, T0 + 2 * HOUR)
        self.assertFalse(callback.letter_department_id)
        # by default the letter needs its department
        callback.with_user(self.user_specialist).outcome = "unsatisfied"
        with self.assertRaisesRegex(UserError, "department the liaison letter"):
            callback.with_user(self.user_specialist).action_done()
        self.assertEqual(callback.state, "todo")
        self.assertEqual(complaint.state, "resolved")
        callback.with_user(self.user_specialist).unsatisfied_action = "reopen"
        self.call_back(callback, T0 + 5 * HOUR, outcome="unsatisfied")
        self.assertEqual(complaint.state, "handling")
        self.assertFalse(callback.liaison_letter_id)
        self.assertEqual(len(self.escalations(callback, self.user_manager)), 1)


@tagged("post_install", "-at_install")
class TestUnreachableCallback(SeedCallbackCase):
    """Unreachable takes attempts on different local days; the rate shows it apart."""

    def _attempt(self, callback, at):
        with freeze_time(at):
            callback.with_user(self.user_specialist).action_log_attempt()

    def test_attempts_on_one_day_count_once(self):
        callback = self.resolve(self.create_complaint(), T0 + 2 * HOUR)
        self.log_attempts(callback, 3, T0 + 3 * HOUR)
        self.assertEqual(callback.attempt_count, 3)
        self.assertEqual(callback.attempt_day_count, 1)
        with self.assertRaisesRegex(UserError, "at least 3 different days"):
            callback.with_user(self.user_specialist).action_mark_unreachable()
        self.assertEqual(callback.state, "todo")
        self.assertFalse(callback.done_at)

    def test_days_are_local_days(self):
        callback = self.resolve(self.create_complaint(), T0 + 2 * HOUR)
        # 23:30 and 00:30 in Shanghai: one UTC day, two local days
        self._attempt(callback, datetime(2026, 3, 2, 15, 30))
        self._attempt(callback, datetime(2026, 3, 2, 16, 30))
        self.assertEqual(
            sorted(callback.attempt_ids.mapped("tried_on")),
            [date(2026, 3, 2), date(2026, 3, 3)],
        )
        self.assertEqual(callback.attempt_day_count, 2)
        # 07:59 in Shanghai is still the 3rd: no new day
        self._attempt(callback, datetime(2026, 3, 2, 23, 59))
        self.assertEqual(callback.attempt_day_count, 2)
        with self.assertRaises(UserError):
            callback.with_user(self.user_specialist).action_mark_unreachable()
        self._attempt(callback, datetime(2026, 3, 4, 1, 0))
        self.assertEqual(callback.attempt_day_count, 3)
        with freeze_time(datetime(2026, 3, 4, 2, 0)):
            callback.with_user(self.user_specialist).action_mark_unreachable()
        self.assertEqual(callback.state, "unreachable")
        self.assertEqual(callback.done_by_id, self.user_specialist)

    def test_days_follow_company_setting(self):
        self.company.property_crm_callback_attempts = 2
        callback = self.resolve(self.create_complaint(), T0 + 2 * HOUR)
        self._attempt(callback, T0 + 3 * HOUR)
        with self.assertRaisesRegex(UserError, "at least 2 different days"):
            callback.with_user(self.user_specialist).action_mark_unreachable()
        self._attempt(callback, T0 + 27 * HOUR)
        callback.with_user(self.user_specialist).action_mark_unreachable()
        self.assertEqual(callback.state, "unreachable")

    def test_attempts_cannot_be_forged(self):
        callback = self.resolve(self.create_complaint(), T0 + 2 * HOUR)
        Attempt = self.env["property.crm.callback.attempt"]
        for user in (self.user_specialist, self.user_supervisor, self.user_manager):
            with self.assertRaises(AccessError, msg=user.login):
                Attempt.with_user(user).create(
                    {"callback_id": callback.id, "tried_at": T0 - 48 * HOUR}
                )
            with self.assertRaises(AccessError, msg=user.login):
                callback.with_user(user).write(
                    {
                        "attempt_ids": [
                            Command.create({"tried_at": T0 - 24 * HOUR}),
                        ]
                    }
                )
        self.assertFalse(callback.attempt_ids)
        self._attempt(callback, T0 + 3 * HOUR)
        with self.assertRaises(AccessError):
            callback.attempt_ids.with_user(self.user_supervisor).write(
                {"tried_at": T0 - 48 * HOUR}
            )
        with self.assertRaises(AccessError):
            callback.attempt_ids.with_user(self.user_supervisor).unlink()
        self.assertEqual(callback.attempt_ids.tried_at, T0 + 3 * HOUR)

    def test_unreachable_shown_apart_from_the_rate(self):
        complaint = self.create_complaint()
        callback = self.resolve(complaint, T0 + 2 * HOUR)
        reached = self.resolve(
            self.create_complaint(unit_id=self.unit_east.id), T0 + 3 * HOUR
        )
        for day in range(3):
            self._attempt(callback, T0 + (3 + 24 * day) * HOUR)
        with freeze_time(T0 + 60 * HOUR):
            callback.with_user(self.user_specialist).action_mark_unreachable()
        self.call_back(reached, T0 + 4 * HOUR)
        self.assertFalse(callback.completed)
        self.assertEqual(callback.completion_rate, 0.0)
        self.assertEqual(callback.unreachable_count, 1)
        self.assertEqual(callback.unreachable_rate, 100.0)
        [group] = self.Callback.with_user(self.user_supervisor).read_group(
            [("id", "in", (callback | reached).ids)],
            ["completion_rate:avg", "unreachable_count:sum", "unreachable_rate:avg"],
            [],
        )
        self.assertEqual(group["completion_rate"], 50.0)
        self.assertEqual(group["unreachable_count"], 1)
        self.assertEqual(group["unreachable_rate"], 50.0)
        # the complaint may close after the recorded attempts...
        complaint.with_user(self.user_specialist).action_close()
        self.assertEqual(complaint.state, "closed")
        # ...but it was not called back: the report counts it apart
        self.env.flush_all()
        row = self.env["property.crm.complaint.report"].search(
            [("complaint_id", "=", complaint.id)]
        )
        self.assertEqual(row.callback_rate, 0.0)
        self.assertEqual(row.callback_unreachable_count, 1)


@tagged("post_install", "-at_install")
class TestAnalysisLocalMonths(ComplaintCase):
    """ZC-QR-029: months run from local midnight; one analysis per area and month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.Analysis = cls.env["property.crm.complaint.analysis"]

    def test_night_of_the_first_belongs_to_its_month(self):
        # 2026-12-01 00:30 in Shanghai is 2026-11-30 16:30 UTC
        december = self.create_complaint(at=datetime(2026, 11, 30, 16, 30))
        # 2026-11-30 23:30 in Shanghai
        november = self.create_complaint(at=datetime(2026, 11, 30, 15, 30))
        self.env.flush_all()
        Report = self.env["property.crm.complaint.report"]
        rows = Report.search([("complaint_id", "in", (december | november).ids)])
        self.assertEqual(
            {row.complaint_id: row.received_date for row in rows},
            {december: date(2026, 12, 1), november: date(2026, 11, 30)},
        )
        by_month = dict(
            Report._read_group(
                [("complaint_id", "in", (december | november).ids)],
                ["received_date:month"],
                ["__count"],
            )
        )
        self.assertEqual(by_month, {date(2026, 11, 1): 1, date(2026, 12, 1): 1})
        with freeze_time(datetime(2027, 1, 5)):
            analyses = self.Analysis.with_user(self.user_area_manager).create(
                [
                    {"area_id": self.area_east.id, "month": date(2026, 12, 1)},
                    {"area_id": self.area_east.id, "month": date(2026, 11, 1)},
                ]
            )
            analyses.action_compute()
        self.assertEqual(analyses.mapped("complaint_count"), [1, 1])
        self.assertEqual(analyses[0].previous_count, 1)

    def test_monthly_cron_follows_the_local_calendar(self):
        def months():
            return set(
                self.Analysis.search([("area_id", "=", self.area_east.id)]).mapped(
                    "month"
                )
            )

        Analysis = self.Analysis.with_context(force_report_rendering=False)
        # 2026-11-30 23:00 in Shanghai: the last day of November, its analysis goes
        with freeze_time(datetime(2026, 11, 30, 15, 0)):
            Analysis._cron_monthly_analysis()
        self.assertEqual(months(), {date(2026, 10, 1), date(2026, 11, 1)})
        self.Analysis.search([("area_id", "=", self.area_east.id)]).unlink()
        # 2026-12-01 01:00 in Shanghai (still 30 November in UTC): an ordinary day
        with freeze_time(datetime(2026, 11, 30, 17, 0)):
            Analysis._cron_monthly_analysis()
        self.assertEqual(months(), {date(2026, 11, 1)})

    def test_month_normalized_to_the_first(self):
        analysis = self.Analysis.with_user(self.user_area_manager).create(
            {"area_id": self.area_east.id, "month": "2026-12-17"}
        )
        self.assertEqual(analysis.month, date(2026, 12, 1))
        analysis.with_user(self.user_area_manager).month = date(2027, 1, 20)
        self.assertEqual(analysis.month, date(2027, 1, 1))

    def test_one_analysis_per_area_and_month(self):
        first = self.Analysis.with_user(self.user_area_manager).create(
            {"area_id": self.area_east.id, "month": date(2026, 12, 1)}
        )
        with self.assertRaisesRegex(ValidationError, "PCRM East Area for 2026-12"):
            self.Analysis.with_user(self.user_area_manager).create(
                {"area_id": self.area_east.id, "month": date(2026, 12, 17)}
            )
        other = self.Analysis.with_user(self.user_area_manager).create(
            {"area_id": self.area_east.id, "month": date(2026, 11, 1)}
        )
        with self.assertRaises(ValidationError):
            other.with_user(self.user_area_manager).month = date(2026, 12, 9)
        self.assertEqual(other.month, date(2026, 11, 1))
        # "all areas" too
        self.Analysis.with_user(self.user_supervisor).create({"month": "2026-12-01"})
        with self.assertRaisesRegex(ValidationError, "All Areas for 2026-12"):
            self.Analysis.with_user(self.user_supervisor).create(
                {"month": "2026-12-31"}
            )
        self.assertEqual(
            self.Analysis.search_count([("month", "=", date(2026, 12, 1))]), 2
        )
        # and the database refuses a twin the ORM was not asked about
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO property_crm_complaint_analysis "
                    "(company_id, month, state) VALUES (%s, '2026-12-01', 'draft')",
                    [self.company.id],
                )
        self.assertTrue(first.exists())


@tagged("post_install", "-at_install")
class TestStaffKpis(SeedCallbackCase):
    """Seed 002 §五(二): the 1 h response is the department's, the callback is
    whoever made it."""

    def test_credit_to_department_and_caller(self):
        complaint = self.create_complaint(category_id=self.category.id)
        complaint.user_id = self.user_supervisor  # the complaint's handler
        engineering, security = self.Sheet.with_user(self.user_specialist).create(
            [
                {
                    "complaint_id": complaint.id,
                    "department_id": self.department_engineering.id,
                    "handling_method": "<p>Replace the joint</p>",
                },
                {
                    "complaint_id": complaint.id,
                    "department_id": self.department_security.id,
                    "handling_method": "<p>Escort the plumber</p>",
                },
            ]
        )
        self.department_security.manager_id = self.employee_handler_other
        with freeze_time(T0 + 10 * MINUTE):
            (engineering | security).action_send()
        with freeze_time(T0 + 40 * MINUTE):
            engineering.with_user(self.user_department_manager).action_accept()
        with freeze_time(T0 + 3 * HOUR):
            security.with_user(self.user_handler_other).action_accept()
        # how the departments finish is not what is measured here
        (engineering | security).sudo().write({"result": "<p>Done</p>"})
        (engineering | security).sudo().action_done()
        callback = self.resolve(complaint, T0 + 5 * HOUR)
        self.assertEqual(callback.user_id, self.user_specialist)
        # the area manager makes the call the specialist was given
        self.call_back(callback, T0 + 6 * HOUR, user=self.user_area_manager)
        self.assertEqual(callback.done_by_id, self.user_area_manager)
        self.env.flush_all()
        Kpi = self.env["property.crm.staff.kpi.report"].with_user(self.user_supervisor)
        domain = [("complaint_id", "=", complaint.id)]
        response = dict(
            Kpi._read_group(
                domain + [("kind", "=", "response")],
                ["department_id"],
                ["response_on_time:avg"],
            )
        )
        self.assertEqual(
            response,
            {self.department_engineering: 100.0, self.department_security: 0.0},
        )
        by_user = {
            (kind, user): (feedback, response_rate, callback_rate)
            for kind, user, feedback, response_rate, callback_rate in Kpi._read_group(
                domain,
                ["kind", "user_id"],
                [
                    "feedback_on_time:avg",
                    "response_on_time:avg",
                    "callback_rate:avg",
                ],
            )
        }
        self.assertEqual(by_user[("callback", self.user_area_manager)][2], 100.0)
        self.assertNotIn(("callback", self.user_specialist), by_user)
        self.assertEqual(
            {user for kind, user in by_user if kind == "response"},
            {self.user_department_manager, self.user_handler_other},
        )
        self.assertEqual(
            {user for kind, user in by_user if kind == "feedback"},
            {self.user_specialist},
        )
        # nothing is credited to the complaint's handler
        self.assertFalse(
            [key for key in by_user if key[1] == self.user_supervisor], by_user
        )

    def test_kpis_are_for_supervisors(self):
        with self.assertRaises(AccessError):
            self.env["property.crm.staff.kpi.report"].with_user(
                self.user_specialist
            ).search([])


@tagged("post_install", "-at_install")
class TestSpecialistDraftsEvaluation(ComplaintCase):
    """Seed 004 五: the 客戶關係專員 evaluates, the supervisor grades and submits, the
    manager approves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Evaluation = cls.env["property.crm.grade.evaluation"]

    def _draft(self):
        return self.Evaluation.with_user(self.user_specialist).create(
            {
                "partner_id": self.customer.id,
                "proposed_grade_id": self.grade_b.id,
                "score_payment": 8,
                "score_cooperation": 7,
                "assessment": "Pays on time, cooperative.",
            }
        )

    def test_specialist_drafts_supervisor_submits_manager_approves(self):
        evaluation = self._draft()
        self.assertEqual(evaluation.state, "draft")
        evaluation.with_user(self.user_specialist).write({"score_value": 6})
        self.assertEqual(evaluation.total_score, 21)
        with self.assertRaises(AccessError):
            evaluation.with_user(self.user_specialist).action_submit()
        self.assertEqual(evaluation.state, "draft")
        # the supervisor grades: may change the proposal, then submits
        evaluation.with_user(self.user_supervisor).proposed_grade_id = self.grade_a
        evaluation.with_user(self.user_supervisor).action_submit()
        self.assertEqual(evaluation.state, "submitted")
        self.assertEqual(evaluation.submitted_by_id, self.user_supervisor)
        # submitted: the content is fixed, for the specialist and the supervisor
        for user in (self.user_specialist, self.user_supervisor):
            with self.assertRaisesRegex(UserError, "can no longer change"):
                evaluation.with_user(user).write(
                    {"proposed_grade_id": self.grade_vip.id}
                )
        self.assertEqual(evaluation.proposed_grade_id, self.grade_a)
        with self.assertRaises(AccessError):
            evaluation.with_user(self.user_specialist).action_approve()
        with self.assertRaises(AccessError):
            evaluation.with_user(self.user_specialist).write(
                {"refuse_reason": "Not convinced"}
            )
        self.assertFalse(evaluation.refuse_reason)
        evaluation.with_user(self.user_manager).action_approve()
        self.assertEqual(self.customer.grade_id, self.grade_a)

    def test_specialist_cannot_skip_the_steps(self):
        grade = self.customer.grade_id
        with self.assertRaises(UserError):
            self.Evaluation.with_user(self.user_specialist).create(
                {
                    "partner_id": self.customer.id,
                    "proposed_grade_id": self.grade_vip.id,
                    "state": "approved",
                }
            )
        self.assertFalse(
            self.Evaluation.search([("partner_id", "=", self.customer.id)])
        )
        evaluation = self._draft()
        with self.assertRaises(UserError):
            evaluation.with_user(self.user_specialist).write({"state": "submitted"})
        self.assertEqual(evaluation.state, "draft")
        with self.assertRaises(AccessError):
            evaluation.with_user(self.user_specialist).unlink()
        self.assertTrue(evaluation.exists())
        self.assertEqual(self.customer.grade_id, grade)

    def test_specialist_does_not_rework_a_refusal(self):
        evaluation = self._draft()
        evaluation.with_user(self.user_supervisor).action_submit()
        evaluation.with_user(self.user_manager).refuse_reason = "Arrears"
        evaluation.with_user(self.user_manager).action_refuse()
        with self.assertRaises(AccessError):
            evaluation.with_user(self.user_specialist).action_reset_to_draft()
        self.assertEqual(evaluation.state, "refused")
        evaluation.with_user(self.user_supervisor).action_reset_to_draft()
        self.assertEqual(evaluation.state, "draft")

    def test_handler_does_not_evaluate(self):
        with self.assertRaises(AccessError):
            self.Evaluation.with_user(self.user_handler).create(
                {"partner_id": self.customer.id, "proposed_grade_id": self.grade_b.id}
            )
