from contextlib import contextmanager

from freezegun import freeze_time

from odoo import Command

from .common import PropertyCrmCase


class PropertyCrmFinanceCase(PropertyCrmCase):
    """Leases and rent on top of the shared fixtures. The company keeps books: the
    Chinese chart when nothing else is there (a database without demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        if not cls.company.chart_template:
            env["account.chart.template"].try_loading("cn", cls.company)
        cls.Lease = env["property.crm.lease"]
        cls.Line = env["property.crm.lease.line"]
        cls.owner = env["res.partner"].create(
            {"name": "PCRM Hotel Owner Co.", "is_company": True}
        )

    @classmethod
    def _lease(cls, **vals):
        values = {
            "kind": "tenant",
            "partner_id": cls.customer.id,
            "unit_ids": [Command.set(cls.unit_east.ids)],
            "date_start": "2024-01-01",
            "date_end": "2024-12-31",
            "rent_amount": 1000.0,
            "billing_period": "monthly",
            "due_day": 5,
        }
        values.update(vals)
        return cls.Lease.with_user(cls.user_finance).create(values)

    def _schedule(self, lease):
        return [
            (str(v["date_start"]), str(v["date_end"]), str(v["date_due"]), v["amount"])
            for v in lease._schedule_values()
        ]

    @contextmanager
    def assertRaisesRegex(self, exception, regex):  # noqa: N802 (unittest's name)
        """assertRaises (rolled back to a savepoint, as Odoo's) with the message."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)

    def _activate(self, lease, at=None):
        """Activate ``lease`` as finance on its start day (or ``at``)."""
        with freeze_time(at or lease.date_start):
            lease.with_user(self.user_finance).action_activate()
        return lease
