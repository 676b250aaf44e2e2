"""The HTTP routes the web client and the chatter call, tried as a masked role and
as a supervisor: the vCard, /mail/partner/from_email, /mail/thread/data with the
suggested recipients, /mail/thread/messages and a JSON-RPC read with show_email."""

import json

from odoo.tests import HttpCase, tagged
from odoo.tests.common import new_test_user

from .common import PropertyCrmCase

REAL_FRAGMENTS = ("86001234", "12345678", "zhang.wei", "1949123")


@tagged("post_install", "-at_install")
class TestConfidentialRoutes(PropertyCrmCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.env["property.crm.complaint"].create(
            {
                "partner_id": cls.customer.id,
                "unit_id": cls.unit_east.id,
                "channel": "email",
                "email_from": "Zhang Wei <zhang.wei@example.com>",
                "description": "<p>Water leaking from the ceiling</p>",
            }
        )
        cls.complaint.message_subscribe(partner_ids=cls.customer.ids)
        cls.complaint.message_post(
            body="The ceiling still leaks",
            author_id=cls.customer.id,
            email_from="Zhang Wei <zhang.wei@example.com>",
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )

    def rpc(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        return response.text

    def _responses(self):
        vcard = self.url_open(f"/web/partner/vcard?partner_ids={self.customer.id}")
        return {
            "vcard": vcard.text,
            "from_email": self.rpc(
                "/mail/partner/from_email", {"emails": ["zhang.wei@example.com"]}
            ),
            "thread data": self.rpc(
                "/mail/thread/data",
                {
                    "thread_model": "res.partner",
                    "thread_id": self.customer.id,
                    "request_list": ["followers", "suggestedRecipients"],
                },
            ),
            "complaint followers": self.rpc(
                "/mail/thread/data",
                {
                    "thread_model": "property.crm.complaint",
                    "thread_id": self.complaint.id,
                    "request_list": ["followers", "suggestedRecipients"],
                },
            ),
            "messages": self.rpc(
                "/mail/thread/messages",
                {
                    "thread_model": "property.crm.complaint",
                    "thread_id": self.complaint.id,
                },
            ),
            "read show_email": self.rpc(
                "/web/dataset/call_kw/property.crm.complaint/read",
                {
                    "model": "property.crm.complaint",
                    "method": "read",
                    "args": [[self.complaint.id], ["partner_id", "email_from"]],
                    "kwargs": {"context": {"show_email": True}},
                },
            ),
        }

    def test_masked_role_routes(self):
        for user in (self.user_specialist, self.user_area_manager):
            self.authenticate(user.login, user.login)
            for name, text in self._responses().items():
                for fragment in REAL_FRAGMENTS:
                    self.assertNotIn(fragment, text, f"{user.login} {name}")
            self.assertFalse(
                self.env["property.crm.access.log"].search([("user_id", "=", user.id)])
            )
        self.authenticate(self.user_specialist.login, self.user_specialist.login)
        responses = self._responses()
        for name in (
            "vcard",
            "from_email",
            "thread data",
            "messages",
            "read show_email",
        ):
            self.assertIn("z***@example.com", responses[name], name)

    def test_supervisor_routes_real_and_logged(self):
        user = self.user_supervisor
        self.authenticate(user.login, user.login)
        Log = self.env["property.crm.access.log"]
        for name, text in self._responses().items():
            if name == "complaint followers":
                continue  # the customer's follower row carries no address itself
            self.assertIn("zhang.wei@example.com", text, name)
        logged = set(Log.search([("user_id", "=", user.id)]).mapped("res_model"))
        for model in ("res.partner", "mail.message", "property.crm.complaint"):
            self.assertIn(model, logged)

    def test_portal_pages_render_with_whitelist(self):
        portal = new_test_user(
            self.env,
            login="pcrm_routes_portal",
            groups="base.group_portal",
            partner_id=self.customer.id,
            name=self.customer.name,
            email="zhang.wei@example.com",
        )
        self.authenticate(portal.login, portal.login)
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.complaint.name, listing.text)
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Water leaking", page.text)
        # over RPC the internal fields stay closed
        response = self.url_open(
            "/web/dataset/call_kw/property.crm.complaint/read",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "property.crm.complaint",
                        "method": "read",
                        "args": [[self.complaint.id], ["validity", "claim_amount"]],
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertIn("error", response.json())
