from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests.common import new_test_user

from .common_complaint import ComplaintCase

# a Monday morning, UTC
T0 = datetime(2026, 3, 2, 1, 0, 0)


class DeskCase(ComplaintCase):
    """Service-desk fixtures: a call agent, demand types routed to the engineering
    department (pool, area manager, department manager) with deadlines per
    urgency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_call_agent = new_test_user(
            env,
            login="pcrm_test_call_agent",
            name="PCRM Call Agent",
            groups="base.group_user,property_crm.group_call_agent",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.Request = env["property.crm.request"]
        Type = env["property.crm.request.type"]

        def request_type(name, assign_to, callback=False, lines=None, limit=2):
            return Type.create(
                {
                    "name": name,
                    "kind": "report",
                    "department_id": cls.department_engineering.id,
                    "assign_to": assign_to,
                    "needs_callback": callback,
                    "chase_limit": limit,
                    "deadline_ids": [
                        Command.create(
                            {
                                "urgency": urgency,
                                "response_hours": response,
                                "completion_hours": completion,
                            }
                        )
                        for urgency, response, completion in (
                            lines or [("normal", 2, 24), ("urgent", 0.5, 4)]
                        )
                    ],
                }
            )

        cls.type_pool = request_type("PCRM Pool Report", "pool")
        cls.type_area = request_type("PCRM Area Report", "area_manager", callback=True)
        cls.type_manager = request_type(
            "PCRM Suggestion", "department_manager", lines=[("normal", 24, 168)]
        )
        env.flush_all()

    def create_request(self, at=T0, user=None, **vals):
        values = {
            "type_id": self.type_pool.id,
            "partner_id": self.customer.id,
            "unit_id": self.unit_east.id,
            "description": "<p>The corridor light is broken</p>",
        }
        values.update(vals)
        with freeze_time(at):
            request = self.Request.with_user(user or self.user_call_agent).create(
                values
            )
            self.env.flush_all()
        return request.with_user(self.env.user)

    def act(self, request, user, method, at=T0 + timedelta(minutes=10), **kwargs):
        with freeze_time(at):
            result = getattr(request.with_user(user), method)(**kwargs)
            self.env.flush_all()
        request.invalidate_recordset()
        return result

    def run_clocks(self, at):
        with freeze_time(at):
            self.env["property.crm.clock"]._cron_watchdog()
            self.env.flush_all()
            self.env.cr.precommit.run()
