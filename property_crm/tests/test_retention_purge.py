import json
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_complaint import ComplaintCase

# closed on 29 February: two calendar years end on 1 March, not on 28 February
LEAP_CLOSE = datetime(2024, 2, 29, 10, 0, 0)


@tagged("post_install", "-at_install")
class TestRetentionPurge(ComplaintCase):
    def _closed_complaint(self, closed_at):
        complaint = self.create_complaint(at=closed_at - timedelta(days=3))
        complaint.write({"email_from": "Zhang Wei <zhang.wei@example.com>"})
        repair = self.env["property.crm.repair.order"].create(
            {
                "unit_id": self.unit_east.id,
                "partner_id": self.customer.id,
                "complaint_id": complaint.id,
                "description": "<p>Fix the ceiling of Zhang Wei</p>",
            }
        )
        repair.action_cancel()
        complaint.write({"resolution": "<p>ok</p>", "customer_agreed": True})
        with freeze_time(closed_at - timedelta(hours=2)):
            complaint.action_resolve()
            callback = complaint.callback_ids
            callback.write({"outcome": "satisfied"})
            callback.action_done()
        with freeze_time(closed_at):
            complaint.action_close()
        survey = self.env.ref("property_crm.survey_customer_satisfaction")
        answer = self.env["survey.user_input"].create(
            {"survey_id": survey.id, "partner_id": self.customer.id}
        )
        callback.sudo().write({"survey_user_input_id": answer.id})
        case = self.env["property.crm.case"].create(
            self.env["property.crm.case"]._values_from_complaint(complaint)
            | {"lessons": "<p>Check the joints every spring</p>"}
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": "photo.txt",
                "raw": b"x",
                "res_model": complaint._name,
                "res_id": complaint.id,
            }
        )
        complaint.message_post(body="Customer called: 13812345678")
        return {
            "complaint": complaint,
            "repair": repair,
            "callback": callback,
            "answer": answer,
            "case": case,
            "attachment": attachment,
            "messages": complaint.message_ids | repair.message_ids,
        }

    def test_two_calendar_years_across_29_february(self):
        records = self._closed_complaint(LEAP_CLOSE)
        complaint = records["complaint"]
        # 730 days after 29 February 2024 is 28 February 2026: still inside
        with freeze_time(datetime(2026, 2, 28, 23, 59)):
            self.Complaint._cron_retention()
        self.assertTrue(complaint.exists(), "the day before the line: kept")
        self.assertTrue(records["repair"].exists())
        with freeze_time(datetime(2026, 3, 1, 10, 0)):
            self.Complaint._cron_retention()
        for key in ("complaint", "repair", "callback", "answer", "attachment"):
            self.assertFalse(records[key].exists(), key)
        self.assertFalse(records["messages"].exists())
        # the case library keeps the lesson, not the customer
        case = records["case"]
        self.assertTrue(case.exists())
        self.assertFalse(case.complaint_id)
        self.assertIn("spring", case.lessons)
        for text in (case.problem or "", case.handling or "", case.outcome or ""):
            self.assertNotIn("Water leaking", text)
        # the deletion certificate: ids per model, no personal content
        log = self.env["property.crm.retention.log"].search(
            [("model_name", "=", self.Complaint._name), ("operation", "=", "delete")],
            limit=1,
        )
        certificate = json.loads(log.certificate)
        self.assertEqual(
            certificate[self.Complaint._name]["ids"], records["complaint"].ids
        )
        self.assertEqual(certificate["property.crm.repair.order"]["count"], 1)
        self.assertNotIn("Zhang", log.certificate)
        self.assertNotIn("zhang.wei", log.certificate)

    def test_legal_hold_and_dry_run(self):
        records = self._closed_complaint(LEAP_CLOSE)
        complaint = records["complaint"]
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_supervisor).action_legal_hold()
        with self.assertRaises(UserError):
            complaint.with_user(self.user_manager).write({"legal_hold": True})
        with self.assertRaises(UserError):
            self.create_complaint(legal_hold=True)
        self.assertFalse(complaint.legal_hold)
        with freeze_time(datetime(2026, 3, 2)):
            preview = self.Complaint._retention_preview(self.company)
            self.assertIn(complaint.id, preview[self.company][self.Complaint._name])
            action = complaint.with_user(self.user_manager).action_retention_preview()
            self.assertIn(complaint.id, action["domain"][0][2])
            with self.assertRaises(AccessError):
                self.Complaint.with_user(
                    self.user_supervisor
                ).action_retention_preview()
            # the dry run removes nothing
            self.assertTrue(complaint.exists())
            complaint.with_user(self.user_manager).action_legal_hold()
            self.assertTrue(complaint.legal_hold)
            self.assertNotIn(
                self.Complaint._name,
                self.Complaint._retention_preview(self.company)[self.company],
            )
            self.Complaint._cron_retention()
            self.assertTrue(complaint.exists(), "on hold: passed over")
            complaint.with_user(self.user_manager).action_lift_legal_hold()
            self.Complaint._cron_retention()
            self.assertFalse(complaint.exists())

    def test_retention_settings_validated(self):
        company = self.company
        for vals in (
            {"property_crm_retention_years": 0},
            {"property_crm_retention_years": -2},
            {"property_crm_archive_days": 0},
            {"property_crm_archive_days": -1},
            {"property_crm_archive_days": 800, "property_crm_retention_years": 2},
        ):
            with self.assertRaises(ValidationError, msg=vals):
                with self.env.cr.savepoint():
                    company.write(vals)
        self.assertEqual(company.property_crm_retention_years, 2)
        self.assertEqual(company.property_crm_archive_days, 30)
        company.write(
            {"property_crm_archive_days": 365, "property_crm_retention_years": 1}
        )
        # the settings form writes through to the company: same check
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.env["property.crm.settings"].create(
                    {"property_crm_retention_years": 0}
                ).execute()
        self.assertEqual(company.property_crm_retention_years, 1)
