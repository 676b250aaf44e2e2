"""The service desk tried in a real browser (static/tests/tours/
property_crm_desk_tour.js): call → demand → department answers → callback closes."""

import json

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_desk import DeskCase

TOKEN = "tour-token-0123456789-abcdefghij"


@tagged("post_install", "-at_install")
class TestDeskTour(DeskCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.property_crm_telephony_token = TOKEN
        # the desk as its Chinese users see it (the selectors name fields and buttons)
        cls.env["res.lang"]._activate_lang("zh_CN")
        (
            cls.user_call_agent
            | cls.user_handler
            | cls.user_department_manager
            | cls.user_area_manager
            | cls.user_specialist
        ).write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        cls.user_call_agent.property_crm_extension = "8001"
        cls.type_tour = cls.env["property.crm.request.type"].create(
            {
                "name": "PCRM Tour Report",
                "kind": "report",
                "department_id": cls.department_engineering.id,
                "assign_to": "pool",
                "needs_callback": True,
                "deadline_ids": [
                    Command.create(
                        {
                            "urgency": "normal",
                            "response_hours": 2,
                            "completion_hours": 24,
                        }
                    )
                ],
            }
        )

    def test_call_demand_answer_callback(self):
        response = self.url_open(
            "/property_crm/telephony/call",
            data=json.dumps({"number": "13812345678", "extension": "8001"}),
            headers={
                "Content-Type": "application/json",
                "X-Property-CRM-Token": TOKEN,
            },
        )
        self.assertEqual(response.status_code, 201, response.text)
        self.start_tour(
            "/odoo/action-property_crm.property_crm_call_action",
            "property_crm_desk_agent_logs_demand",
            login=self.user_call_agent.login,
            timeout=120,
        )
        request = self.env["property.crm.request"].search(
            [("type_id", "=", self.type_tour.id)]
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(request.department_id, self.department_engineering)
        self.assertEqual(request.first_contact_user_id, self.user_call_agent)
        self.assertEqual(request.call_id.partner_id, self.customer)
        self.start_tour(
            "/odoo/action-property_crm.property_crm_request_action",
            "property_crm_desk_handler_answers",
            login=self.user_handler.login,
            timeout=120,
        )
        self.assertEqual(request.state, "done")
        self.assertIn("Bulb replaced tour6", request.answer)
        self.start_tour(
            "/odoo/action-property_crm.property_crm_callback_action",
            "property_crm_desk_callback_closes",
            login=request.callback_ids.user_id.login,
            timeout=120,
        )
        self.assertEqual(request.state, "closed")
