from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common_complaint import T0, ComplaintCase


class TestComplaintWorkflow(ComplaintCase):
    def test_number_from_sequence_and_location(self):
        complaint = self.create_complaint()
        self.assertTrue(complaint.name.startswith("TS"))
        self.assertEqual(complaint.building_id, self.building_east)
        self.assertEqual(complaint.area_id, self.area_east)
        self.assertEqual(complaint.received_by_id, self.user_specialist)

    def test_full_flow(self):
        complaint = self.create_complaint()
        sheet = self.Sheet.with_user(self.user_specialist).create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        self.assertIn("Water leaking", sheet.complaint_content)
        sheet.action_send()
        sheet_h = sheet.with_user(self.user_handler)
        sheet_h.handling_method = "<p>Replace the joint</p>"
        # a member fills the method, the department's head (負責人) signs it
        sheet.with_user(self.user_department_manager).action_accept()
        self.assertEqual(sheet.signer_id, self.user_department_manager)
        sheet_h.result = "<p>Replaced</p>"
        sheet_h.action_done()
        sheet.verification_result = "Customer checked: no more leak"
        sheet.action_verify()
        sheet.with_user(self.user_manager).head_opinion = "OK"
        self.assertEqual(sheet.state, "verified")
        complaint.with_user(self.user_specialist).write(
            {"resolution": "<p>Joint replaced</p>", "customer_agreed": True}
        )
        complaint.with_user(self.user_specialist).action_resolve()
        self.assertEqual(complaint.state, "resolved")
        self.assertTrue(complaint.resolved_at)
        callback = complaint.callback_ids
        self.assertEqual(len(callback), 1)
        self.assertEqual(
            callback.user_id,
            self.user_specialist,
            "minor: whoever received it calls back",
        )
        self.assertEqual(callback.deadline, complaint.resolved_at + timedelta(hours=24))
        with self.assertRaises(UserError):
            complaint.with_user(self.user_specialist).action_close()
        callback.with_user(self.user_specialist).write(
            {"outcome": "satisfied", "rating_satisfaction": "5"}
        )
        callback.with_user(self.user_specialist).action_done()
        complaint.with_user(self.user_specialist).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_unreasonable_complaint_answered_and_closed(self):
        complaint = self.create_complaint(validity="unreasonable")
        with self.assertRaises(UserError):
            complaint.with_user(self.user_specialist).action_answer_unreasonable()
        with self.assertRaises(UserError), mute_logger("odoo.sql_db"):
            self.Sheet.with_user(self.user_specialist).create(
                {"complaint_id": complaint.id}
            )
        complaint.explanation = "The lift maintenance was announced two weeks before."
        complaint.with_user(self.user_specialist).action_answer_unreasonable()
        self.assertEqual(complaint.state, "closed")
        self.assertFalse(complaint.handling_sheet_ids)

    def test_head_opinion_only_by_manager(self):
        complaint = self.create_complaint()
        sheet = self.Sheet.create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_supervisor).head_opinion = "fine"
        sheet.with_user(self.user_manager).head_opinion = "fine"
        self.assertEqual(sheet.head_opinion, "fine")

    def test_handler_cannot_answer_other_department(self):
        complaint = self.create_complaint()
        sheet = self.Sheet.create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        sheet.action_send()
        sheet.handling_method = "<p>x</p>"
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_handler_other).action_accept()
        self.assertEqual(sheet.state, "sent")

    def test_report_only_major_and_by_area_manager(self):
        minor = self.create_complaint()
        with self.assertRaises(UserError):
            minor.with_user(self.user_area_manager).action_report_to_head()
        major = self.create_complaint(severity="major", major_reason="a_contract")
        with self.assertRaises(AccessError):
            major.with_user(self.user_specialist).action_report_to_head()
        self.assertFalse(major.reported_at)

    def test_claims(self):
        small = self.create_complaint(claim_amount=5000)
        self.assertEqual(small.claim_state, "requested")
        small.with_user(self.user_supervisor).action_approve_claim()
        self.assertEqual(small.claim_state, "approved")
        # 一萬元以上: 10,000 itself is the manager's (seed 003)
        big = self.create_complaint(claim_amount=10000)
        with self.assertRaises(AccessError):
            big.with_user(self.user_supervisor).action_approve_claim()
        self.assertEqual(big.claim_state, "requested")
        with self.assertRaises(AccessError):
            big.with_user(self.user_specialist).action_approve_claim()
        big.with_user(self.user_manager).action_approve_claim()
        self.assertEqual(big.claim_state, "approved")
        self.assertEqual(big.claim_approved_by_id, self.user_manager)

    def test_cancel(self):
        complaint = self.create_complaint()
        complaint.with_user(self.user_specialist).action_start_handling()
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_specialist).action_cancel()
        complaint.with_user(self.user_supervisor).action_cancel()
        self.assertEqual(complaint.state, "cancelled")
        self.run_watchdog(T0 + timedelta(days=11))
        self.assertFalse(self.escalations(complaint))

    def test_incoming_mail_creates_complaint(self):
        self.env["mail.alias.domain"].create(
            {"name": "pcrm.example.com"}
        ) if not self.env["mail.alias.domain"].search([]) else None
        alias = self.env.ref("property_crm.mail_alias_complaint")
        domain = (
            alias.alias_domain_id.name
            or self.env["mail.alias.domain"].search([], limit=1).name
        )
        mail = (
            "From: Zhang Wei <zhang.wei@example.com>\r\n"
            f"To: {alias.alias_name}@{domain}\r\n"
            "Subject: Noise at night\r\n"
            "Message-Id: <pcrm-test-1@example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "The neighbour drills at 23:00.\r\n"
        )
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            complaint_id = self.env["mail.thread"].message_process(
                "property.crm.complaint", mail, custom_values=None
            )
        complaint = self.Complaint.browse(complaint_id)
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.unit_id, self.unit_east)
        self.assertIn("drills", complaint.description)
        self.assertTrue(complaint.feedback_deadline)


class TestComplaintBadInput(ComplaintCase):
    def test_resolve_with_open_sheet(self):
        complaint = self.create_complaint()
        sheet = self.Sheet.create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        sheet.action_send()
        complaint.write({"resolution": "<p>done</p>", "customer_agreed": True})
        with self.assertRaises(UserError):
            complaint.with_user(self.user_specialist).action_resolve()
        self.assertEqual(complaint.state, "handling")
        self.assertFalse(complaint.resolved_at)

    def test_resolve_without_customer_agreement(self):
        complaint = self.create_complaint()
        complaint.resolution = "<p>done</p>"
        with self.assertRaises(UserError):
            complaint.with_user(self.user_specialist).action_resolve()
        self.assertEqual(complaint.state, "new")

    def test_close_only_resolved(self):
        complaint = self.create_complaint()
        with self.assertRaises(UserError):
            complaint.with_user(self.user_specialist).action_close()
        self.assertEqual(complaint.state, "new")

    def test_send_sheet_without_department(self):
        complaint = self.create_complaint()
        sheet = self.Sheet.with_user(self.user_specialist).create(
            {"complaint_id": complaint.id}
        )
        with self.assertRaises(UserError):
            sheet.action_send()
        self.assertEqual(sheet.state, "draft")
        self.assertFalse(sheet.sent_at)
        self.assertEqual(complaint.state, "new")

    def test_accept_without_handling_method(self):
        complaint = self.create_complaint()
        sheet = self.Sheet.create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        sheet.action_send()
        with self.assertRaises(UserError):
            sheet.with_user(self.user_department_manager).action_accept()
        self.assertEqual(sheet.state, "sent")

    def test_major_without_reason(self):
        count = self.Complaint.search_count([])
        with self.assertRaises(ValidationError):
            self.create_complaint(severity="major")
        self.assertEqual(self.Complaint.search_count([]), count)
        complaint = self.create_complaint()
        with self.assertRaises(ValidationError):
            complaint.write({"severity": "major"})
            complaint.flush_recordset()

    def test_negative_claim(self):
        count = self.Complaint.search_count([])
        with self.assertRaises(ValidationError):
            self.create_complaint(claim_amount=-1)
        self.assertEqual(self.Complaint.search_count([]), count)

    def test_complaint_without_customer(self):
        with self.assertRaises(ValidationError):
            self.create_complaint(partner_id=False)

    def test_letter_deadline_in_the_past(self):
        with freeze_time(T0):
            letter = self.Letter.create(
                {
                    "from_department_id": self.department_security.id,
                    "to_department_id": self.department_engineering.id,
                    "subject": "x",
                    "description": "<p>x</p>",
                    "deadline": T0 - timedelta(hours=1),
                }
            )
            with self.assertRaises(UserError):
                letter.action_send()
        self.assertEqual(letter.state, "draft")


class TestComplaintAccess(ComplaintCase):
    def test_area_manager_sees_only_own_area(self):
        east = self.create_complaint()
        west = self.create_complaint(
            partner_id=self.customer_west.id, unit_id=self.unit_west.id
        )
        Complaint = self.Complaint.with_user(self.user_area_manager)
        found = Complaint.search([("id", "in", (east | west).ids)])
        self.assertEqual(found, east)
        with self.assertRaises(AccessError):
            west.with_user(self.user_area_manager).read(["name"])
        # a supervisor sees all
        found = self.Complaint.with_user(self.user_supervisor).search(
            [("id", "in", (east | west).ids)]
        )
        self.assertEqual(found, east | west)
        # a specialist sees all
        found = self.Complaint.with_user(self.user_specialist).search(
            [("id", "in", (east | west).ids)]
        )
        self.assertEqual(found, east | west)

    def test_handler_sees_only_department_sheets_and_no_complaint(self):
        complaint = self.create_complaint()
        mine = self.Sheet.create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        other = self.Sheet.create(
            {"complaint_id": complaint.id, "department_id": self.department_security.id}
        )
        (mine | other).action_send()
        Sheet = self.Sheet.with_user(self.user_handler)
        self.assertEqual(Sheet.search([("id", "in", (mine | other).ids)]), mine)
        with self.assertRaises(AccessError):
            other.with_user(self.user_handler).read(["name"])
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_handler).read(["name"])
        # the sheet shows the customer's name and unit, never contact data
        values = mine.with_user(self.user_handler).read(["customer_name", "unit_id"])[0]
        self.assertEqual(values["customer_name"], self.customer.name)
        partner_values = self.customer.with_user(self.user_handler).read(
            ["mobile", "email", "id_number"]
        )[0]
        self.assertFalse(partner_values["mobile"])
        self.assertFalse(partner_values["email"])
        self.assertFalse(partner_values["id_number"])

    def test_handler_sees_letters_of_department(self):
        letter = self.Letter.create(
            {
                "from_department_id": self.department_security.id,
                "to_department_id": self.department_engineering.id,
                "subject": "x",
                "description": "<p>x</p>",
            }
        )
        self.assertEqual(
            self.Letter.with_user(self.user_handler).search([("id", "=", letter.id)]),
            letter,
        )
        unrelated = self.env["hr.department"].create({"name": "PCRM Landscaping"})
        letter2 = self.Letter.create(
            {
                "from_department_id": unrelated.id,
                "to_department_id": unrelated.id,
                "subject": "y",
                "description": "<p>y</p>",
            }
        )
        self.assertFalse(
            self.Letter.with_user(self.user_handler).search([("id", "=", letter2.id)])
        )

    def test_finance_reads_only_claims(self):
        plain = self.create_complaint()
        claim = self.create_complaint(claim_amount=800)
        found = self.Complaint.with_user(self.user_finance).search(
            [("id", "in", (plain | claim).ids)]
        )
        self.assertEqual(found, claim)
        with self.assertRaises(AccessError):
            claim.with_user(self.user_finance).write({"claim_amount": 1})

    def test_handler_cannot_create_complaint(self):
        with self.assertRaises(AccessError):
            self.Complaint.with_user(self.user_handler).create(
                {"partner_id": self.customer.id, "description": "<p>x</p>"}
            )


class TestComplaintQueries(ComplaintCase):
    def _list(self, count):
        complaints = self.Complaint.browse()
        for _i in range(count):
            complaints |= self.create_complaint()
        self.env.invalidate_all()
        spec = {
            "name": {},
            "received_at": {},
            "partner_id": {"fields": {"display_name": {}}},
            "unit_id": {"fields": {"display_name": {}}},
            "area_id": {"fields": {"display_name": {}}},
            "category_id": {"fields": {"display_name": {}}},
            "severity": {},
            "received_by_id": {"fields": {"display_name": {}}},
            "sla_deadline": {},
            "sla_status": {},
            "state": {},
        }
        return complaints, spec

    def test_list_query_count_does_not_grow(self):
        few, spec = self._list(10)
        Complaint = self.Complaint.with_user(self.user_supervisor)
        with self.assertQueryCount(13):
            Complaint.web_search_read([("id", "in", few.ids)], spec)
        many, spec = self._list(80)
        self.env.invalidate_all()
        with self.assertQueryCount(13):
            Complaint.web_search_read([("id", "in", many.ids)], spec)

    def test_form_load_query_count(self):
        complaint = self.create_complaint()
        self.env.invalidate_all()
        spec = {
            "name": {},
            "partner_id": {"fields": {"display_name": {}}},
            "handling_sheet_ids": {
                "fields": {
                    "name": {},
                    "state": {},
                    "department_id": {"fields": {"display_name": {}}},
                }
            },
            "liaison_letter_ids": {"fields": {"name": {}, "state": {}}},
            "sla_status": {},
            "description": {},
        }
        with self.assertQueryCount(17):
            complaint.with_user(self.user_supervisor).web_read(spec)

    def test_watchdog_batch_query_count(self):
        for _i in range(5):
            self.create_complaint()
        self.run_watchdog(T0 + timedelta(hours=1))  # warm-up: nothing due
        with freeze_time(T0 + timedelta(hours=2)), self.assertQueryCount(__system__=12):
            self.Complaint._cron_sla_watchdog()


class TestCloseNeedsCallback(ComplaintCase):
    def test_cancelled_callback_does_not_close(self):
        complaint = self.create_complaint()
        complaint.write({"resolution": "<p>done</p>", "customer_agreed": True})
        complaint.with_user(self.user_specialist).action_resolve()
        complaint.callback_ids.with_user(self.user_supervisor).action_cancel()
        with self.assertRaises(UserError):
            complaint.with_user(self.user_supervisor).action_close()
        self.assertEqual(complaint.state, "resolved")


class TestViewsLoadForEveryRole(ComplaintCase):
    """What the web client asks first: the views and field descriptions, for each
    role."""

    def test_get_views_by_role(self):
        models_by_role = {
            self.user_handler: [
                "property.crm.handling.sheet",
                "property.crm.liaison.letter",
                "property.crm.case",
            ],
            self.user_specialist: [
                "property.crm.complaint",
                "property.crm.callback",
                "property.crm.repair.order",
                "res.partner",
                "property.crm.unit",
            ],
            self.user_area_manager: [
                "property.crm.complaint",
                "property.crm.complaint.report",
                "res.partner",
            ],
            self.user_supervisor: [
                "property.crm.complaint.analysis",
                "property.crm.grade.evaluation",
                "res.partner",
            ],
            self.user_manager: [
                "property.crm.access.log",
                "property.crm.retention.log",
                "res.partner",
            ],
            self.user_finance: ["property.crm.complaint"],
        }
        for user, model_names in models_by_role.items():
            for model_name in model_names:
                Model = self.env[model_name].with_user(user)
                views = Model.get_views(
                    [(False, "list"), (False, "form"), (False, "search")]
                )
                self.assertIn("list", views["views"], f"{model_name} for {user.login}")
                self.assertTrue(Model.fields_get(attributes=["string", "groupable"]))


class TestHandlerRepliesToLetter(ComplaintCase):
    def test_handler_replies_to_letter_of_a_complaint(self):
        complaint = self.create_complaint()
        letter = self.Letter.with_user(self.user_specialist).create(
            {
                "complaint_id": complaint.id,
                "from_department_id": self.department_security.id,
                "to_department_id": self.department_engineering.id,
                "subject": "Shaft",
                "description": "<p>Please inspect the shaft.</p>",
            }
        )
        letter.action_send()
        letter_h = letter.with_user(self.user_handler)
        letter_h.reply = "<p>Inspected, pipe replaced.</p>"
        letter_h.action_reply()
        self.assertEqual(letter.state, "replied")
        self.assertEqual(letter.replied_by_id, self.user_handler)
        self.assertIn(letter.name, complaint.message_ids[0].body)


class TestAccessLogKept(ComplaintCase):
    def test_logged_customer_cannot_be_deleted(self):
        self.customer.with_user(self.user_supervisor).read(["mobile"])
        with self.assertRaises(UserError):
            self.customer.unlink()
        self.assertTrue(self.customer.exists())
        self.non_customer.unlink()


class TestMailedComplaintSender(ComplaintCase):
    def test_sender_address_masked_like_the_archive(self):
        complaint = self.create_complaint(email_from="zhang.wei@example.com")
        as_specialist = complaint.with_user(self.user_specialist)
        self.assertEqual(
            as_specialist.read(["email_from"])[0]["email_from"], "z***@example.com"
        )
        exported = as_specialist.export_data(["email_from"])["datas"]
        self.assertEqual(exported, [["z***@example.com"]])
        self.assertEqual(
            complaint.email_from, "zhang.wei@example.com", "the cache is restored"
        )
        as_supervisor = complaint.with_user(self.user_supervisor)
        self.assertEqual(
            as_supervisor.read(["email_from"])[0]["email_from"], "zhang.wei@example.com"
        )


class TestMailFromContact(ComplaintCase):
    def test_mail_from_a_contact_with_the_customers_address(self):
        """Mail gateway authors may be another contact with the same address: the
        complaint still goes to the customer."""
        self.env["res.partner"].create(
            {"name": "Zhang (old contact)", "email": "ZHANG.WEI@example.com"}
        )
        alias = self.env.ref("property_crm.mail_alias_complaint")
        if not alias.alias_domain_id:
            alias.alias_domain_id = self.env["mail.alias.domain"].create(
                {"name": "pcrm2.example.com"}
            )
        mail = (
            f"From: Zhang <Zhang.Wei@Example.com>\r\n"
            f"To: {alias.alias_name}@{alias.alias_domain_id.name}\r\n"
            "Subject: Water\r\nMessage-Id: <pcrm-test-2@example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nNo water since morning.\r\n"
        )
        complaint_id = self.env["mail.thread"].message_process(
            "property.crm.complaint", mail
        )
        self.assertEqual(self.Complaint.browse(complaint_id).partner_id, self.customer)


class TestWorkflowGuard(ComplaintCase):
    """States, clock timestamps and approvals change only through the buttons."""

    def test_plain_writes_cannot_bypass_the_rules(self):
        complaint = self.create_complaint(claim_amount=20000)
        as_specialist = complaint.with_user(self.user_specialist)
        for vals in (
            {"state": "closed"},
            {"feedback_at": "2026-03-02 02:00:00"},
            {"claim_state": "approved"},
        ):
            with self.assertRaises(UserError):
                as_specialist.write(vals)
        with self.assertRaises(UserError):
            self.Complaint.with_user(self.user_specialist).create(
                {
                    "partner_id": self.customer.id,
                    "description": "<p>x</p>",
                    "state": "closed",
                }
            )
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.claim_state, "requested")
        self.assertFalse(complaint.feedback_at)
        # ordinary fields stay editable
        as_specialist.write({"customer_demand": "Repaint the ceiling"})

    def test_evaluation_cannot_be_approved_by_a_write(self):
        evaluation = self.env["property.crm.grade.evaluation"].create(
            {"partner_id": self.customer.id, "proposed_grade_id": self.grade_a.id}
        )
        evaluation.with_user(self.user_supervisor).action_submit()
        with self.assertRaises(UserError):
            evaluation.with_user(self.user_supervisor).write({"state": "approved"})
        self.assertEqual(evaluation.state, "submitted")

    def test_callback_cannot_be_done_by_a_write(self):
        complaint = self.create_complaint()
        complaint.write({"resolution": "<p>ok</p>", "customer_agreed": True})
        complaint.with_user(self.user_specialist).action_resolve()
        with self.assertRaises(UserError):
            complaint.callback_ids.with_user(self.user_specialist).write(
                {"state": "done"}
            )
        with self.assertRaises(UserError):
            complaint.with_user(self.user_specialist).action_close()
