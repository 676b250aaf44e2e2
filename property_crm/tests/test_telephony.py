import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from ..models.property_crm_call import national_number
from .common_desk import DeskCase

URL = "/property_crm/telephony/call"
TOKEN = "s3cret-token-for-tests-0123456789"


@tagged("post_install", "-at_install")
class TestTelephonyEndpoint(DeskCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.property_crm_telephony_token = TOKEN
        cls.user_call_agent.property_crm_extension = "8001"
        cls.Call = cls.env["property.crm.call"]

    def post(self, body, token=TOKEN, raw=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["X-Property-CRM-Token"] = token
        data = raw if raw is not None else json.dumps(body)
        return self.url_open(URL, data=data, headers=headers)

    def calls(self):
        return self.Call.search([])

    def test_incoming_call_matches_customer_and_notifies_agent(self):
        before = self.calls()
        bus_before = self.env["bus.bus"].search_count([])
        response = self.post(
            {"call_ref": "pbx-1", "number": "+86 138-1234-5678", "extension": "8001"}
        )
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        call = self.calls() - before
        self.assertEqual(len(call), 1)
        self.assertEqual(body["call_id"], call.id)
        self.assertEqual(body["customer"]["id"], self.customer.id)
        self.assertEqual(call.partner_id, self.customer)
        self.assertEqual(call.unit_id, self.unit_east)
        self.assertEqual(call.agent_id, self.user_call_agent)
        self.assertEqual(body["notified"], [self.user_call_agent.login])
        notes = self.env["bus.bus"].search([], order="id desc", limit=1)
        self.assertGreater(self.env["bus.bus"].search_count([]), bus_before)
        self.assertIn("property_crm.incoming_call", notes.message)
        self.assertIn(str(call.id), notes.message)
        # the same call ends: no second record
        response = self.post(
            {"call_ref": "pbx-1", "number": "13812345678", "event": "ended"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.calls() - before, call)
        self.assertTrue(call.ended_at)

    def test_landline_matched_and_on_duty_agents_told(self):
        self.user_specialist.property_crm_on_duty = True
        response = self.post({"number": "0755 8600 1234"})
        self.assertEqual(response.status_code, 201, response.text)
        call = self.Call.browse(response.json()["call_id"])
        self.assertEqual(call.partner_id, self.customer)
        self.assertFalse(call.agent_id)
        self.assertIn(self.user_specialist.login, response.json()["notified"])

    def test_unknown_number_logged_without_customer(self):
        response = self.post({"number": "13900000000"})
        self.assertEqual(response.status_code, 201)
        self.assertIsNone(response.json()["customer"])
        call = self.Call.browse(response.json()["call_id"])
        self.assertFalse(call.partner_id)

    def test_bad_requests_create_nothing(self):
        before = self.calls()
        cases = [
            (self.post({"number": "13812345678"}, token=None), 401, "missing_token"),
            (self.post({"number": "13812345678"}, token="wrong"), 403, "bad_token"),
            (self.post(None, raw="not json"), 400, "bad_request"),
            (self.post(None, raw="[1, 2]"), 400, "bad_request"),
            (self.post({"direction": "inbound"}), 400, "bad_request"),
            (
                self.post({"number": "1381", "direction": "sideways"}),
                400,
                "bad_request",
            ),
            (
                self.post({"number": "1381", "started_at": "yesterday"}),
                400,
                "bad_request",
            ),
        ]
        for response, status, code in cases:
            self.assertEqual(response.status_code, status, response.text)
            self.assertEqual(response.json()["error"], code)
            self.assertTrue(response.json()["message"])
        self.assertEqual(self.calls(), before)
        self.assertEqual(self.url_open(URL).status_code, 405)

    def test_number_normalisation(self):
        self.assertEqual(national_number("+86 138 1234 5678"), "13812345678")
        self.assertEqual(national_number("008613812345678"), "13812345678")
        self.assertEqual(national_number("+86 755 8600 1234"), "075586001234")
        self.assertEqual(national_number("0755-86001234"), "075586001234")


@tagged("post_install", "-at_install")
class TestCallRecord(DeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = (
            cls.env["property.crm.call"]
            .with_user(cls.user_call_agent)
            .create({"number": "13812345678", "partner_id": cls.customer.id})
        )

    def test_number_masked_for_masked_roles(self):
        agent_read = self.call.with_user(self.user_call_agent).read(["number"])[0]
        self.assertEqual(agent_read["number"], "138****5678")
        specialist_read = self.call.with_user(self.user_specialist).read(["number"])
        self.assertEqual(specialist_read[0]["number"], "138****5678")
        supervisor_read = self.call.with_user(self.user_supervisor).read(["number"])
        self.assertEqual(supervisor_read[0]["number"], "13812345678")

    def test_call_log_is_fixed(self):
        with self.assertRaises(UserError):
            self.call.with_user(self.user_call_agent).write({"number": "13900000000"})
        self.assertEqual(self.call.number, "13812345678")
        with self.assertRaises(AccessError):
            self.env["property.crm.call"].with_user(self.user_handler).create(
                {"number": "13900000000"}
            )

    def test_first_contact_kept_on_what_the_call_produces(self):
        agent = self.user_call_agent
        action = self.call.with_user(agent).action_new_request()
        request = (
            self.env["property.crm.request"]
            .with_user(agent)
            .with_context(**action["context"])
            .create(
                {"type_id": self.type_pool.id, "description": "<p>Noise at night</p>"}
            )
        )
        self.assertEqual(request.call_id, self.call)
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.first_contact_user_id, agent)
        self.assertEqual(request.channel, "hotline")
        self.assertEqual(self.call.outcome, "request")
        action = self.call.with_user(agent).action_new_complaint()
        complaint = (
            self.env["property.crm.complaint"]
            .with_user(agent)
            .with_context(**action["context"])
            .create({"description": "<p>Rude guard</p>"})
        )
        self.assertEqual(complaint.call_id, self.call)
        self.assertEqual(complaint.received_by_id, agent)
        self.assertEqual(complaint.first_contact_user_id, agent)
        # a specialist logs a repair from the agent's call: the agent stays first
        action = self.call.with_user(self.user_specialist).action_new_repair()
        order = (
            self.env["property.crm.repair.order"]
            .with_user(self.user_specialist)
            .with_context(**action["context"])
            .create({"description": "<p>Leak</p>"})
        )
        self.assertEqual(order.first_contact_user_id, agent)
        self.assertEqual(self.call.produced_count, 3)

    def test_other_agent_cannot_log_from_the_call(self):
        from odoo.tests.common import new_test_user

        other = new_test_user(
            self.env,
            login="pcrm_test_call_agent2",
            groups="base.group_user,property_crm.group_call_agent",
        )
        with self.assertRaises(AccessError):
            self.call.with_user(other).action_new_request()
