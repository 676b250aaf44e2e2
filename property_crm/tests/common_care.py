from datetime import date

from odoo import Command
from odoo.tests.common import new_test_user

from .common import PropertyCrmCase


class CareCase(PropertyCrmCase):
    """Fixtures of the relationship maintenance: a director, a second specialist and
    a plan drafted by the supervisor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_director = new_test_user(
            cls.env,
            login="pcrm_test_director",
            name="PCRM Director",
            groups="base.group_user,property_crm.group_director",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.Plan = cls.env["property.crm.maintenance.plan"]
        cls.Task = cls.env["property.crm.maintenance.task"]
        cls.Record = cls.env["property.crm.maintenance.record"]
        cls.analytic_plan = cls.env["account.analytic.plan"].create(
            {"name": "PCRM Care"}
        )
        cls.analytic_account = cls.env["account.analytic.account"].create(
            {"name": "PCRM Care Budget 2027", "plan_id": cls.analytic_plan.id}
        )

    def create_plan(self, user=None, **vals):
        values = {
            "title": "VIP owners 2027",
            "target_type": "partner",
            "partner_id": self.customer.id,
            "goals": "Satisfaction above 95 %",
            "method": "visit",
            "measures": "Quarterly visits with a gift",
            "user_ids": [Command.set(self.user_specialist.ids)],
            "date_start": date(2027, 1, 1),
            "date_end": date(2027, 12, 31),
            "budget_amount": 5000.0,
            "analytic_account_id": self.analytic_account.id,
        }
        values.update(vals)
        return self.Plan.with_user(user or self.user_supervisor).create(values)

    def approved_plan(self):
        plan = self.create_plan()
        plan.action_submit()
        plan.with_user(self.user_manager).action_review()
        plan.with_user(self.user_director).action_approve()
        return plan.with_user(self.user_supervisor)
