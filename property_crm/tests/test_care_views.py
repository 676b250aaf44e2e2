from datetime import date

from odoo.tests import Form, tagged

from .common_care import CareCase


@tagged("post_install", "-at_install")
class TestCareViews(CareCase):
    """The forms a supervisor and a specialist use, through the web client's Form."""

    def test_views_load_for_each_role(self):
        models = (
            "property.crm.maintenance.plan",
            "property.crm.maintenance.task",
            "property.crm.maintenance.record",
            "property.crm.visit",
            "property.crm.care.occasion",
            "property.crm.care.greeting",
        )
        for user in (self.user_specialist, self.user_supervisor, self.user_director):
            for model in models:
                views = (
                    self.env[model]
                    .with_user(user)
                    .get_views([(False, "list"), (False, "form"), (False, "search")])
                )
                self.assertIn("list", views["views"])

    def test_supervisor_drafts_plan_in_form(self):
        with Form(
            self.Plan.with_user(self.user_supervisor),
            view="property_crm.property_crm_maintenance_plan_view_form",
        ) as form:
            form.title = "Birthday care 2027"
            form.target_type = "grade"
            form.grade_id = self.grade_vip
            form.goals = "Every VIP greeted"
            form.measures = "A call and flowers"
            form.date_start = date(2027, 1, 1)
            form.date_end = date(2027, 12, 31)
            form.budget_amount = 1200.0
        plan = form.record
        self.assertEqual(plan.state, "draft")
        plan.with_user(self.user_supervisor).action_submit()
        self.assertEqual(plan.state, "in_review")
