from contextlib import closing

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common_finance import PropertyCrmFinanceCase


@tagged("post_install", "-at_install")
class TestFinanceRentCron(PropertyCrmFinanceCase):
    """ir_cron_rent_invoice posts each rent line that fell due, once."""

    def test_cron_posts_tenant_invoices_once(self):
        lease = self._lease()
        self._activate(lease)
        with freeze_time("2024-03-04"):
            self.assertEqual(self.Line._cron_rent_invoice(), 2)
        with freeze_time("2024-03-10"):
            self.assertEqual(self.Line._cron_rent_invoice(), 1)
            self.assertEqual(self.Line._cron_rent_invoice(), 0)
        posted = lease.line_ids.filtered("move_id")
        self.assertEqual(len(posted), 3)
        moves = posted.move_id
        self.assertEqual(moves, lease.move_ids)
        self.assertEqual(set(moves.mapped("move_type")), {"out_invoice"})
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertEqual(moves.partner_id, self.customer)
        for line in posted:
            self.assertEqual(line.move_id.property_crm_lease_line_id, line)
            self.assertEqual(line.move_id.amount_total, 1000.0)
            self.assertEqual(line.move_id.invoice_date_due, line.date_due)
            self.assertEqual(line.state, "invoiced")
        self.assertEqual(lease.move_count, 3)

    def test_owner_rent_is_a_vendor_bill(self):
        lease = self._lease(
            kind="owner",
            partner_id=self.owner.id,
            billing_period="quarterly",
            rent_amount=50000.0,
            due_day=1,
        )
        self._activate(lease)
        with freeze_time("2024-04-01"):
            self.Line._cron_rent_invoice()
        moves = lease.move_ids
        self.assertEqual(len(moves), 2)
        self.assertEqual(set(moves.mapped("move_type")), {"in_invoice"})
        self.assertEqual(moves.mapped("amount_total"), [150000.0, 150000.0])

    def test_batches_report_progress(self):
        lease = self._lease()
        self._activate(lease)
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": self.env.ref("property_crm.ir_cron_rent_invoice").id}
        )
        cron_model = self.Line.with_context(ir_cron_progress_id=progress.id)
        with freeze_time("2024-12-31"):
            self.assertEqual(cron_model._cron_rent_invoice(batch_size=5), 5)
            self.assertEqual((progress.done, progress.remaining), (5, 7))
            self.assertEqual(cron_model._cron_rent_invoice(batch_size=5), 5)
            self.assertEqual(cron_model._cron_rent_invoice(batch_size=5), 2)
            self.assertEqual((progress.done, progress.remaining), (2, 0))
        self.assertEqual(len(lease.move_ids), 12)

    def test_draft_and_ended_leases_are_not_posted(self):
        lease = self._lease()
        lease.with_user(self.user_finance).action_compute_schedule()
        with freeze_time("2024-03-10"):
            self.assertEqual(self.Line._cron_rent_invoice(), 0)
        self.assertFalse(lease.move_ids)

    def test_overdue_rent_on_customer_and_complaint(self):
        lease = self._lease()
        self._activate(lease)
        with freeze_time("2024-03-10"):
            self.Line._cron_rent_invoice()
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.property_crm_rent_overdue, 3000.0)
            complaint = (
                self.env["property.crm.complaint"]
                .with_user(self.user_specialist)
                .create(
                    {
                        "partner_id": self.customer.id,
                        "description": "<p>Noise at night</p>",
                    }
                )
            )
            self.assertEqual(complaint.property_crm_rent_overdue, 3000.0)
            # a payment of the first month lowers it
            move = lease.line_ids[0].move_id
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({})._create_payments()
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.property_crm_rent_overdue, 2000.0)
            self.assertEqual(lease.line_ids[0].amount_collected, 1000.0)
            self.assertEqual(lease.line_ids[0].payment_state, "paid")


@tagged("post_install", "-at_install")
class TestFinanceRentCronConcurrency(TransactionCase):
    """Two workers running the rent cron at once post each line exactly once.

    Commits on real, separate connections (the test cursor cannot show
    concurrency); removes what it created."""

    def _cursor(self):
        cr = db_connect(self.env.cr.dbname).cursor()
        cr.execute("SET lock_timeout = '10s'")
        return cr

    def _committed_lease(self):
        with closing(self._cursor()) as cr0:
            env0 = api.Environment(cr0, SUPERUSER_ID, {})
            company = env0.company
            if not company.chart_template:
                env0["account.chart.template"].try_loading("cn", company)
            partner = env0["res.partner"].create({"name": "PCRM Concurrency Tenant"})
            area = env0["property.crm.area"].create({"name": "PCRM Concurrency Area"})
            building = env0["property.crm.building"].create(
                {"name": "PCRM Concurrency Tower", "area_id": area.id}
            )
            unit = env0["property.crm.unit"].create(
                {"name": "PCRM-C-0101", "building_id": building.id}
            )
            lease = env0["property.crm.lease"].create(
                {
                    "kind": "tenant",
                    "partner_id": partner.id,
                    "unit_ids": [Command.set(unit.ids)],
                    "date_start": "2024-01-01",
                    "date_end": "2024-12-31",
                    "rent_amount": 800.0,
                    "due_day": 1,
                }
            )
            lease.action_activate()
            cr0.commit()
            return lease.id, partner.id, unit.id, building.id, area.id

    def _remove(self, lease_id, partner_id, unit_id, building_id, area_id):
        with closing(self._cursor()) as cr_e:
            env_e = api.Environment(cr_e, SUPERUSER_ID, {})
            lease = env_e["property.crm.lease"].browse(lease_id)
            moves = lease.move_ids
            moves.button_draft()
            moves.with_context(force_delete=True).unlink()
            lease.line_ids.unlink()
            lease.message_ids.unlink()
            lease.write({"state": "draft"})
            lease.unlink()
            env_e["property.crm.unit"].browse(unit_id).unlink()
            env_e["property.crm.building"].browse(building_id).unlink()
            env_e["property.crm.area"].browse(area_id).unlink()
            env_e["res.partner"].browse(partner_id).unlink()
            cr_e.commit()

    def test_two_cursors_post_once(self):
        ids = self._committed_lease()
        try:
            with (
                closing(self._cursor()) as cr_a,
                closing(self._cursor()) as cr_b,
                freeze_time("2024-06-15"),
            ):
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                # worker A locks the six due lines and posts them, not yet committed
                done_a = env_a["property.crm.lease.line"]._cron_rent_invoice()
                env_a.flush_all()
                # worker B meanwhile: the lines are locked by A, B skips them
                done_b = env_b["property.crm.lease.line"]._cron_rent_invoice()
                env_b.flush_all()
                cr_a.commit()
                cr_b.commit()
            self.assertEqual((done_a, done_b), (6, 0))
            with closing(self._cursor()) as cr_c, freeze_time("2024-06-16"):
                env_c = api.Environment(cr_c, SUPERUSER_ID, {})
                self.assertEqual(
                    env_c["property.crm.lease.line"]._cron_rent_invoice(), 0
                )
                lease = env_c["property.crm.lease"].browse(ids[0])
                self.assertEqual(len(lease.move_ids), 6)
                self.assertEqual(
                    len(lease.line_ids.filtered("move_id")), 6, "one move per line"
                )
                cr_c.commit()
        finally:
            self._remove(*ids)
