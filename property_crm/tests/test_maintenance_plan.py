from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_care import CareCase


@tagged("post_install", "-at_install")
class TestMaintenancePlan(CareCase):
    """客戶關係維護方案 (seed 004 六–八): each step by its role only."""

    def test_director_role_in_chain(self):
        director = self.env.ref("property_crm.group_director")
        self.assertIn(self.env.ref("property_crm.group_manager"), director.implied_ids)
        self.assertTrue(self.user_director.has_group("property_crm.group_manager"))
        self.assertFalse(self.user_manager.has_group("property_crm.group_director"))

    def test_full_chain_draft_to_closed(self):
        plan = self.create_plan()
        self.assertEqual(plan.state, "draft")
        self.assertTrue(plan.name.startswith("WH"))
        plan.action_submit()
        self.assertEqual(plan.state, "in_review")
        self.assertEqual(plan.submitted_by_id, self.user_supervisor)
        self.assertIn(
            self.user_manager, plan.activity_ids.user_id, "the manager is asked"
        )
        plan.with_user(self.user_manager).action_review()
        self.assertEqual(plan.reviewed_by_id, self.user_manager)
        self.assertIn(self.user_director, plan.activity_ids.user_id)
        plan.with_user(self.user_director).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.user_director)
        plan.action_start()
        self.assertEqual(plan.state, "in_progress")
        plan.write(
            {
                "report_results": "All 4 visits made",
                "report_feedback": "Happy with the gardens",
                "report_next_measures": "Keep the quarterly rhythm",
            }
        )
        plan.action_submit_report()
        self.assertEqual(plan.state, "reported")
        plan.with_user(self.user_manager).action_close()
        self.assertEqual(plan.state, "closed")
        self.assertEqual(plan.closed_by_id, self.user_manager)
        # who did each step, in the chatter
        bodies = " ".join(plan.message_ids.mapped("body"))
        for name in (
            self.user_supervisor.name,
            self.user_manager.name,
            self.user_director.name,
        ):
            self.assertIn(name, bodies)
        pdf, kind = self.env["ir.actions.report"]._render_qweb_html(
            "property_crm.report_maintenance_plan", plan.ids
        )
        self.assertEqual(kind, "html")
        html = pdf.decode()
        for label in ("客戶關係維護報告", "編制", "審核", "批准", "All 4 visits made"):
            self.assertIn(label, html)

    def test_return_with_suggestions(self):
        plan = self.create_plan()
        plan.action_submit()
        as_manager = plan.with_user(self.user_manager)
        with self.assertRaises(UserError):
            as_manager.action_return()  # no suggestions yet
        self.assertEqual(plan.state, "in_review")
        as_manager.review_suggestions = "Budget too high for one customer"
        as_manager.action_return()
        self.assertEqual(plan.state, "returned")
        self.assertIn("Budget too high", " ".join(plan.message_ids.mapped("body")))
        self.assertIn(self.user_supervisor, plan.activity_ids.user_id)
        plan.budget_amount = 3000.0
        plan.action_submit()
        self.assertEqual(plan.state, "in_review")

    def test_wrong_roles_refused(self):
        plan = self.create_plan()
        with self.assertRaises(AccessError):
            plan.with_user(self.user_specialist).action_submit()
        with self.assertRaises(AccessError):
            self.create_plan(user=self.user_specialist)
        plan.action_submit()
        for user in (self.user_specialist, self.user_supervisor):
            with self.assertRaises(AccessError):
                plan.with_user(user).action_review()
        self.assertEqual(plan.state, "in_review")
        plan.with_user(self.user_manager).action_review()
        for user in (self.user_supervisor, self.user_manager):
            with self.assertRaises(AccessError):
                plan.with_user(user).action_approve()
        self.assertEqual(plan.state, "reviewed")
        self.assertFalse(plan.approved_by_id)
        # a step out of order
        with self.assertRaises(UserError):
            plan.with_user(self.user_director).action_close()
        self.assertEqual(plan.state, "reviewed")

    def test_direct_write_of_state_refused(self):
        plan = self.create_plan()
        for user in (self.user_supervisor, self.user_manager, self.user_director):
            with self.assertRaises(UserError):
                plan.with_user(user).write({"state": "approved"})
            with self.assertRaises(UserError):
                plan.with_user(user).with_context(
                    install_mode=True, tracking_disable=True, force_write=True
                ).write({"approved_by_id": user.id})
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.approved_by_id)
        with self.assertRaises(UserError):
            self.create_plan(state="approved")
        with self.assertRaises(UserError):
            self.create_plan(name="WH-FAKE")

    def test_content_locked_after_submit(self):
        plan = self.create_plan()
        plan.action_submit()
        for user in (self.user_supervisor, self.user_manager):
            with self.assertRaises(UserError):
                plan.with_user(user).write({"budget_amount": 99999.0})
        self.assertEqual(plan.budget_amount, 5000.0)
        # the suggestions are the manager's
        with self.assertRaises(AccessError):
            plan.write({"review_suggestions": "I approve myself"})
        self.assertFalse(plan.review_suggestions)
        # the report is written only while the plan runs
        with self.assertRaises(UserError):
            plan.write({"report_results": "Done already"})
        self.assertFalse(plan.report_results)

    def test_report_needs_results_and_manager(self):
        plan = self.approved_plan()
        plan.action_start()
        with self.assertRaises(UserError):
            plan.action_submit_report()
        plan.report_results = "Goals met"
        plan.action_submit_report()
        with self.assertRaises(AccessError):
            plan.action_close()
        with self.assertRaises(AccessError):
            plan.with_user(self.user_specialist).action_close()
        self.assertEqual(plan.state, "reported")
        plan.with_user(self.user_manager).action_reject_report()
        self.assertEqual(plan.state, "in_progress")

    def test_budget_against_analytic_spending(self):
        plan = self.create_plan()
        Line = self.env["account.analytic.line"]
        plan_column = self.analytic_plan._column_name()
        Line.create(
            [
                {
                    "name": "Mooncakes",
                    "amount": -1200.0,
                    "date": date(2027, 9, 10),
                    plan_column: self.analytic_account.id,
                },
                {
                    "name": "Flowers",
                    "amount": -300.0,
                    "date": date(2027, 3, 8),
                    plan_column: self.analytic_account.id,
                },
                {
                    "name": "Before the plan",
                    "amount": -800.0,
                    "date": date(2026, 12, 1),
                    plan_column: self.analytic_account.id,
                },
            ]
        )
        plan.invalidate_recordset(["spent_amount", "budget_remaining"])
        self.assertEqual(plan.spent_amount, 1500.0)
        self.assertEqual(plan.budget_remaining, 3500.0)

    def test_delete_only_drafts(self):
        plan = self.create_plan()
        plan.action_submit()
        with self.assertRaises(UserError):
            plan.unlink()
        self.assertTrue(plan.exists())

    def test_budget_report_against_spending(self):
        plan = self.create_plan()
        self.env["account.analytic.line"].create(
            {
                "name": "Gift boxes",
                "amount": -700.0,
                "date": date(2027, 2, 1),
                self.analytic_plan._column_name(): self.analytic_account.id,
            }
        )
        self.env.flush_all()
        row = self.env["property.crm.maintenance.budget.report"].search(
            [("plan_id", "=", plan.id)]
        )
        self.assertEqual(
            (row.budget_amount, row.spent_amount, row.remaining_amount),
            (5000.0, 700.0, 4300.0),
        )
        groups = (
            self.env["property.crm.maintenance.budget.report"]
            .with_user(self.user_supervisor)
            .read_group(
                [("plan_id", "=", plan.id)],
                ["budget_amount:sum", "spent_amount:sum"],
                ["state"],
            )
        )
        self.assertEqual(groups[0]["spent_amount"], 700.0)
