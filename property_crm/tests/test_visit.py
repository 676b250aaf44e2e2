from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_care import CareCase


@tagged("post_install", "-at_install")
class TestVisit(CareCase):
    """Key accounts and the monthly visit plan (seed 004 篇2, 篇3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Visit = cls.env["property.crm.visit"]
        cls.Scorecard = cls.env["property.crm.visit.scorecard"]
        cls.enterprise.write(
            {"is_key_account": True, "key_account_user_id": cls.user_specialist.id}
        )
        cls.customer_west.sudo().write(
            {"grade_id": cls.grade_a.id, "user_id": cls.user_area_manager.id}
        )
        cls.env.company.property_crm_visit_miss_points = 2.0
        # only these grades are visited (demo customers of other grades stay out)
        cls.env["property.crm.grade"].search([]).visit_interval_months = 0
        cls.grade_a.visit_interval_months = 3

    def plan(self, day):
        with freeze_time(day):
            count = self.Visit._cron_plan_visits()
            self.env.flush_all()
        return count

    def visits(self, partner):
        return self.Visit.search([("partner_id", "=", partner.id)], order="month")

    def test_monthly_plan_before_the_month(self):
        self.plan(date(2027, 3, 10))  # before the plan day: nothing yet
        self.assertFalse(self.visits(self.enterprise))
        self.plan(date(2027, 3, 25))
        self.plan(date(2027, 3, 26))  # once per month
        visit = self.visits(self.enterprise)
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.month, date(2027, 4, 1))
        self.assertEqual(visit.user_id, self.user_specialist)
        self.assertTrue(
            visit.activity_ids.filtered(lambda a: a.user_id == self.user_specialist)
        )
        # a grade-A customer: quarterly
        self.assertEqual(self.visits(self.customer_west).month, date(2027, 4, 1))
        self.plan(date(2027, 4, 25))
        self.assertEqual(len(self.visits(self.enterprise)), 2, "key account: monthly")
        self.assertEqual(len(self.visits(self.customer_west)), 1)
        self.plan(date(2027, 6, 25))
        self.assertEqual(
            self.visits(self.customer_west).mapped("month"),
            [date(2027, 4, 1), date(2027, 7, 1)],
        )

    def test_late_and_missed_on_scorecard(self):
        self.plan(date(2027, 3, 25))
        visit = self.visits(self.enterprise)
        west = self.visits(self.customer_west)
        with freeze_time(datetime(2027, 4, 20, 3, 0)):  # planned on the 15th
            visit.with_user(self.user_specialist).write(
                {"feedback": "Wants a parking review"}
            )
            visit.with_user(self.user_specialist).action_done()
        self.assertTrue(visit.is_late)
        with self.assertRaises(AccessError):
            west.with_user(self.user_specialist).action_done()
        self.plan(date(2027, 5, 2))  # April ended: the undone visit is missed
        self.assertEqual(west.state, "missed")
        self.env.flush_all()
        cards = self.Scorecard.search([("month", "=", date(2027, 4, 1))])
        card = cards.filtered(lambda c: c.user_id == self.user_specialist)
        self.assertEqual((card.late_count, card.missed_count), (1, 0))
        self.assertEqual(card.score, 98.0)
        card_west = cards.filtered(lambda c: c.user_id == self.user_area_manager)
        self.assertEqual((card_west.missed_count, card_west.score), (1, 98.0))
        self.env.company.property_crm_visit_miss_points = 5.0
        self.env.flush_all()
        card_west.invalidate_recordset()
        self.assertEqual(card_west.score, 95.0)

    def test_visit_state_and_month_locked(self):
        self.plan(date(2027, 3, 25))
        visit = self.visits(self.enterprise).with_user(self.user_specialist)
        with self.assertRaises(UserError):
            visit.write({"state": "done"})
        with self.assertRaises(UserError):
            visit.write({"planned_date": date(2027, 5, 3)})
        visit.write({"planned_date": date(2027, 4, 3)})
        self.assertEqual(visit.planned_date, date(2027, 4, 3))
        self.assertEqual(visit.state, "planned")

    def test_milestone_gives_satisfaction_callback(self):
        Milestone = self.env["property.crm.key.account.milestone"]
        milestone = Milestone.with_user(self.user_specialist).create(
            {"name": "Parking agreement signed", "partner_id": self.enterprise.id}
        )
        with self.assertRaises(UserError):
            milestone.with_user(self.user_specialist).write({"state": "reached"})
        with self.assertRaises(AccessError):
            milestone.with_user(self.user_handler).action_reached()
        self.assertEqual(milestone.state, "planned")
        with freeze_time(datetime(2027, 4, 1, 2, 0)):
            milestone.with_user(self.user_specialist).action_reached()
        callback = milestone.callback_id
        self.assertEqual(callback.callback_type, "key_account")
        self.assertEqual(callback.method, "face_to_face")
        self.assertEqual(callback.user_id, self.user_specialist)
        self.assertEqual(callback.deadline, datetime(2027, 4, 2, 2, 0))
        self.assertEqual(callback.key_account_milestone_id, milestone)
        with self.assertRaises(UserError):
            milestone.with_user(self.user_specialist).action_reached()
