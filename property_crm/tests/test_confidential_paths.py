import json

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from odoo.addons.mail.tools.discuss import Store

from .common_complaint import ComplaintCase

REAL = {
    "phone": "0755-86001234",
    "mobile": "13812345678",
    "email": "zhang.wei@example.com",
    "id_number": "11010519491231002X",
}
# queries of a list of customers (search, read, unit names, reveal check / log)
QUERIES_MAX = 8
REAL_FRAGMENTS = ("86001234", "12345678", "zhang.wei", "1949123")


def serialize(value):
    return json.dumps(value, default=str, ensure_ascii=False)


@tagged("post_install", "-at_install")
class TestConfidentialPaths(ComplaintCase):
    """Every path a client can reach, tried as each masked role: the real contact
    and ID data of a customer never appears in what the server returns; a
    supervisor reads it and the read is logged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["property.crm.access.log"]
        allow_export = cls.env.ref("base.group_allow_export")
        for user in (
            cls.user_specialist,
            cls.user_area_manager,
            cls.user_finance,
            cls.user_handler,
            cls.user_supervisor,
        ):
            user.groups_id += allow_export
        # the customer's own portal user and another customer's
        cls.portal_zhang = new_test_user(
            cls.env,
            login="pcrm_conf_portal_zhang",
            groups="base.group_portal",
            partner_id=cls.customer.id,
            name=cls.customer.name,
            email=REAL["email"],
        )
        cls.portal_li = new_test_user(
            cls.env,
            login="pcrm_conf_portal_li",
            groups="base.group_portal",
            partner_id=cls.customer_west.id,
            name=cls.customer_west.name,
            email=cls.customer_west.email,
        )
        cls.complaint = cls.Complaint.create(
            {
                "partner_id": cls.customer.id,
                "unit_id": cls.unit_east.id,
                "channel": "email",
                "email_from": f"Zhang Wei <{REAL['email']}>",
                "description": "<p>Water leaking from the ceiling</p>",
                "claim_amount": 500.0,
            }
        )
        cls.complaint.message_subscribe(partner_ids=cls.customer.ids)
        cls.message = cls.complaint.message_post(
            body="The ceiling still leaks",
            author_id=cls.customer.id,
            email_from=f"Zhang Wei <{REAL['email']}>",
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        # a group complaint of the other customer that Zhang follows too
        cls.complaint_west = cls.Complaint.create(
            {
                "partner_id": cls.customer_west.id,
                "unit_id": cls.unit_west.id,
                "description": "<p>Noise</p>",
            }
        )
        cls.complaint_west.message_subscribe(
            partner_ids=(cls.customer | cls.customer_west).ids
        )
        survey = cls.env.ref("property_crm.survey_customer_satisfaction")
        cls.answer = cls.env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "partner_id": cls.customer.id,
                "email": REAL["email"],
            }
        )
        cls.env.flush_all()
        cls.env.cr.flush()
        cls.masked_roles = {
            "specialist": cls.user_specialist,
            "area_manager": cls.user_area_manager,
            "finance": cls.user_finance,
            "handler": cls.user_handler,
            "portal": cls.portal_li,
        }

    # ------------------------------------------------------------------
    # the attacks
    # ------------------------------------------------------------------

    def _paths(self, user):
        """``{path: callable}``; each returns what the server hands the client."""
        env = self.env(user=user)
        show = env(context=dict(env.context, show_email=True))
        Partner = env["res.partner"]
        customer = self.customer.with_env(env)
        complaint = self.complaint.with_env(show)
        followers = (
            self.complaint | self.complaint_west
        ).message_follower_ids.with_env(show)
        confidential = list(REAL)
        return {
            "partner.read": lambda: customer.read(confidential + ["email_formatted"]),
            "partner.web_read show_email": lambda: customer.with_env(show).web_read(
                {"display_name": {}, "email": {}, "mobile": {}}
            ),
            "partner.web_search_read": lambda: Partner.with_env(show).web_search_read(
                [("id", "=", self.customer.id)],
                {"display_name": {}, "phone": {}, "id_number": {}},
            ),
            "partner.name_search show_email": lambda: Partner.with_env(
                show
            ).name_search("Zhang"),
            "partner.show_address": lambda: customer.with_context(
                show_address=True, show_email=True
            ).read(["display_name"]),
            "partner.export": lambda: customer.export_data(
                ["name"] + confidential + ["user_ids/email", "user_ids/mobile"]
            ),
            "partner.read_group": lambda: Partner.read_group(
                [("id", "=", self.customer.id)], ["email:array_agg"], ["name"]
            ),
            "partner.vcard": lambda: customer._get_vcard_file().decode(),
            "users.read": lambda: self.portal_zhang.with_env(env).read(
                ["email", "phone", "mobile", "email_formatted", "display_name"]
            ),
            "users.search_read show_email": lambda: env["res.users"]
            .with_env(show)
            .search_read(
                [("id", "=", self.portal_zhang.id)], ["email", "mobile", "partner_id"]
            ),
            "followers.read": lambda: followers.read(["email", "display_name", "name"]),
            "followers.store": lambda: Store(followers).get_result(),
            "message.read": lambda: self.message.with_env(show).read(
                ["email_from", "author_id"]
            ),
            "message.store": lambda: Store(
                self.message.with_env(env), for_current_user=True
            ).get_result(),
            "complaint.read show_email": lambda: complaint.read(
                ["email_from", "partner_id"]
            ),
            "complaint.web_read": lambda: complaint.web_read(
                {
                    "email_from": {},
                    "partner_id": {"fields": {"display_name": {}, "email": {}}},
                    "message_follower_ids": {"fields": {"email": {}}},
                }
            ),
            "complaint.export relations": lambda: complaint.export_data(
                [
                    "email_from",
                    "partner_id",
                    "partner_id/email",
                    "partner_id/mobile",
                    "message_follower_ids/email",
                    "message_ids/email_from",
                ]
            ),
            "complaint.read_group email_from": lambda: env[
                "property.crm.complaint"
            ].read_group([], ["email_from:array_agg"], ["email_from"]),
            "complaint.onchange show_email": lambda: env["property.crm.complaint"]
            .with_context(default_partner_id=self.customer.id, show_email=True)
            .onchange({}, [], {"partner_id": {"fields": {"display_name": {}}}}),
            "partner.suggested recipients": (
                lambda: customer._message_get_suggested_recipients()
            ),
            "survey answer.read": lambda: self.answer.with_env(env).read(
                ["email", "partner_id"]
            ),
            "survey answer.read_group": lambda: env["survey.user_input"].read_group(
                [], ["email:array_agg"], ["email"]
            ),
            "sms composer.onchange": lambda: env["sms.composer"]
            .with_context(
                default_res_model="res.partner",
                default_res_id=self.customer.id,
                default_composition_mode="comment",
            )
            .onchange(
                {},
                [],
                {
                    "res_model": {},
                    "res_id": {},
                    "composition_mode": {},
                    "recipient_single_number_itf": {},
                    "recipient_single_number": {},
                    "recipient_single_description": {},
                },
            ),
        }

    def _attack(self, user, name, path):
        try:
            with self.env.cr.savepoint():
                return serialize(path())
        except (AccessError, UserError) as exc:
            # refused: nothing handed out (the message must not carry it either)
            return serialize(str(exc))

    def test_matrix_masked_roles_never_get_real_values(self):
        for role, user in self.masked_roles.items():
            for name, path in self._paths(user).items():
                result = self._attack(user, name, path)
                for fragment in REAL_FRAGMENTS:
                    self.assertNotIn(fragment, result, f"{role} via {name}")
            self.assertFalse(self.Log.search([("user_id", "=", user.id)]), role)
        # not refused wholesale: a specialist works with the masked values
        paths = self._paths(self.user_specialist)
        for name, masked in (
            ("partner.read", "138****5678"),
            ("partner.web_read show_email", "z***@example.com"),
            ("partner.name_search show_email", "Zhang Wei <z***@example.com>"),
            ("partner.export", "110*************2X"),
            ("partner.vcard", "z***@example.com"),
            ("users.read", "138****5678"),
            ("followers.read", "z***@example.com"),
            ("followers.store", "z***@example.com"),
            ("message.read", "z***@example.com"),
            ("message.store", "z***@example.com"),
            ("complaint.read show_email", "z***@example.com"),
            ("complaint.export relations", "z***@example.com"),
            ("complaint.onchange show_email", "z***@example.com"),
            ("partner.suggested recipients", "z***@example.com"),
            ("survey answer.read", "z***@example.com"),
            ("sms composer.onchange", "138****5678"),
        ):
            self.assertIn(masked, serialize(paths[name]()), name)

    def test_supervisor_reads_real_values_and_is_logged(self):
        user = self.user_supervisor
        paths = self._paths(user)
        expect_real = {
            "partner.read": REAL["mobile"],
            "partner.web_read show_email": REAL["email"],
            "partner.name_search show_email": REAL["email"],
            "partner.export": REAL["id_number"],
            "partner.vcard": REAL["email"],
            "users.read": REAL["mobile"],
            "followers.read": REAL["email"],
            "followers.store": REAL["email"],
            "message.read": REAL["email"],
            "message.store": REAL["email"],
            "complaint.read show_email": REAL["email"],
            "complaint.export relations": REAL["email"],
            "partner.suggested recipients": REAL["email"],
            "survey answer.read": REAL["email"],
        }
        for name, value in expect_real.items():
            before = self.Log.search_count([("user_id", "=", user.id)])
            result = serialize(paths[name]())
            self.assertIn(value, result, name)
            self.assertGreater(
                self.Log.search_count([("user_id", "=", user.id)]),
                before,
                f"unlogged real read via {name}",
            )

    def test_customer_sees_own_data(self):
        values = self.portal_zhang.with_user(self.portal_zhang).read(["email"])[0]
        self.assertEqual(values["email"], REAL["email"])
        self.assertFalse(self.Log.search([("user_id", "=", self.portal_zhang.id)]))

    # ------------------------------------------------------------------
    # search oracles
    # ------------------------------------------------------------------

    def test_search_oracles_refused(self):
        for user in self.masked_roles.values():
            Partner = self.env["res.partner"].with_user(user)
            # ordering by a confidential field reveals it by comparison
            for fname in ("mobile", "email", "id_number", "phone"):
                with self.assertRaises(AccessError):
                    Partner.search([("id", "!=", 0)], order=f"{fname} asc")
            with self.assertRaises(AccessError):
                self.env["res.users"].with_user(user).search(
                    [("id", "!=", 0)], order="email"
                )
            # a list of candidates is a partial match
            candidates = [f"1381234{n:04d}" for n in range(5600, 5700)]
            self.assertNotIn(
                self.customer, Partner.search([("mobile", "in", candidates)])
            )
            self.assertNotIn(
                self.portal_zhang,
                self.env["res.users"]
                .with_user(user)
                .search([("email", "ilike", "zhang.wei")]),
            )
            for domain in (
                [("email_from", "ilike", "zhang.wei")],
                [("email_from", "=like", "Zhang Wei <z%")],
                [("email_from", ">", "Zhang Wei <zhang")],
            ):
                try:
                    found = (
                        self.env["property.crm.complaint"]
                        .with_user(user)
                        .search(domain)
                    )
                except AccessError:
                    found = self.Complaint
                self.assertNotIn(self.complaint, found, domain)
            try:
                answers = (
                    self.env["survey.user_input"]
                    .with_user(user)
                    .search([("email", "like", "zhang")])
                )
            except AccessError:
                answers = self.env["survey.user_input"]
            self.assertNotIn(self.answer, answers)
        # the whole value still finds the customer; the supervisor searches freely
        Partner = self.env["res.partner"].with_user(self.user_specialist)
        self.assertIn(self.customer, Partner.search([("mobile", "=", REAL["mobile"])]))
        # core looks up a few addresses at once (mail gateway, survey invitations)
        self.assertIn(
            self.customer,
            Partner.search(
                [("email_normalized", "in", [REAL["email"], "someone@example.com"])]
            ),
        )
        self.assertNotIn(
            self.customer,
            Partner.search(
                [
                    (
                        "email_normalized",
                        "in",
                        [REAL["email"]] + [f"x{n}@example.com" for n in range(20)],
                    )
                ]
            ),
        )
        supervisor = self.env["res.partner"].with_user(self.user_supervisor)
        self.assertTrue(supervisor.search([("id", "!=", 0)], order="mobile", limit=1))
        self.assertIn(self.customer, supervisor.search([("mobile", "like", "1381234")]))

    # ------------------------------------------------------------------
    # writes
    # ------------------------------------------------------------------

    def test_masked_write_back_refused_never_stored(self):
        customer = self.customer.with_user(self.user_specialist)
        # fixing one digit of the masked number: refused, the real one stays
        for fname, value in (
            ("mobile", "138****5679"),
            ("phone", "075****1235"),
            ("email", "z***@example.org"),
            ("id_number", "110*************3X"),
        ):
            with self.assertRaises(ValidationError) as caught:
                customer.write({fname: value})
            self.assertIn("masked value", str(caught.exception))
            self.assertEqual(self.customer[fname], REAL[fname])
        with self.assertRaises(ValidationError):
            self.env["res.partner"].with_user(self.user_specialist).create(
                {
                    "name": "Copy",
                    "customer_kind": "individual",
                    "mobile": "138****5678",
                }
            )
        with self.assertRaises(ValidationError):
            self.portal_zhang.with_user(self.user_supervisor).write(
                {"email": "z***@example.com", "mobile": "139****0000"}
            )
        self.assertEqual(self.portal_zhang.mobile, REAL["mobile"])
        # the unchanged masked value a form sends back is ignored
        customer.write({"mobile": "138****5678", "function": "Owner"})
        self.assertEqual(self.customer.mobile, REAL["mobile"])
        self.assertEqual(self.customer.function, "Owner")
        # the complete new number is stored, and the change is tracked (real values)
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        customer.with_env(env).with_user(self.user_specialist).write(
            {"mobile": "13900001111"}
        )
        self.env.flush_all()
        self.env.cr.flush()
        self.assertEqual(self.customer.mobile, "13900001111")
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", self.customer.id),
                ("field_id.name", "=", "mobile"),
            ]
        )
        self.assertEqual(tracking.old_value_char, REAL["mobile"])
        self.assertEqual(tracking.new_value_char, "13900001111")
        self.assertEqual(
            tracking.mail_message_id.author_id, self.user_specialist.partner_id
        )

    def test_sms_composer_sends_real_number(self):
        composer = (
            self.env["sms.composer"]
            .with_user(self.user_specialist)
            .with_context(
                default_res_model="res.partner",
                default_res_id=self.customer.id,
                default_composition_mode="comment",
            )
            .create(
                {
                    "body": "Your repair is scheduled",
                    "recipient_single_number_itf": "138****5678",
                }
            )
        )
        self.assertEqual(composer.sudo().recipient_single_number_itf, REAL["mobile"])
        values = composer.read(["recipient_single_number_itf"])[0]
        self.assertNotIn("12345678", values["recipient_single_number_itf"])

    # ------------------------------------------------------------------
    # portal whitelist
    # ------------------------------------------------------------------

    def test_portal_whitelist(self):
        mine = self.complaint.with_user(self.portal_zhang)
        values = mine.read(["name", "state", "description", "email_from"])[0]
        self.assertEqual(values["email_from"], f"Zhang Wei <{REAL['email']}>")
        for fname in (
            "validity",
            "explanation",
            "feedback_note",
            "claim_amount",
            "claim_state",
            "report_breached",
            "feedback_breached",
            "user_id",
        ):
            with self.assertRaises(AccessError):
                mine.read([fname])
            with self.assertRaises(AccessError):
                self.Complaint.with_user(self.portal_zhang).search(
                    [(fname, "!=", False)]
                )
            with self.assertRaises(AccessError):
                self.Complaint.with_user(self.portal_zhang).read_group(
                    [], [fname], [fname]
                )
        # read() without fields gives the whitelisted ones only
        values = mine.read()[0]
        self.assertNotIn("claim_amount", values)
        self.assertNotIn("validity", values)
        with self.assertRaises(AccessError):
            mine.write({"description": "<p>changed</p>"})
        # staff read everything
        self.assertIn(
            "validity", self.complaint.with_user(self.user_specialist).read()[0]
        )

    # ------------------------------------------------------------------
    # the cost of masking
    # ------------------------------------------------------------------

    def _customers(self, count):
        return self.env["res.partner"].create(
            [
                {
                    "name": f"PCRM Bulk {n}",
                    "customer_kind": "individual",
                    "mobile": f"1370000{n:04d}",
                    "email": f"bulk{n}@example.com",
                    "unit_ids": [Command.link(self.unit_east.id)],
                }
                for n in range(count)
            ]
        )

    def test_list_query_count_independent_of_size(self):
        """A list of 80 customers costs what a list of 10 costs, masked or not (the
        supervisor's access-log entries are written in one batch)."""
        spec = {
            "display_name": {},
            "mobile": {},
            "email": {},
            "phone": {},
            "property_unit_id": {"fields": {"display_name": {}}},
        }
        small, large = self._customers(10), self._customers(80)
        self.env.flush_all()
        for user in (self.user_specialist, self.user_supervisor):
            Partner = self.env["res.partner"].with_user(user)

            def list_customers(customers, Partner=Partner):
                result = Partner.web_search_read([("id", "in", customers.ids)], spec)
                self.env.cr.flush()  # writes the access-log batch
                self.env.invalidate_all()
                return result

            # warm up the caches kept between requests (groups, ACLs, rules)
            list_customers(small)
            list_customers(large)
            # counted as assertQueryCount counts: the same queries for 10 and for
            # 80 customers, masking costs no query per record, nor does the
            # supervisor's access log (one INSERT)
            self.env.flush_all()
            self.env.cr.flush()
            before = self.env.cr.sql_log_count
            list_customers(small)
            self.env.flush_all()
            self.env.cr.flush()
            expected = self.env.cr.sql_log_count - before
            self.assertLessEqual(expected, QUERIES_MAX, user.login)
            with self.assertQueryCount(expected):
                result = list_customers(large)
            self.assertEqual(result["length"], 80)
            self.assertNoRealDataIf(user, result)
        logs = self.Log.search(
            [("user_id", "=", self.user_supervisor.id), ("partner_id", "in", large.ids)]
        )
        self.assertEqual(logs.partner_id, large)
        self.assertFalse(
            self.Log.search(
                [
                    ("user_id", "=", self.user_specialist.id),
                    ("partner_id", "in", large.ids),
                ]
            )
        )

    def assertNoRealDataIf(self, user, result):
        text = serialize(result)
        if user == self.user_specialist:
            self.assertNotIn("bulk1@example.com", text)
            self.assertIn("b***@example.com", text)
        else:
            self.assertIn("bulk1@example.com", text)

    def test_subtypes_bound_to_their_models(self):
        for xmlid, model in (
            ("property_crm.mt_escalation", "property.crm.complaint"),
            (
                "property_crm.mt_handling_sheet_escalation",
                "property.crm.handling.sheet",
            ),
            ("property_crm.mt_callback_escalation", "property.crm.callback"),
            ("property_crm.mt_complaint_feedback", "property.crm.complaint"),
        ):
            self.assertEqual(self.env.ref(xmlid).res_model, model, xmlid)
        # not a default for the followers of any other model
        defaults = self.env["mail.message.subtype"]._default_subtypes("res.partner")[0]
        self.assertNotIn(self.env.ref("property_crm.mt_escalation").id, defaults)
        self.assertIn(
            self.env.ref("property_crm.mt_escalation").id,
            self.env["mail.message.subtype"]._default_subtypes(
                "property.crm.complaint"
            )[0],
        )

    def test_privacy_reports(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "property_crm.report_processing_register", self.company.ids
            )[0]
            .decode()
        )
        for model, fname in (
            ("res.partner", "id_number"),
            ("res.users", "mobile"),
            ("mail.followers", "email"),
            ("mail.message", "email_from"),
            ("property.crm.complaint", "email_from"),
            ("survey.user_input", "email"),
        ):
            self.assertIn(model, html)
            self.assertIn(fname, html)
        self.assertIn("2 years", html)
        log = self.env["property.crm.retention.log"]._record(
            "delete",
            "property.crm.complaint",
            "PCRM-1",
            1,
            False,
            self.company,
            certificate={"property.crm.complaint": [41]},
        )
        log = self.env["property.crm.retention.log"].search([], limit=1)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("property_crm.report_deletion_certificate", log.ids)[0]
            .decode()
        )
        self.assertIn("property.crm.complaint", html)
        self.assertIn("41", html)

    # ------------------------------------------------------------------
    # unmasking tied to a case
    # ------------------------------------------------------------------

    def test_reveal_number_for_own_open_case(self):
        specialist = self.user_specialist
        customer = self.customer.with_user(specialist)
        self.complaint.sudo().user_id = self.user_area_manager
        # not the assignee: refused, nothing logged
        with self.assertRaises(AccessError):
            customer.action_property_crm_reveal_number(
                "call back", self.complaint._name, self.complaint.id
            )
        # no purpose: refused
        self.complaint.sudo().user_id = specialist
        with self.assertRaises(UserError):
            customer.action_property_crm_reveal_number(
                " ", self.complaint._name, self.complaint.id
            )
        # another customer's case does not open this one
        with self.assertRaises(AccessError):
            self.customer_west.with_user(specialist).action_property_crm_reveal_number(
                "call", self.complaint._name, self.complaint.id
            )
        self.assertFalse(self.Log.search([("user_id", "=", specialist.id)]))
        with freeze_time("2026-03-02 09:00:00"):
            number = customer.action_property_crm_reveal_number(
                "Call about the leak", self.complaint._name, self.complaint.id
            )
            self.assertEqual(number, REAL["mobile"])
            reveal = self.Log.search(
                [("user_id", "=", specialist.id), ("access_type", "=", "reveal")]
            )
            self.assertEqual(reveal.res_id, self.complaint.id)
            self.assertEqual(reveal.purpose, "Call about the leak")
            values = customer.read(["mobile", "email", "id_number"])[0]
            self.assertEqual(values["mobile"], REAL["mobile"])
            # only the number, nothing else
            self.assertEqual(values["email"], "z***@example.com")
            self.assertNotIn("1949123", values["id_number"])
            reads = self.Log.search(
                [("user_id", "=", specialist.id), ("access_type", "=", "read")]
            )
            self.assertEqual(reads.field_names, "mobile")
        with freeze_time("2026-03-02 09:16:00"):
            values = customer.read(["mobile"])[0]
            self.assertEqual(values["mobile"], "138****5678", "expired")
        # a closed case reveals nothing
        self.complaint.sudo()._workflow_write({"state": "cancelled"})
        with self.assertRaises(AccessError):
            customer.action_property_crm_reveal_number(
                "call", self.complaint._name, self.complaint.id
            )

    # ------------------------------------------------------------------
    # attachments of the customer archive
    # ------------------------------------------------------------------

    def test_customer_archive_attachments(self):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "id_card.png",
                "raw": b"ID 11010519491231002X",
                "res_model": "res.partner",
                "res_id": self.customer.id,
            }
        )
        supplier_doc = self.env["ir.attachment"].create(
            {
                "name": "price_list.txt",
                "raw": b"prices",
                "res_model": "res.partner",
                "res_id": self.non_customer.id,
            }
        )
        domain = [("res_model", "=", "res.partner")]
        for user in (self.user_specialist, self.user_area_manager, self.user_handler):
            Attachment = self.env["ir.attachment"].with_user(user)
            found = Attachment.search(domain)
            self.assertNotIn(attachment, found, user.login)
            self.assertIn(supplier_doc, found, user.login)
            with self.assertRaises(AccessError):
                attachment.with_user(user).read(["raw"])
            with self.assertRaises(AccessError):
                attachment.with_user(user).write({"name": "x"})
        self.assertEqual(attachment.name, "id_card.png")
        values = attachment.with_user(self.user_supervisor).read(["raw"])[0]
        self.assertIn(b"1949123", values["raw"])
        self.assertTrue(
            self.Log.search(
                [
                    ("user_id", "=", self.user_supervisor.id),
                    ("res_model", "=", "ir.attachment"),
                    ("partner_id", "=", self.customer.id),
                ]
            )
        )

    def test_portal_access_note_without_email(self):
        body = self.portal_zhang._get_portal_access_update_body(True)
        self.assertNotIn("zhang.wei", str(body))
        supplier = new_test_user(
            self.env,
            login="pcrm_conf_supplier",
            groups="base.group_portal",
            partner_id=self.non_customer.id,
            name=self.non_customer.name,
            email=self.non_customer.email,
        )
        self.assertIn(
            "supplier.contact@example.com",
            str(supplier._get_portal_access_update_body(True)),
        )

    def test_report_helper_masks(self):
        shown = self.customer.with_user(self.user_specialist)._property_crm_shown(
            "mobile"
        )
        self.assertEqual(shown, "138****5678")
        self.assertFalse(
            self.customer.with_user(self.user_handler)._property_crm_shown("mobile")
        )
        self.assertEqual(
            self.customer.with_user(self.user_supervisor)._property_crm_shown("mobile"),
            REAL["mobile"],
        )
        self.assertTrue(self.Log.search([("user_id", "=", self.user_supervisor.id)]))

    def test_reveal_wizard(self):
        self.complaint.sudo().user_id = self.user_specialist
        action = self.customer.with_user(
            self.user_specialist
        ).action_property_crm_open_reveal()
        Wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_specialist)
            .with_context(**action["context"])
        )
        with self.assertRaises(UserError):
            Wizard.create({"purpose": "call"}).action_reveal()
        wizard = Wizard.create(
            {"purpose": "Call about the leak", "complaint_id": self.complaint.id}
        )
        wizard.action_reveal()
        self.assertEqual(wizard.read(["number"])[0]["number"], REAL["mobile"])
        self.assertEqual(
            self.Log.search(
                [
                    ("user_id", "=", self.user_specialist.id),
                    ("access_type", "=", "reveal"),
                ]
            ).purpose,
            "Call about the leak",
        )
