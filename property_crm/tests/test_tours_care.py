"""The maintenance plan tried in a real browser, as a new user would: each role
takes its step in the web client (tours in static/tests/tours/)."""

from odoo.tests import HttpCase, tagged

from .common_care import CareCase


@tagged("post_install", "-at_install")
class TestToursCare(CareCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = cls.user_supervisor | cls.user_manager | cls.user_director
        cls.env["res.lang"]._activate_lang("zh_CN")
        users.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})

    def test_plan_from_draft_to_closed_by_its_roles(self):
        url = "/odoo/action-property_crm.property_crm_maintenance_plan_action"
        steps = (
            ("property_crm_maintenance_supervisor_drafts", self.user_supervisor),
            ("property_crm_maintenance_manager_reviews", self.user_manager),
            ("property_crm_maintenance_director_approves", self.user_director),
            ("property_crm_maintenance_supervisor_reports", self.user_supervisor),
            ("property_crm_maintenance_manager_closes", self.user_manager),
        )
        for tour, user in steps:
            self.start_tour(url, tour, login=user.login, timeout=120)
        plan = self.Plan.search([("title", "=", "Tour care plan")])
        self.assertEqual(plan.state, "closed")
        self.assertEqual(plan.submitted_by_id, self.user_supervisor)
        self.assertEqual(plan.reviewed_by_id, self.user_manager)
        self.assertEqual(plan.approved_by_id, self.user_director)
        self.assertEqual(plan.closed_by_id, self.user_manager)
        self.assertEqual(plan.report_results, "All four enterprises renewed")

    def test_relationship_board(self):
        self.create_plan(title="Board plan")
        self.start_tour(
            "/odoo/action-property_crm.property_crm_relationship_board_action",
            "property_crm_relationship_board",
            login=self.user_manager.login,
            timeout=120,
        )
