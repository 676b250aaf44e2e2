from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_finance import PropertyCrmFinanceCase


@tagged("post_install", "-at_install")
class TestFinanceAccess(PropertyCrmFinanceCase):
    """Finance manages leases; other roles are refused over the public API, whatever
    the context says, and nothing changes."""

    def _values(self):
        return {
            "kind": "tenant",
            "partner_id": self.customer.id,
            "date_start": "2024-01-01",
            "date_end": "2024-12-31",
            "rent_amount": 1000.0,
        }

    def test_specialist_cannot_create_read_or_post(self):
        lease = self._lease()
        for user in (self.user_specialist, self.user_handler):
            with self.assertRaises(AccessError):
                self.Lease.with_user(user).create(self._values())
            with self.assertRaises(AccessError):
                lease.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                lease.with_user(user).action_activate()
            with self.assertRaises(AccessError):
                self.Line.with_user(user).search([])
        self.assertEqual(lease.state, "draft")

    def test_context_keys_give_nothing(self):
        lease = self._lease()
        for ctx in (
            {"default_state": "active"},
            {"install_mode": True, "force_state": True},
            {"su": True, "bypass_workflow": True},
        ):
            with self.assertRaises(AccessError):
                self.Lease.with_user(self.user_specialist).with_context(**ctx).create(
                    self._values()
                )
            with self.assertRaisesRegex(UserError, "workflow buttons"):
                lease.with_user(self.user_finance).with_context(**ctx).write(
                    {"state": "active"}
                )
        with self.assertRaisesRegex(UserError, "workflow buttons"):
            self.Lease.with_user(self.user_finance).with_context(
                default_state="active"
            ).create(dict(self._values(), state="active"))
        self.assertEqual(lease.state, "draft")

    def test_number_from_the_sequence_only(self):
        with self.assertRaisesRegex(UserError, "sequence"):
            self.Lease.with_user(self.user_finance).create(
                dict(self._values(), name="ZL-FAKE")
            )
        lease = self._lease()
        self.assertTrue(lease.name.startswith("ZL"))

    def test_area_manager_reads_own_area_only(self):
        east = self._lease()
        west = self._lease(
            partner_id=self.customer_west.id,
            unit_ids=[(6, 0, self.unit_west.ids)],
        )
        visible = self.Lease.with_user(self.user_area_manager).search(
            [("id", "in", (east | west).ids)]
        )
        self.assertEqual(visible, east)
        with self.assertRaises(AccessError):
            west.with_user(self.user_area_manager).read(["name"])
        with self.assertRaises(AccessError):
            east.with_user(self.user_area_manager).write({"renewal_terms": "x"})
        with self.assertRaises(AccessError):
            east.with_user(self.user_area_manager).action_activate()
        self.assertEqual(east.state, "draft")
        self.assertFalse(east.renewal_terms)

    def test_lines_and_moves_only_by_the_cron(self):
        lease = self._lease()
        self._activate(lease)
        line = lease.line_ids[0]
        with self.assertRaises(AccessError):
            line.with_user(self.user_finance).write({"amount": 1.0})
        with self.assertRaises(AccessError):
            self.Line.with_user(self.user_finance).create(
                {
                    "lease_id": lease.id,
                    "date_start": "2024-01-01",
                    "date_end": "2024-01-31",
                    "date_due": "2024-01-01",
                    "amount": 5.0,
                }
            )
        self.assertEqual(line.amount, 1000.0)
        with freeze_time("2024-01-10"):
            self.Line._cron_rent_invoice()
        self.assertEqual(line.move_id.property_crm_lease_line_id, line)
