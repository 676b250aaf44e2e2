from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from .common_complaint import T0, ComplaintCase


class TestArchiveRetention(ComplaintCase):
    def _closed_complaint(self, closed_at):
        complaint = self.create_complaint(at=closed_at - timedelta(days=3))
        sheet = self.Sheet.create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        sheet.action_send()
        sheet.write({"handling_method": "<p>m</p>"})
        sheet.action_accept()
        sheet.write({"result": "<p>r</p>"})
        sheet.action_done()
        letter = self.Letter.create(
            {
                "complaint_id": complaint.id,
                "from_department_id": self.department_security.id,
                "to_department_id": self.department_engineering.id,
                "subject": "s",
                "description": "<p>d</p>",
            }
        )
        complaint.write({"resolution": "<p>ok</p>", "customer_agreed": True})
        with freeze_time(closed_at - timedelta(hours=2)):
            complaint.action_resolve()
            complaint.callback_ids.write({"outcome": "satisfied"})
            complaint.callback_ids.action_done()
        with freeze_time(closed_at):
            complaint.action_close()
        self.env["ir.attachment"].create(
            {
                "name": "photo.txt",
                "raw": b"x",
                "res_model": complaint._name,
                "res_id": complaint.id,
            }
        )
        return complaint, sheet, letter

    def test_archive_after_thirty_days(self):
        old, sheet, letter = self._closed_complaint(T0)
        young, *_rest = self._closed_complaint(T0 + timedelta(days=1))
        open_one = self.create_complaint(at=T0 - timedelta(days=60))
        with freeze_time(T0 + timedelta(days=30)):
            self.Complaint._cron_archive()
        self.assertFalse(old.active)
        self.assertFalse(sheet.active)
        self.assertFalse(letter.active)
        self.assertFalse(old.with_context(active_test=False).callback_ids.active)
        self.assertTrue(young.active, "closed 29 days ago: not yet")
        self.assertTrue(open_one.active, "open work is never archived")
        # still searchable by supervisors, not by specialists
        domain = [("id", "=", old.id), ("active", "=", False)]
        self.assertEqual(
            self.Complaint.with_user(self.user_supervisor).search(domain), old
        )
        self.assertFalse(self.Complaint.with_user(self.user_specialist).search(domain))
        log = self.env["property.crm.retention.log"].search(
            [("operation", "=", "archive")], limit=1
        )
        self.assertIn(old.name, log.details)

    def test_retention_two_years(self):
        old, sheet, letter = self._closed_complaint(T0)
        inside, *_rest = self._closed_complaint(T0 + timedelta(minutes=1))
        open_one = self.create_complaint(at=T0 - timedelta(days=800))
        message_ids = old.message_ids.ids
        old_name = old.name
        callback = old.callback_ids
        Log = self.env["property.crm.access.log"]
        with freeze_time(T0):
            Log._log_access_for(self.customer, ["mobile"])
        old_log = Log.search([], limit=1, order="id desc")
        with freeze_time(T0 + timedelta(minutes=1)):
            Log._log_access_for(self.customer, ["email"])
        young_log = Log.search([], limit=1, order="id desc")
        with freeze_time(T0 + relativedelta(years=2)):
            self.Complaint._cron_retention()
        self.assertFalse(old.exists())
        self.assertFalse(sheet.exists())
        self.assertFalse(letter.exists())
        self.assertFalse(callback.exists())
        self.assertFalse(self.env["mail.message"].browse(message_ids).exists())
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", old._name), ("res_id", "=", old.id)]
            )
        )
        self.assertTrue(inside.exists(), "one minute inside the period: kept")
        self.assertTrue(open_one.exists(), "open work is never removed")
        self.assertFalse(old_log.exists())
        self.assertTrue(young_log.exists())
        logs = self.env["property.crm.retention.log"].search(
            [("operation", "=", "delete")]
        )
        self.assertIn(
            old_name, " ".join(detail or "" for detail in logs.mapped("details"))
        )
