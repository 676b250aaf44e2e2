import base64
import re
from contextlib import contextmanager
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import html_escape, mute_logger

from .common_complaint import T0, ComplaintCase

MAIL_LOGGER = "odoo.addons.mail.models.mail_thread"


@contextmanager
def case(**_what):
    """Names the case in the code; pytest-odoo has no ``subTest``."""
    yield


@tagged("post_install", "-at_install")
class TestInputValidation(ComplaintCase):
    """Issue 8, bad input: every value a client sends over the public API is
    bounded and validated, refused with a clear error naming the field — never a
    database error or a raw Python exception — and nothing is created or changed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Repair = cls.env["property.crm.repair.order"]
        cls.Evaluation = cls.env["property.crm.grade.evaluation"]

    def complaint_vals(self, **vals):
        values = {
            "partner_id": self.customer.id,
            "unit_id": self.unit_east.id,
            "description": "<p>Water leaking from the ceiling</p>",
            "received_at": T0,
        }
        values.update(vals)
        return values

    def assert_create_refused(self, vals, field_label, model=None, user=None):
        """Creating with ``vals`` as the specialist fails with a ValidationError
        naming ``field_label``; no record is created."""
        Model = self.Complaint if model is None else model
        count = Model.with_context(active_test=False).search_count([])
        with freeze_time(T0), self.assertRaises(ValidationError) as caught:
            Model.with_user(user or self.user_specialist).create(vals)
        message = str(caught.exception)
        self.assertIn(field_label, message)
        self.assertNotIn("Traceback", message)
        self.assertEqual(Model.with_context(active_test=False).search_count([]), count)
        return message

    def assert_write_refused(self, record, vals, field_label, user=None):
        fnames = [f for f in vals if f in record._fields]
        before = record.read(fnames)
        with freeze_time(T0), self.assertRaises(ValidationError) as caught:
            record.with_user(user or self.user_specialist).write(vals)
        self.assertIn(field_label, str(caught.exception))
        record.invalidate_recordset()
        self.assertEqual(record.read(fnames), before, "nothing changed")
        return str(caught.exception)

    # ------------------------------------------------------------------
    # amounts
    # ------------------------------------------------------------------

    def test_claim_amount_must_be_a_finite_number(self):
        for value in (
            float("nan"),
            float("inf"),
            float("-inf"),
            "abc",
            "5000",
            True,
            [5000],
        ):
            with case(value=value):
                self.assert_create_refused(
                    self.complaint_vals(claim_amount=value), "Claim Amount"
                )
        complaint = self.create_complaint(claim_amount=500.0)
        for value in (float("nan"), float("inf"), "abc", 1e20):
            with case(write=value):
                self.assert_write_refused(
                    complaint, {"claim_amount": value}, "Claim Amount"
                )
        self.assertEqual(complaint.claim_amount, 500.0)

    def test_claim_amount_within_the_company_maximum(self):
        self.assertEqual(self.company.property_crm_max_amount, 1_000_000)
        message = self.assert_create_refused(
            self.complaint_vals(claim_amount=1e20), "Claim Amount"
        )
        self.assertIn("maximum", message)
        self.assert_create_refused(
            self.complaint_vals(claim_amount=1_000_000.01), "Claim Amount"
        )
        complaint = self.create_complaint(claim_amount=1_000_000)
        self.assertEqual(complaint.claim_amount, 1_000_000)
        # the maximum is a setting of the company
        self.company.property_crm_max_amount = 5_000
        self.assert_write_refused(complaint, {"claim_amount": 6_000}, "Claim Amount")
        other = self.create_complaint(claim_amount=4_000)
        self.assertEqual(other.claim_amount, 4_000)
        with self.assertRaises(ValidationError):
            self.company.property_crm_max_amount = 0

    def test_other_money_fields_are_bounded(self):
        self.assert_create_refused(
            {
                "unit_id": self.unit_east.id,
                "partner_id": self.customer.id,
                "description": "<p>Tap</p>",
                "cost_estimate": 5e9,
            },
            "Cost Estimate",
            model=self.Repair,
        )

    def test_integer_fields_are_bounded(self):
        base = {
            "partner_id": self.customer.id,
            "proposed_grade_id": self.grade_a.id,
        }
        for value in (2**40, "abc", 1.5, float("nan"), True):
            with case(value=value):
                self.assert_create_refused(
                    dict(base, score_payment=value),
                    "Payment Record",
                    model=self.Evaluation,
                    user=self.user_supervisor,
                )

    # ------------------------------------------------------------------
    # dates
    # ------------------------------------------------------------------

    def test_malformed_dates_get_a_clear_error(self):
        for value in ("not a date", "2026-13-45 25:61:00", "2026/03/02", 12345, []):
            with case(value=value):
                message = self.assert_create_refused(
                    self.complaint_vals(received_at=value), "Received At"
                )
                self.assertNotIn("ValueError", message)

    def test_dates_within_a_sane_window(self):
        for value in (
            "0001-01-01 00:00:00",
            "1900-01-01 00:00:00",
            "2099-01-01 00:00:00",
            "9999-12-31 23:59:59",
        ):
            with case(value=value):
                self.assert_create_refused(
                    self.complaint_vals(received_at=value), "Received At"
                )
        # any date field, on any of the addon's models
        for value in ("0001-01-01 00:00:00", "2099-01-01 00:00:00"):
            with case(scheduled_start=value):
                self.assert_create_refused(
                    {
                        "unit_id": self.unit_east.id,
                        "partner_id": self.customer.id,
                        "description": "<p>Tap</p>",
                        "scheduled_start": value,
                    },
                    "Scheduled Start",
                    model=self.Repair,
                )

    def test_received_at_neither_future_nor_backdated_too_far(self):
        self.assert_create_refused(
            self.complaint_vals(received_at=T0 + timedelta(hours=1)), "Received At"
        )
        self.assert_create_refused(
            self.complaint_vals(received_at=T0 - timedelta(days=31)), "Received At"
        )
        # a client clock a little ahead and a complaint of last week are fine
        ahead = self.create_complaint(received_at=T0 + timedelta(minutes=2))
        self.assertEqual(ahead.received_at, T0 + timedelta(minutes=2))
        last_week = self.create_complaint(received_at=T0 - timedelta(days=7))
        self.assertEqual(last_week.received_at, T0 - timedelta(days=7))
        self.assert_write_refused(
            last_week, {"received_at": "2099-01-01 00:00:00"}, "Received At"
        )
        # the backdating window is a setting of the company
        self.company.property_crm_backdate_days = 5
        self.assert_create_refused(
            self.complaint_vals(received_at=T0 - timedelta(days=7)), "Received At"
        )

    # ------------------------------------------------------------------
    # selections, relations, unknown fields
    # ------------------------------------------------------------------

    def test_selection_values_must_exist(self):
        for fname, label, value in (
            ("channel", "Channel", "fax"),
            ("severity", "Severity", "catastrophic"),
            ("validity", "Validity", ["valid"]),
        ):
            with case(fname=fname):
                message = self.assert_create_refused(
                    self.complaint_vals(**{fname: value}), label
                )
                self.assertIn("allowed values", message)
        complaint = self.create_complaint()
        self.assert_write_refused(complaint, {"channel": "telegraph"}, "Channel")

    def test_unknown_ids_refused(self):
        missing = self.env["res.partner"].search([], order="id desc", limit=1).id + 1
        for value in (missing, "abc", -1, 2**40, 1.0, True, [self.customer.id]):
            with case(value=value):
                self.assert_create_refused(
                    self.complaint_vals(partner_id=value), "Customer"
                )
        complaint = self.create_complaint()
        self.assert_write_refused(complaint, {"category_id": 999_999_999}, "Category")

    def test_x2many_commands_well_formed_with_existing_ids(self):
        missing = self.env["res.partner"].search([], order="id desc", limit=1).id + 1
        for value in (
            [Command.set([missing])],
            [Command.link(missing)],
            [(4, "x", 0)],
            [(9, 0, 0)],
            [(0, 0, "not a dict")],
            [(6, 0, "abc")],
            "abc",
            [missing],
        ):
            with case(value=value):
                self.assert_create_refused(
                    self.complaint_vals(partner_ids=value), "Other Complainants"
                )
        complaint = self.create_complaint()
        missing_sheet = self.Sheet.search([], order="id desc", limit=1).id + 1
        self.assert_write_refused(
            complaint,
            {"handling_sheet_ids": [Command.update(missing_sheet, {"note": "x"})]},
            "Handling Sheets",
        )
        # the values of a record created through a command are checked by the
        # comodel's own create
        with freeze_time(T0), self.assertRaises(ValidationError) as caught:
            complaint.with_user(self.user_specialist).write(
                {
                    "callback_ids": [
                        Command.create(
                            {"deadline": "9999-01-01 00:00:00", "method": "phone"}
                        )
                    ]
                }
            )
        self.assertIn("Deadline", str(caught.exception))
        self.assertFalse(complaint.callback_ids)
        # well-formed commands with existing ids pass
        complaint.with_user(self.user_specialist).write(
            {"partner_ids": [Command.link(self.customer_west.id)]}
        )
        self.assertEqual(complaint.partner_ids, self.customer_west)
        complaint.with_user(self.user_specialist).write(
            {"partner_ids": [Command.set([self.enterprise.id]), Command.clear()]}
        )
        self.assertFalse(complaint.partner_ids)

    def test_unknown_fields_refused(self):
        message = self.assert_create_refused(
            self.complaint_vals(no_such_field="x"), "no_such_field"
        )
        self.assertIn("Customer Complaint", message)
        complaint = self.create_complaint()
        with self.assertRaises(ValidationError):
            complaint.with_user(self.user_specialist).write({"x_hack": 1})

    # ------------------------------------------------------------------
    # texts
    # ------------------------------------------------------------------

    def test_texts_without_nul_or_lone_surrogate(self):
        for value in ("<p>leak\x00</p>", "<p>leak \ud800</p>", 42, ["<p>x</p>"]):
            with case(value=value):
                self.assert_create_refused(
                    self.complaint_vals(description=value), "Description"
                )
        complaint = self.create_complaint()
        self.assert_write_refused(
            complaint, {"customer_demand": "money\x00back"}, "Customer Demand"
        )
        self.assert_write_refused(complaint, {"explanation": "\udfff"}, "Explanation")

    def test_texts_within_size_limits(self):
        message = self.assert_create_refused(
            self.complaint_vals(email_from="a" * 1_000_000 + "@example.com"), "Email"
        )
        self.assertIn("at most", message)
        self.assert_create_refused(
            self.complaint_vals(customer_demand="x" * 100_001), "Customer Demand"
        )
        self.assert_create_refused(
            self.complaint_vals(description="<p>" + "x" * 100_000 + "</p>"),
            "Description",
        )
        # long but reasonable texts pass
        complaint = self.create_complaint(
            customer_demand="x" * 10_000, description="<p>" + "y" * 50_000 + "</p>"
        )
        self.assertEqual(len(complaint.customer_demand), 10_000)

    def test_required_fields_cannot_be_emptied(self):
        for value in (False, None, ""):
            with case(value=value):
                self.assert_create_refused(
                    self.complaint_vals(received_at=value), "Received At"
                )
        complaint = self.create_complaint()
        self.assert_write_refused(complaint, {"channel": False}, "Channel")
        self.assert_write_refused(complaint, {"description": ""}, "Description")

    def test_error_names_field_and_model(self):
        message = self.assert_create_refused(
            self.complaint_vals(channel="fax"), "Channel"
        )
        self.assertIn("Customer Complaint", message)
        self.assertIn("fax", message)

    def test_complaint_needs_customer_or_email(self):
        for email in (False, "", "   ", "\t\n"):
            with case(email=email):
                count = self.Complaint.search_count([])
                with freeze_time(T0), self.assertRaises(ValidationError):
                    self.Complaint.with_user(self.user_specialist).create(
                        self.complaint_vals(partner_id=False, email_from=email)
                    )
                self.assertEqual(self.Complaint.search_count([]), count)
        complaint = self.create_complaint()
        with self.assertRaises(ValidationError):
            complaint.with_user(self.user_specialist).write(
                {"partner_id": False, "email_from": "  "}
            )

    def test_legitimate_values_pass(self):
        complaint = self.create_complaint(
            channel="wechat",
            claim_amount=12_345.67,
            category_id=False,
            email_from="zhang.wei@example.com",
            customer_demand="請盡快處理",
            partner_ids=[Command.link(self.customer_west.id)],
        )
        self.assertEqual(complaint.channel, "wechat")
        self.assertEqual(complaint.claim_amount, 12_345.67)
        self.assertEqual(complaint.partner_ids, self.customer_west)

    # ------------------------------------------------------------------
    # attachments
    # ------------------------------------------------------------------

    def test_attachment_size_limit(self):
        self.company.property_crm_attachment_max_mb = 1
        complaint = self.create_complaint()
        Attachment = self.env["ir.attachment"].with_user(self.user_specialist)
        big = b"x" * (1024 * 1024 + 1)
        count = self.env["ir.attachment"].search_count([])
        for vals in (
            {"raw": big},
            {"datas": base64.b64encode(big)},
            {"datas": base64.b64encode(big).decode()},
        ):
            with case(keys=list(vals)), self.assertRaises(ValidationError):
                Attachment.create(
                    dict(
                        vals,
                        name="photo.jpg",
                        res_model=complaint._name,
                        res_id=complaint.id,
                    )
                )
        self.assertEqual(self.env["ir.attachment"].search_count([]), count)
        small = Attachment.create(
            {
                "name": "photo.jpg",
                "raw": b"x" * 1000,
                "res_model": complaint._name,
                "res_id": complaint.id,
            }
        )
        with self.assertRaises(ValidationError):
            small.write({"raw": big})
        self.assertEqual(small.file_size, 1000)
        # chatter uploads run as superuser on behalf of the user: bounded too
        with self.assertRaises(ValidationError):
            Attachment.sudo().create(
                {
                    "name": "video.mp4",
                    "raw": big,
                    "res_model": complaint._name,
                    "res_id": complaint.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.company.property_crm_attachment_max_mb = -1


@tagged("post_install", "-at_install")
class TestMailGatewayInput(ComplaintCase):
    """Issue 8: the mail gateway is reached through the gateway only, and an
    incoming mail is untrusted input."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias = cls.env.ref("property_crm.mail_alias_complaint")
        if not cls.alias.alias_domain_id:
            cls.alias.alias_domain_id = cls.env["mail.alias.domain"].create(
                {"name": "pcrm-val.example.com"}
            )
        cls.mail_to = f"{cls.alias.alias_name}@{cls.alias.alias_domain_id.name}"
        cls.admin = cls.env.ref("base.user_admin")

    def mail(self, subject="Noise at night", body="The neighbour drills.", **kw):
        msg_id = kw.get("msg_id", "<pcrm-val-1@example.com>")
        charset = kw.get("charset", "utf-8")
        headers = (
            "From: Zhang Wei <zhang.wei@example.com>\r\n"
            f"To: {self.mail_to}\r\n"
            f"Subject: {subject}\r\n"
            f"Message-Id: {msg_id}\r\n"
            "MIME-Version: 1.0\r\n"
        )
        if "attachment" not in kw:
            return (
                headers
                + f"Content-Type: text/plain; charset={charset}\r\n\r\n{body}\r\n"
            )
        name, content = kw["attachment"]
        return (
            headers + 'Content-Type: multipart/mixed; boundary="BOUNDARY"\r\n\r\n'
            "--BOUNDARY\r\n"
            f"Content-Type: text/plain; charset={charset}\r\n\r\n{body}\r\n"
            "--BOUNDARY\r\n"
            "Content-Type: application/octet-stream\r\n"
            f'Content-Disposition: attachment; filename="{name}"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n"
            + base64.encodebytes(content).decode()
            + "\r\n--BOUNDARY--\r\n"
        )

    def process(self, mail, user=None):
        with freeze_time(T0), mute_logger(MAIL_LOGGER):
            MailThread = self.env["mail.thread"]
            if user:
                MailThread = MailThread.with_user(user)
            complaint_id = MailThread.message_process("property.crm.complaint", mail)
        return self.Complaint.browse(complaint_id)

    def test_gateway_not_callable_over_rpc(self):
        count = self.Complaint.search_count([])
        for user in (
            self.user_handler,
            self.user_finance,
            self.user_specialist,
            self.user_manager,
        ):
            with case(user=user.login):
                with self.assertRaises(AccessError):
                    self.process(self.mail(), user=user)
                with self.assertRaises(AccessError):
                    self.Complaint.with_user(user).message_new(
                        {"subject": "x", "email_from": "a@example.com", "body": "x"},
                        {"partner_id": self.customer_west.id},
                    )
        self.assertEqual(self.Complaint.search_count([]), count)
        # the mailgate script authenticates as an administrator
        complaint = self.process(self.mail(), user=self.admin)
        self.assertEqual(complaint.partner_id, self.customer)

    def test_subject_never_becomes_the_number(self):
        complaint = self.process(self.mail(subject="TS202603-0001"))
        self.assertTrue(complaint)
        self.assertNotEqual(complaint.name, "TS202603-0001")
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "property.crm.complaint")], limit=1
        )
        if sequence.prefix:
            self.assertTrue(complaint.name.startswith(sequence.prefix[:2]))

    def test_empty_and_huge_subject_and_body(self):
        empty = self.process(
            self.mail(subject="", body="", msg_id="<pcrm-val-empty@example.com>")
        )
        self.assertTrue(empty)
        self.assertTrue(empty.name and empty.name != "New")
        self.assertTrue(empty.description)
        huge_subject = "S" * 100_000
        huge = self.process(
            self.mail(
                subject=huge_subject,
                body="B" * 100_000,
                msg_id="<pcrm-val-huge@example.com>",
            )
        )
        self.assertTrue(huge)
        self.assertNotEqual(huge.name, huge_subject)
        self.assertLess(len(huge.name), 50)

    def test_unknown_charset(self):
        complaint = self.process(
            self.mail(charset="x-no-such-charset", body="Lift broken since Monday")
        )
        self.assertTrue(complaint)
        self.assertIn("Lift broken", complaint.description)

    def test_large_mail_attachment_dropped_with_a_note(self):
        self.company.property_crm_attachment_max_mb = 1
        complaint = self.process(
            self.mail(attachment=("video.mp4", b"\x01" * (1024 * 1024 + 10)))
        )
        self.assertTrue(complaint)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
        )
        self.assertFalse(attachments, "the large file is not stored")
        self.assertTrue(
            any(
                "video.mp4" in str(message.body) and "not stored" in str(message.body)
                for message in complaint.message_ids
            ),
            "a note says what was dropped",
        )
        kept = self.process(
            self.mail(
                attachment=("photo.jpg", b"\x01" * 1000),
                msg_id="<pcrm-val-small@example.com>",
            )
        )
        self.assertEqual(
            self.env["ir.attachment"]
            .search([("res_model", "=", kept._name), ("res_id", "=", kept.id)])
            .mapped("name"),
            ["photo.jpg"],
        )


@tagged("post_install", "-at_install")
class TestPortalInput(HttpCase):
    # the HTTP server: conftest.py at the repository root
    """What the portal form of a new complaint posts is parsed and bounded: a
    clear error on the page, never an HTTP 500, and nothing created."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.unit = env["property.crm.unit"].create(
            {
                "name": "VAL-0101",
                "building_id": env["property.crm.building"]
                .create(
                    {
                        "name": "Validation Tower",
                        "area_id": env["property.crm.area"]
                        .create(
                            {
                                "name": "Validation Area",
                                "code": "VAL",
                                # without an area manager, a portal complaint
                                # looks the head up in res.groups as the portal
                                # user (AccessError) — not an input issue
                                "manager_id": new_test_user(
                                    env,
                                    login="pcrm_val_area_manager",
                                    groups="base.group_user,"
                                    "property_crm.group_area_manager",
                                ).id,
                            }
                        )
                        .id,
                    }
                )
                .id,
            }
        )
        cls.customer = env["res.partner"].create(
            {
                "name": "Portal Customer",
                "customer_kind": "individual",
                "email": "portal.customer@example.com",
                "unit_ids": [Command.link(cls.unit.id)],
            }
        )
        cls.portal_user = new_test_user(
            env,
            login="pcrm_val_portal",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.Complaint = env["property.crm.complaint"].sudo()

    def post_new(self, **data):
        self.authenticate("pcrm_val_portal", "pcrm_val_portal")
        page = self.url_open("/my/complaints/new")
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(
            "/my/complaints/new", data=dict(data, csrf_token=token), timeout=60
        )

    def test_bad_posts_get_a_clear_error(self):
        count = self.Complaint.search_count([])
        # the error names the field in the customer's language
        env = self.env(context=dict(self.env.context, lang=self.portal_user.lang))
        fields_ = env["property.crm.complaint"]._fields

        def label(fname):
            return str(html_escape(fields_[fname]._description_string(env)))

        for data, expected in (
            ({"description": "Lift stuck", "category_id": "abc"}, "category_id"),
            ({"description": "Lift stuck", "category_id": "1e99"}, "category_id"),
            ({"description": "Lift stuck", "unit_id": "999999999"}, "unit_id"),
            ({"description": "Lift stuck", "unit_id": "abc"}, "unit_id"),
            ({"description": "Lift\x00 stuck"}, "description"),
            ({"description": "x" * 100_001}, "description"),
            (
                {"description": "x", "customer_demand": "y" * 100_001},
                "customer_demand",
            ),
        ):
            with case(data=str(data)[:60]):
                response = self.post_new(**data)
                self.assertIn(response.status_code, (200, 400))
                self.assertIn("alert-danger", response.text)
                alert = re.search(
                    r'class="alert alert-danger">(.*?)</div>', response.text, re.S
                )
                self.assertTrue(alert, "a clear error on the page")
                self.assertIn(label(expected), alert.group(1))
        self.assertEqual(self.Complaint.search_count([]), count)

    def test_good_post_creates_the_complaint(self):
        count = self.Complaint.search_count([])
        response = self.post_new(
            description="Lift stuck on floor 1", unit_id=str(self.unit.id)
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("alert-danger", response.text, response.text[-6000:])
        self.assertEqual(self.Complaint.search_count([]), count + 1)
        complaint = self.Complaint.search([], order="id desc", limit=1)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.unit_id, self.unit)
