import threading
from contextlib import closing
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tests.common import TransactionCase

from .common_complaint import T0


class TestWatchdogConcurrency(TransactionCase):
    """Two workers running the watchdog at once escalate a breach exactly once.

    This test commits on real, separate connections (the ORM test cursor cannot
    show concurrency); it removes what it created.
    """

    def _cursor(self):
        cr = db_connect(self.env.cr.dbname).cursor()
        cr.execute("SET lock_timeout = '10s'")
        return cr

    def _committed_complaint(self, label):
        """A complaint received at T0, committed on its own connection."""
        with closing(self._cursor()) as cr0:
            env0 = api.Environment(cr0, SUPERUSER_ID, {})
            with freeze_time(T0):
                complaint = env0["property.crm.complaint"].create(
                    {
                        "email_from": f"{label}.test@example.com",
                        "description": f"<p>{label} test</p>",
                        "received_at": T0,
                    }
                )
            cr0.commit()
            return complaint.id

    def _remove(self, complaint_id):
        with closing(self._cursor()) as cr_e:
            env_e = api.Environment(cr_e, SUPERUSER_ID, {})
            complaint = env_e["property.crm.complaint"].browse(complaint_id).exists()
            complaint.activity_ids.unlink()
            complaint.message_ids.unlink()
            complaint.unlink()
            cr_e.commit()

    def test_two_cursors_escalate_once(self):
        complaint_id = self._committed_complaint("concurrency")
        try:
            at = T0 + timedelta(hours=24, seconds=5)
            with (
                closing(self._cursor()) as cr_a,
                closing(self._cursor()) as cr_b,
                freeze_time(at),
            ):
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                # worker A takes the due complaint and escalates it, not yet committed
                env_a["property.crm.complaint"]._cron_sla_watchdog()
                env_a.flush_all()
                # worker B runs meanwhile: the row is locked by A, B skips it
                env_b["property.crm.complaint"]._cron_sla_watchdog()
                env_b.flush_all()
                skipped = (
                    not env_b["property.crm.complaint"]
                    .browse(complaint_id)
                    .feedback_escalated
                )
                cr_a.commit()
                cr_b.commit()
            self.assertTrue(
                skipped, "the second worker must not see the row as its own"
            )
            # a third run after both committed finds nothing left to do
            with (
                closing(self._cursor()) as cr_c,
                freeze_time(at + timedelta(minutes=1)),
            ):
                env_c = api.Environment(cr_c, SUPERUSER_ID, {})
                env_c["property.crm.complaint"]._cron_sla_watchdog()
                cr_c.commit()
            with closing(self._cursor()) as cr_d:
                env_d = api.Environment(cr_d, SUPERUSER_ID, {})
                complaint = env_d["property.crm.complaint"].browse(complaint_id)
                escalation = env_d.ref("property_crm.mail_activity_type_escalation")
                activities = complaint.activity_ids.filtered(
                    lambda a: a.activity_type_id == escalation
                )
                messages = complaint.message_ids.filtered(
                    lambda m: m.subtype_id == env_d.ref("property_crm.mt_escalation")
                )
                heads = complaint._sla_head_users(complaint.company_id)
                self.assertTrue(complaint.feedback_escalated)
                self.assertEqual(len(messages), 1)
                self.assertEqual(
                    len(activities),
                    len(heads.filtered(lambda u: u.active and not u.share)),
                )
                self.assertEqual(
                    len(activities.user_id), len(activities), "one activity per person"
                )
        finally:
            self._remove(complaint_id)

    def test_second_watchdog_after_a_commit_skips_without_serialization_error(self):
        """A worker whose transaction began before another worker committed its
        escalations starts from a fresh snapshot: no serialization failure."""
        complaint_id = self._committed_complaint("serialization")
        cron = self.env.ref("property_crm.ir_cron_sla_watchdog")
        at = T0 + timedelta(hours=24, seconds=5)
        thread = threading.current_thread()
        try:
            with (
                closing(self._cursor()) as cr_a,
                closing(self._cursor()) as cr_b,
                freeze_time(at),
                patch.object(thread, "testing", False),
            ):
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                # B's transaction (and snapshot) begins before A commits
                cron_b, _progress = env_b["ir.cron"].browse(cron.id)._add_progress()
                env_a["property.crm.clock"]._cron_watchdog()
                cr_a.commit()
                done = (
                    env_b["property.crm.clock"]
                    .with_context(**cron_b.env.context)
                    ._cron_watchdog()
                )
                cr_b.commit()
            self.assertEqual(done, 0, "the second worker finds nothing left to do")
            with closing(self._cursor()) as cr_c:
                env_c = api.Environment(cr_c, SUPERUSER_ID, {})
                complaint = env_c["property.crm.complaint"].browse(complaint_id)
                self.assertTrue(complaint.feedback_escalated)
                messages = complaint.message_ids.filtered(
                    lambda m: m.subtype_id == env_c.ref("property_crm.mt_escalation")
                )
                self.assertEqual(len(messages), 1)
        finally:
            self._remove(complaint_id)
