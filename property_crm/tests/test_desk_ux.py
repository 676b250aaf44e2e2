from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common_complaint import T0, ComplaintCase


class TestPhoneIntake(ComplaintCase):
    """One-screen phone intake: the caller found by the whole number or its last
    four digits; the category's department shown; the complaint logged as the
    specialist."""

    def intake(self, **vals):
        return (
            self.env["property.crm.complaint.intake"]
            .with_user(self.user_specialist)
            .create(vals)
        )

    def test_caller_found_by_last_four_digits(self):
        intake = self.intake(caller_number="5678")
        # Zhang Wei's mobile 13812345678 ends in 5678, Li Na's phone 020-88005678 too
        self.assertEqual(intake.match_ids, self.customer | self.customer_west)
        self.assertFalse(intake.partner_id, "two matches: the agent picks one")
        intake = self.intake(caller_number="4321")
        self.assertEqual(intake.partner_id, self.customer_west)
        self.assertEqual(intake.unit_id, self.unit_west)
        self.assertNotIn(
            self.non_customer,
            self.intake(caller_number="1111").match_ids,
            "only customers are callers of the desk",
        )

    def test_caller_found_by_whole_number_only_exactly(self):
        self.assertEqual(
            self.intake(caller_number="13812345678").partner_id, self.customer
        )
        self.assertEqual(
            self.intake(caller_number="+86 138 1234 5678").partner_id, self.customer
        )
        # a part of a number longer than four digits finds nobody (no partial search
        # of confidential data for a masked role)
        self.assertFalse(self.intake(caller_number="1381234").match_ids)
        self.assertFalse(self.intake(caller_number="12345678").match_ids)

    def test_log_complaint_from_intake(self):
        category = self.env["property.crm.complaint.category"].create(
            {"name": "PCRM Leaks", "department_id": self.department_engineering.id}
        )
        form = Form(
            self.env["property.crm.complaint.intake"].with_user(self.user_specialist)
        )
        form.caller_number = "4321"
        form.category_id = category
        form.severity = "major"
        form.major_reason = "c_loss"
        form.description = "<p>Water through the ceiling</p>"
        self.assertEqual(form.department_id, self.department_engineering)
        action = form.save().action_log_complaint()
        complaint = self.Complaint.browse(action["res_id"])
        self.assertEqual(complaint.partner_id, self.customer_west)
        self.assertEqual(complaint.unit_id, self.unit_west)
        self.assertEqual(complaint.severity, "major")
        self.assertEqual(complaint.channel, "phone")
        self.assertEqual(complaint.received_by_id, self.user_specialist)
        # its handling sheet goes to the category's department, whoever creates it
        sheet = self.Sheet.with_user(self.user_specialist).create(
            {"complaint_id": complaint.id}
        )
        self.assertEqual(sheet.department_id, self.department_engineering)

    def test_new_caller_becomes_a_customer(self):
        intake = self.intake(
            caller_number="13500009999",
            new_customer_name="Wu Lei",
            unit_id=self.unit_east.id,
            description="<p>Noise at night</p>",
        )
        complaint = self.Complaint.browse(intake.action_log_complaint()["res_id"])
        self.assertEqual(complaint.partner_id.name, "Wu Lei")
        self.assertEqual(complaint.partner_id.sudo().mobile, "13500009999")
        self.assertEqual(complaint.partner_id.customer_kind, "individual")

    def test_intake_refuses_incomplete_and_other_roles(self):
        with self.assertRaises(UserError):
            self.intake(caller_number="0000", description="<p>x</p>").with_user(
                self.user_specialist
            ).action_log_complaint()
        with self.assertRaises(UserError):
            self.intake(partner_id=self.customer.id).action_log_complaint()
        with self.assertRaises(AccessError):
            self.env["property.crm.complaint.intake"].with_user(
                self.user_handler
            ).create({"caller_number": "5678"})
        # the last four digits are not for the departments, who see no contact data
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user_handler).read(["property_crm_phone_tail"])
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_handler).search(
                [("property_crm_phone_tail", "ilike", "5678")]
            )


class TestManagerSettings(ComplaintCase):
    def test_manager_changes_settings_without_admin_rights(self):
        self.assertFalse(self.user_manager.has_group("base.group_system"))
        settings = (
            self.env["property.crm.settings"]
            .with_user(self.user_manager)
            .create({"property_crm_callback_attempts": 5})
        )
        settings.execute()
        self.assertEqual(self.company.property_crm_callback_attempts, 5)

    def test_other_roles_and_other_companies_refused(self):
        for user in (self.user_supervisor, self.user_specialist, self.user_finance):
            with self.assertRaises(AccessError):
                self.env["property.crm.settings"].with_user(user).create(
                    {"property_crm_callback_attempts": 9}
                )
        self.assertEqual(self.company.property_crm_callback_attempts, 3)
        other = self.env["res.company"].create({"name": "PCRM Other Company"})
        self.env["property.crm.settings"].with_user(self.user_manager).create(
            {"company_id": other.id, "property_crm_callback_attempts": 4}
        )
        self.assertEqual(other.property_crm_callback_attempts, 3)
        self.assertEqual(self.company.property_crm_callback_attempts, 4)


class TestCustomerNotices(ComplaintCase):
    def notices(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: m.message_type == "comment"
            and self.customer.partner_id in m.partner_ids
        )

    def test_told_on_receipt_progress_and_closing(self):
        self.company.property_crm_customer_notice = "email"
        self.customer.lang = "en_US"
        complaint = self.create_complaint()
        notices = complaint.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertEqual(len(notices), 1)
        self.assertIn(complaint.name, notices.subject)
        self.assertIn("get back to you", str(notices.body))
        complaint.with_user(self.user_specialist).action_start_handling()
        notices = complaint.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertEqual(len(notices), 2)
        self.assertIn("being handled", notices[0].subject)
        # the same state again tells nothing new
        complaint._workflow_write({"state": "handling"})
        self.assertEqual(
            len(
                complaint.message_ids.filtered(
                    lambda m: m.message_type == "comment"
                    and self.customer in m.partner_ids
                )
            ),
            2,
        )

    def test_notice_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.customer.lang = "zh_CN"
        self.company.property_crm_customer_notice = "email"
        complaint = self.create_complaint()
        notice = complaint.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertTrue(notice)
        self.assertIn(complaint.name, notice.subject)
        self.assertIn("我们已受理您的投诉", notice.subject)
        self.assertIn("前答复您", str(notice.body))

    def test_sms_and_none(self):
        self.company.property_crm_customer_notice = "sms"
        complaint = self.create_complaint()
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        self.assertTrue(sms, "an SMS is queued for the customer's mobile")
        self.assertIn(complaint.name, sms[0].body)
        self.company.property_crm_customer_notice = "none"
        before = self.env["sms.sms"].search_count([])
        messages = self.env["mail.message"].search_count([])
        complaint2 = self.create_complaint(at=T0)
        self.assertEqual(self.env["sms.sms"].search_count([]), before)
        self.assertFalse(
            complaint2.message_ids.filtered(lambda m: m.message_type == "comment")
        )
        self.assertGreater(self.env["mail.message"].search_count([]), messages)

    def test_no_customer_no_notice(self):
        self.company.property_crm_customer_notice = "email_sms"
        complaint = self.create_complaint(
            partner_id=False, email_from="anon@example.com"
        )
        self.assertFalse(
            complaint.message_ids.filtered(lambda m: m.message_type == "comment")
        )


class TestCustomerLastDigitsSearch(ComplaintCase):
    def test_tail_follows_the_numbers(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Tail Test",
                "customer_kind": "individual",
                "mobile": "139 0000 1234",
                "unit_ids": [Command.link(self.unit_east.id)],
            }
        )
        self.assertEqual(partner.property_crm_phone_tail, "1234")
        partner.phone = "0755-1111 9876"
        self.assertEqual(partner.property_crm_phone_tail, "1234 9876")
        found = (
            self.env["res.partner"]
            .with_user(self.user_specialist)
            .search([("property_crm_phone_tail", "ilike", "9876")])
        )
        self.assertIn(partner, found)


class TestWatchdogRepeatedRecipient(ComplaintCase):
    def test_two_clocks_out_together_for_the_same_user(self):
        """A major complaint nobody reported nor resolved: at 13 h the 10-minute
        report and the 12-hour resolution clocks escalate together, both to the head:
        two activities, one follower."""
        complaint = self.create_complaint(severity="major", major_reason="c_loss")
        self.run_watchdog(T0 + timedelta(hours=13))
        head_activities = complaint.activity_ids.filtered(
            lambda a: a.user_id == self.user_manager
            and a.activity_type_id == self.escalation_type
        )
        self.assertGreaterEqual(len(head_activities), 2)
        followers = complaint.message_follower_ids.filtered(
            lambda f: f.partner_id == self.user_manager.partner_id
        )
        self.assertEqual(len(followers), 1)


class TestFeedbackRecordedOnResolution(ComplaintCase):
    def test_resolution_agreed_is_the_feedback(self):
        complaint = self.create_complaint()
        complaint.with_user(self.user_specialist).write(
            {"resolution": "<p>Pipe joint replaced</p>", "customer_agreed": True}
        )
        at = T0 + timedelta(hours=3)
        with freeze_time(at):
            complaint.with_user(self.user_specialist).action_resolve()
            self.env.flush_all()
        self.assertEqual(complaint.feedback_at, at, "the feedback is recorded")
        self.assertEqual(complaint.feedback_sla, "done")

    def test_late_feedback_stays_late(self):
        complaint = self.create_complaint()
        complaint.with_user(self.user_specialist).write(
            {"resolution": "<p>Pipe joint replaced</p>", "customer_agreed": True}
        )
        self.run_watchdog(T0 + timedelta(hours=25))
        with freeze_time(T0 + timedelta(hours=26)):
            complaint.with_user(self.user_specialist).action_resolve()
            self.env.flush_all()
        self.assertEqual(complaint.feedback_at, T0 + timedelta(hours=26))
        self.assertNotEqual(complaint.feedback_sla, "done")


class TestPortalTranslations(ComplaintCase):
    def test_chatter_of_the_portal_in_chinese(self):
        """The complaint page's chatter (Odoo's mail) reads Chinese on the portal."""
        self.env["res.lang"]._activate_lang("zh_CN")
        IrHttp = self.env["ir.http"]
        modules = IrHttp._get_translation_frontend_modules_name()
        self.assertIn("mail", modules)
        translations, _lang_params = IrHttp.get_translations_for_webclient(
            modules, "zh_CN"
        )
        messages = {
            term["id"]: term["string"]
            for module in translations.values()
            for term in module["messages"]
        }
        self.assertNotEqual(
            messages.get("The conversation is empty.", "The conversation is empty."),
            "The conversation is empty.",
        )


class TestActivityDueByTheClock(ComplaintCase):
    def test_activity_on_a_major_complaint_due_by_its_deadline(self):
        complaint = self.create_complaint(
            at=fields.Datetime.now(), severity="major", major_reason="c_loss"
        )
        scheduler = (
            self.env["mail.activity.schedule"]
            .with_user(self.user_area_manager)
            .with_context(
                active_model="property.crm.complaint", active_ids=complaint.ids
            )
            .create({})
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.assertEqual(scheduler.activity_type_id, todo)
        self.assertLess(scheduler.date_deadline, todo._get_date_deadline())
        self.assertLessEqual(
            scheduler.date_deadline,
            fields.Date.context_today(scheduler) + timedelta(days=1),
        )
