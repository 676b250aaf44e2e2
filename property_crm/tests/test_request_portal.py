"""客戶需求 on the portal (seed 002 §三): customers list, file, follow and chase
(催辦) their own demands at /my/requests; over RPC they read only the whitelisted
fields of their own demands and write nothing."""

import json
import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import new_test_user

from ..models.property_crm_request_portal import PORTAL_READABLE_FIELDS
from .common_desk import DeskCase


@tagged("post_install", "-at_install")
class TestRequestPortal(DeskCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="pcrm_req_portal_zhang",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.portal_user_west = new_test_user(
            cls.env,
            login="pcrm_req_portal_li",
            groups="base.group_portal",
            partner_id=cls.customer_west.id,
        )
        # a suggestion goes to the department manager; not filed on the portal
        cls.type_manager.portal_ok = False
        cls.mine = cls.Request.with_user(cls.user_call_agent).create(
            {
                "type_id": cls.type_pool.id,
                "partner_id": cls.customer.id,
                "unit_id": cls.unit_east.id,
                "description": "<p>PCRM corridor light broken</p>",
            }
        )
        cls.other = cls.Request.with_user(cls.user_call_agent).create(
            {
                "type_id": cls.type_pool.id,
                "partner_id": cls.customer_west.id,
                "unit_id": cls.unit_west.id,
                "description": "<p>PCRM west garage gate noisy</p>",
            }
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def open(self, url, data=None):
        self.env.flush_all()
        response = self.url_open(url, data=data, timeout=60)
        self.env.invalidate_all()
        return response

    def login(self, user=None):
        user = user or self.portal_user
        self.authenticate(user.login, user.login)

    def csrf(self, url):
        page = self.open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def post_new(self, **data):
        token = self.csrf("/my/requests/new")
        return self.open("/my/requests/new", data=dict(data, csrf_token=token))

    def rpc(self, url, params):
        self.env.flush_all()
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        self.env.invalidate_all()
        response.raise_for_status()
        return response.json()

    def call_kw(self, method, args, kwargs=None):
        model = "property.crm.request"
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def assertRefused(self, response, what="", exception="odoo.exceptions.AccessError"):
        self.assertIn("error", response, what)
        self.assertEqual(response["error"]["data"]["name"], exception, what)

    def alert(self, response):
        match = re.search(r'class="alert alert-danger[^"]*">(.*?)</div>', response.text)
        return match and match.group(1)

    # ------------------------------------------------------------------
    # pages
    # ------------------------------------------------------------------

    def test_list_and_page_show_only_own_demands(self):
        self.login()
        listing = self.open("/my/requests")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.mine.name, listing.text)
        self.assertNotIn(self.other.name, listing.text)
        page = self.open(self.mine.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("PCRM corridor light broken", page.text)
        self.assertIn(f"/my/requests/{self.mine.id}/chase", page.text)
        # another customer's demand: back to /my, nothing of it shown
        leak = self.open(f"/my/requests/{self.other.id}")
        self.assertTrue(leak.url.endswith("/my"), leak.url)
        self.assertNotIn("PCRM west garage", leak.text)
        self.assertNotIn(self.other.name, leak.text)
        # the home tile counts the customer's own demands
        counters = self.rpc("/my/counters", {"counters": ["request_count"]})
        self.assertEqual(counters["result"]["request_count"], 1)

    def test_internal_fields_not_on_the_page(self):
        self.mine.sudo().user_id = self.user_handler
        self.login()
        page = self.open(self.mine.get_portal_url())
        self.assertNotIn(self.user_handler.name, page.text)
        self.assertNotIn(self.department_engineering.name, page.text)

    def test_answer_shown_once_done(self):
        demand = self.mine.sudo()
        demand.user_id = self.user_handler
        demand.state = "in_progress"
        demand.answer = "<p>PCRM new bulb fitted</p>"
        portal_demand = self.mine.with_user(self.portal_user)
        self.assertFalse(portal_demand.portal_answer, "no working answer")
        self.login()
        self.assertNotIn("PCRM new bulb", self.open(demand.get_portal_url()).text)
        demand.state = "done"
        portal_demand.invalidate_recordset()
        self.assertIn("PCRM new bulb", portal_demand.portal_answer)
        page = self.open(demand.get_portal_url())
        self.assertIn("PCRM new bulb", page.text)
        self.assertNotIn(f"/my/requests/{demand.id}/chase", page.text)

    def test_create_via_post_routes_by_type(self):
        self.login()
        response = self.post_new(
            type_id=str(self.type_area.id),
            unit_id=str(self.unit_east.id),
            description="PCRM the lift <b>stops</b> between floors",
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.alert(response))
        demand = self.Request.search(
            [("partner_id", "=", self.customer.id), ("channel", "=", "portal")]
        )
        self.assertEqual(len(demand), 1)
        self.assertIn(f"/my/requests/{demand.id}", response.url)
        self.assertEqual(demand.type_id, self.type_area)
        self.assertEqual(demand.unit_id, self.unit_east)
        self.assertEqual(demand.department_id, self.department_engineering)
        self.assertEqual(demand.user_id, self.user_area_manager)
        self.assertEqual(demand.state, "assigned")
        self.assertTrue(demand.response_deadline and demand.completion_deadline)
        self.assertTrue(demand.clock_ids, "the clocks run as for any channel")
        self.assertEqual(demand.first_contact_user_id, self.user_area_manager)
        self.assertIn(self.customer, demand.message_partner_ids)
        # the customer's text is text, not markup
        self.assertNotIn("<b>", demand.description)
        self.assertIn("&lt;b&gt;", demand.description)
        # a pool type goes to the department's pool
        response = self.post_new(
            type_id=str(self.type_pool.id), description="PCRM where is the gym?"
        )
        pool = self.Request.search(
            [("description", "ilike", "PCRM where is the gym")], limit=1
        )
        self.assertEqual(pool.department_id, self.department_engineering)
        self.assertFalse(pool.user_id)
        self.assertEqual(pool.state, "new")
        self.assertEqual(pool.unit_id, self.unit_east, "the customer's unit")

    def test_bad_posts_show_an_error_and_create_nothing(self):
        self.login()
        count = self.Request.search_count([])
        for data in (
            # a type not open to the portal
            {"type_id": str(self.type_manager.id), "description": "x"},
            # a unit of another customer
            {
                "type_id": str(self.type_pool.id),
                "unit_id": str(self.unit_west.id),
                "description": "x",
            },
            # no description
            {"type_id": str(self.type_pool.id), "description": "   "},
            # ids that are no ids
            {"type_id": "abc", "description": "x"},
            {"type_id": "99999999999", "description": "x"},
            {"type_id": str(self.type_pool.id), "unit_id": "1e9", "description": "x"},
            {"type_id": str(self.type_pool.id), "description": "x" * 100_001},
        ):
            response = self.post_new(**data)
            self.assertEqual(response.status_code, 200, data)
            self.assertTrue(self.alert(response), f"a clear error on the page: {data}")
        self.assertEqual(self.Request.search_count([]), count)

    def test_portal_create_model_errors(self):
        Request = self.Request.with_user(self.portal_user)
        partner = self.portal_user.partner_id
        with self.assertRaises(UserError):
            Request._portal_create(
                partner, {"type_id": self.type_manager.id, "description": "x"}
            )
        with self.assertRaises(UserError):
            Request._portal_create(
                partner,
                {
                    "type_id": self.type_pool.id,
                    "unit_id": self.unit_west.id,
                    "description": "x",
                },
            )
        with self.assertRaises(UserError):
            Request._portal_create(partner, {"type_id": self.type_pool.id})
        demand = Request._portal_create(
            partner, {"type_id": self.type_pool.id, "description": "PCRM ok"}
        )
        self.assertEqual(demand.access_url, f"/my/requests/{demand.id}")

    def test_portal_types_by_kind(self):
        Type = self.env["property.crm.request.type"]
        self.assertTrue(self.env.ref("property_crm.request_type_enquiry").portal_ok)
        self.assertTrue(self.env.ref("property_crm.request_type_report").portal_ok)
        self.assertFalse(self.env.ref("property_crm.request_type_service").portal_ok)
        service = Type.create({"name": "PCRM Cleaning", "kind": "service"})
        self.assertFalse(service.portal_ok)
        service.portal_ok = True
        self.assertTrue(service.portal_ok, "the manager opens a type to the portal")
        self.login()
        form = self.open("/my/requests/new")
        self.assertIn(self.type_pool.name, form.text)
        self.assertNotIn(self.type_manager.name, form.text)

    # ------------------------------------------------------------------
    # 催辦 and the conversation
    # ------------------------------------------------------------------

    def test_chase_from_the_portal_counts(self):
        self.mine.sudo().user_id = self.user_handler
        self.login()
        url = self.mine.get_portal_url()
        token = self.csrf(url)
        response = self.open(
            f"/my/requests/{self.mine.id}/chase",
            data={"csrf_token": token, "chase_note": "PCRM still dark"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("chased=1", response.url)
        self.assertEqual(self.mine.chase_count, 1)
        self.assertTrue(self.mine.last_chase_at)
        note = self.mine.message_ids.filtered(
            lambda m: "PCRM still dark" in (m.body or "")
        )
        self.assertTrue(note, "the chase is noted as the hotline's")
        self.assertEqual(note.author_id, self.customer)
        self.assertTrue(
            self.mine.activity_ids.filtered(
                lambda a: a.user_id == self.user_handler
                and a.activity_type_id
                == self.env.ref("property_crm.mail_activity_type_escalation")
            ),
            "the handler is told",
        )
        # a second chase at once is refused with a message, not counted
        response = self.open(
            f"/my/requests/{self.mine.id}/chase",
            data={"csrf_token": self.csrf(url)},
        )
        self.assertTrue(self.alert(response))
        self.assertEqual(self.mine.chase_count, 1)
        # a finished demand is not chased
        self.mine.sudo().last_chase_at = False
        self.mine.sudo().state = "done"
        with self.assertRaises(UserError):
            self.mine.with_user(self.portal_user)._portal_chase()

    def test_chase_of_another_customers_demand_refused(self):
        self.login()
        token = self.csrf(self.mine.get_portal_url())
        response = self.open(
            f"/my/requests/{self.other.id}/chase", data={"csrf_token": token}
        )
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertEqual(self.other.chase_count, 0)
        # nor by a forged access token
        response = self.open(
            f"/my/requests/{self.other.id}/chase",
            data={"csrf_token": token, "access_token": "forged"},
        )
        self.assertEqual(self.other.chase_count, 0)

    def test_customer_writes_in_the_thread(self):
        self.login()
        self.open(self.mine.get_portal_url())
        response = self.rpc(
            "/mail/message/post",
            {
                "thread_model": "property.crm.request",
                "thread_id": self.mine.id,
                "post_data": {
                    "body": "PCRM any news?",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                "token": self.mine.access_token,
            },
        )
        self.assertNotIn("error", response, response)
        message = self.mine.message_ids.filtered(
            lambda m: "PCRM any news?" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.customer)
        # not on another customer's demand
        response = self.rpc(
            "/mail/message/post",
            {
                "thread_model": "property.crm.request",
                "thread_id": self.other.id,
                "post_data": {"body": "PCRM intrusion", "message_type": "comment"},
            },
        )
        self.assertIn("error", response)
        self.assertFalse(
            self.other.message_ids.filtered(
                lambda m: "PCRM intrusion" in (m.body or "")
            )
        )

    # ------------------------------------------------------------------
    # attacks over RPC as the portal user
    # ------------------------------------------------------------------

    def test_rpc_create_and_write_refused(self):
        self.login()
        self.assertRefused(
            self.call_kw(
                "create",
                [
                    {
                        "type_id": self.type_pool.id,
                        "partner_id": self.customer.id,
                        "description": "<p>PCRM forged</p>",
                        "channel": "portal",
                    }
                ],
                {"context": {"default_state": "closed"}},
            )
        )
        self.assertRefused(
            self.call_kw("write", [[self.mine.id], {"description": "<p>changed</p>"}])
        )
        self.assertRefused(self.call_kw("write", [[self.mine.id], {"chase_count": 0}]))
        self.assertRefused(self.call_kw("action_chase", [[self.mine.id]]))
        self.assertRefused(self.call_kw("unlink", [[self.mine.id]]))
        self.assertFalse(self.Request.search([("description", "ilike", "forged")]))
        self.assertIn("corridor", self.mine.description)

    def test_rpc_internal_fields_refused(self):
        self.login()
        mine = [self.mine.id]
        for fname in (
            "user_id",
            "department_id",
            "dispatch_user_id",
            "first_contact_user_id",
            "chase_escalated",
            "chase_note",
            "extension_state",
            "extension_reason",
            "sla_status",
            "answer",
            "callback_ids",
            "clock_ids",
        ):
            self.assertRefused(self.call_kw("read", [mine, [fname]]), fname)
            self.assertRefused(
                self.call_kw("web_read", [mine], {"specification": {fname: {}}}),
                fname,
            )
            self.assertRefused(self.call_kw("search", [[(fname, "!=", False)]]), fname)
            self.assertRefused(
                self.call_kw("search_read", [[]], {"fields": ["name"], "order": fname}),
                fname,
            )
            if self.Request._fields[fname].type in ("one2many", "html", "text"):
                continue  # not groupable for anybody
            self.assertRefused(
                self.call_kw("read_group", [[], [fname], [fname]], {"lazy": False}),
                fname,
            )
            self.assertRefused(
                self.call_kw("read_group", [[], [f"{fname}:count_distinct"], []]),
                fname,
            )
        # what the customer reads
        values = self.call_kw(
            "read", [mine, ["name", "state", "type_id", "completion_deadline"]]
        )["result"][0]
        self.assertEqual(values["name"], self.mine.name)

    def test_rpc_read_without_fields_gives_the_whitelist(self):
        self.login()
        rows = self.call_kw("search_read", [[]])["result"]
        self.assertEqual([row["id"] for row in rows], self.mine.ids)
        self.assertLessEqual(set(rows[0]), PORTAL_READABLE_FIELDS)
        for fname in ("user_id", "department_id", "sla_status", "answer"):
            self.assertNotIn(fname, rows[0])
        self.assertIn("description", rows[0])
        rows = self.call_kw("read", [[self.mine.id]])["result"]
        self.assertLessEqual(set(rows[0]), PORTAL_READABLE_FIELDS)
        # and nothing of another customer's demand
        self.assertRefused(self.call_kw("read", [[self.other.id], ["name"]]))

    def test_orm_whitelist_as_portal_user(self):
        Request = self.Request.with_user(self.portal_user)
        self.assertEqual(Request.search([]), self.mine)
        with self.assertRaises(AccessError):
            self.mine.with_user(self.portal_user).user_id  # noqa: B018
        with self.assertRaises(AccessError):
            Request.search([], order="sla_status")
        with self.assertRaises(AccessError):
            Request.read_group([], ["department_id"], ["department_id"])
        # staff are not concerned
        values = self.mine.with_user(self.user_supervisor).read(
            ["user_id", "sla_status", "answer"]
        )[0]
        self.assertEqual(values["sla_status"], self.mine.sla_status)
