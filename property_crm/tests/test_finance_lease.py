from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_finance import PropertyCrmFinanceCase


@tagged("post_install", "-at_install")
class TestFinanceLeaseSchedule(PropertyCrmFinanceCase):
    """The rent schedule computed from a lease's terms."""

    def test_monthly_in_advance(self):
        lease = self._lease()
        schedule = self._schedule(lease)
        self.assertEqual(len(schedule), 12)
        self.assertEqual(
            schedule[0], ("2024-01-01", "2024-01-31", "2024-01-05", 1000.0)
        )
        self.assertEqual(
            schedule[1], ("2024-02-01", "2024-02-29", "2024-02-05", 1000.0)
        )
        self.assertEqual(
            schedule[-1], ("2024-12-01", "2024-12-31", "2024-12-05", 1000.0)
        )

    def test_quarterly_in_arrears(self):
        lease = self._lease(billing_period="quarterly", billing_timing="arrears")
        self.assertEqual(
            self._schedule(lease),
            [
                ("2024-01-01", "2024-03-31", "2024-04-05", 3000.0),
                ("2024-04-01", "2024-06-30", "2024-07-05", 3000.0),
                ("2024-07-01", "2024-09-30", "2024-10-05", 3000.0),
                ("2024-10-01", "2024-12-31", "2025-01-05", 3000.0),
            ],
        )

    def test_yearly_period(self):
        lease = self._lease(billing_period="yearly", date_end="2026-12-31")
        self.assertEqual(
            [row[3] for row in self._schedule(lease)], [12000.0, 12000.0, 12000.0]
        )

    def test_yearly_increase_compounds_at_anniversaries(self):
        lease = self._lease(date_end="2026-12-31", yearly_increase=5.0)
        amounts = [row[3] for row in self._schedule(lease)]
        self.assertEqual(len(amounts), 36)
        self.assertEqual(set(amounts[:12]), {1000.0})
        self.assertEqual(set(amounts[12:24]), {1050.0})
        self.assertEqual(set(amounts[24:]), {1102.5})

    def test_increase_counts_lease_years_not_calendar_years(self):
        """The increase applies per month: a yearly period spans one lease year."""
        lease = self._lease(
            date_start="2024-07-01",
            date_end="2026-06-30",
            billing_period="yearly",
            yearly_increase=10.0,
        )
        self.assertEqual([row[3] for row in self._schedule(lease)], [12000.0, 13200.0])

    def test_rent_free_months(self):
        lease = self._lease(billing_period="quarterly", rent_free_months=2)
        amounts = [row[3] for row in self._schedule(lease)]
        self.assertEqual(amounts, [1000.0, 3000.0, 3000.0, 3000.0])
        lease.action_compute_schedule()
        self.assertEqual(lease.line_ids[0].state, "to_invoice")
        lease = self._lease(
            rent_free_months=3,
            unit_ids=[Command.set(self.unit_west.ids)],
        )
        self._activate(lease)
        self.assertEqual(
            lease.line_ids.mapped("state"), ["free"] * 3 + ["to_invoice"] * 9
        )

    def test_month_ends(self):
        """A lease starting on a month end bills month end to month end; a due day
        past a short month's end falls on its last day."""
        lease = self._lease(date_start="2023-01-31", date_end="2024-01-30", due_day=31)
        schedule = self._schedule(lease)
        self.assertEqual(len(schedule), 12)
        self.assertEqual(schedule[0][:3], ("2023-01-31", "2023-02-27", "2023-01-31"))
        self.assertEqual(schedule[1][:3], ("2023-02-28", "2023-03-30", "2023-02-28"))
        self.assertEqual(schedule[2][:3], ("2023-03-31", "2023-04-29", "2023-03-31"))
        self.assertEqual(schedule[3][2], "2023-04-30")

    def test_leap_years(self):
        lease = self._lease(date_start="2023-01-01", date_end="2024-12-31", due_day=29)
        due = [row[2] for row in self._schedule(lease)]
        self.assertIn("2023-02-28", due)
        self.assertIn("2024-02-29", due)
        lease = self._lease(
            date_start="2024-02-29",
            date_end="2026-02-27",
            billing_period="yearly",
            yearly_increase=10.0,
            due_day=1,
        )
        self.assertEqual(
            self._schedule(lease),
            [
                ("2024-02-29", "2025-02-27", "2024-02-01", 12000.0),
                ("2025-02-28", "2026-02-27", "2025-02-01", 13200.0),
            ],
        )

    def test_notice_period_defaults(self):
        self.assertEqual(self._lease().notice_days, 60)
        self.assertEqual(
            self._lease(kind="owner", partner_id=self.owner.id).notice_days, 180
        )


@tagged("post_install", "-at_install")
class TestFinanceLeaseValidation(PropertyCrmFinanceCase):
    """Bad input gives a clear error and nothing is created or posted."""

    def _assert_refused(self, exception, message, **vals):
        count = self.Lease.search_count([])
        with self.assertRaisesRegex(exception, message):
            self._lease(**vals)
        self.assertEqual(self.Lease.search_count([]), count)

    def test_end_before_start(self):
        self._assert_refused(
            ValidationError,
            "before it starts",
            date_start="2024-06-01",
            date_end="2024-05-31",
        )

    def test_zero_and_negative_rent(self):
        self._assert_refused(ValidationError, "more than zero", rent_amount=0.0)
        self._assert_refused(ValidationError, "more than zero", rent_amount=-100.0)

    def test_period_not_fitting(self):
        self._assert_refused(
            ValidationError,
            "whole number",
            billing_period="quarterly",
            date_end="2024-11-30",
        )
        self._assert_refused(ValidationError, "whole number", date_end="2024-12-30")

    def test_overlapping_active_leases_of_a_unit(self):
        first = self._lease()
        self._activate(first)
        second = self._lease(date_start="2024-07-01", date_end="2025-06-30")
        with self.assertRaisesRegex(ValidationError, "already has the active lease"):
            self._activate(second)
        self.assertEqual(second.state, "draft")
        self.assertFalse(second.line_ids)
        # an owner lease of the same unit is not an overlap: the company sublets it
        owner_lease = self._lease(kind="owner", partner_id=self.owner.id)
        self._activate(owner_lease)
        self.assertEqual(owner_lease.state, "active")
        # after the first ends, the next one may start
        with freeze_time("2025-01-02"):
            self.Line._cron_rent_invoice()
            first.with_user(self.user_finance).action_end()
        self._activate(second)
        self.assertEqual(second.state, "active")

    def test_end_with_unposted_due_lines(self):
        lease = self._lease()
        self._activate(lease)
        with freeze_time("2024-03-10"):
            with self.assertRaisesRegex(UserError, "due and not posted"):
                lease.with_user(self.user_finance).action_end()
            self.assertEqual(lease.state, "active")
            self.Line._cron_rent_invoice()
            lease.with_user(self.user_finance).action_end()
        self.assertEqual(lease.state, "ended")
        self.assertEqual(
            lease.line_ids.mapped("state"), ["invoiced"] * 3 + ["cancelled"] * 9
        )

    def test_terms_fixed_once_active(self):
        lease = self._lease()
        self._activate(lease)
        with self.assertRaisesRegex(UserError, "only while it is a draft"):
            lease.with_user(self.user_finance).write({"rent_amount": 10.0})
        self.assertEqual(lease.rent_amount, 1000.0)
        lease.with_user(self.user_finance).write({"renewal_terms": "3% a year"})


@tagged("post_install", "-at_install")
class TestFinanceLeaseRenewal(PropertyCrmFinanceCase):
    def test_notice_period_activity_and_renewal(self):
        lease = self._lease(yearly_increase=5.0)
        with freeze_time("2024-06-01"):
            self._activate(lease)
            self.assertEqual(lease.state, "active")
        with freeze_time("2024-10-31"):  # 61 days before the end
            self.Lease._cron_lease_expiry()
            self.assertEqual(lease.state, "active")
        with freeze_time("2024-11-01"):
            self.Lease._cron_lease_expiry()
            self.assertEqual(lease.state, "expiring")
            self.assertEqual(len(lease.activity_ids), 1)
            self.assertEqual(lease.activity_ids.user_id, self.user_finance)
            self.Lease._cron_lease_expiry()
            self.assertEqual(len(lease.activity_ids), 1, "one activity only")
        with freeze_time("2024-12-20"):
            self.Line._cron_rent_invoice()
            lease.with_user(self.user_finance).action_renew()
        self.assertEqual(lease.state, "renewed")
        new = lease.renewed_lease_id
        self.assertEqual(new.previous_lease_id, lease)
        self.assertEqual(new.state, "draft")
        self.assertEqual(str(new.date_start), "2025-01-01")
        self.assertEqual(str(new.date_end), "2025-12-31")
        self.assertEqual(new.rent_amount, 1050.0)
        self.assertEqual(new.unit_ids, lease.unit_ids)
        self._activate(new)
        self.assertEqual(new.state, "active")


@tagged("post_install", "-at_install")
class TestFinanceOwnerEvents(PropertyCrmFinanceCase):
    def test_owner_event_invites_the_owner(self):
        lease = self._lease(kind="owner", partner_id=self.owner.id)
        self._activate(lease)
        action = lease.with_user(self.user_finance).action_schedule_owner_event()
        event = (
            self.env["calendar.event"]
            .with_user(self.user_finance)
            .with_context(**action["context"])
            .create(
                {
                    "name": "Opening ceremony",
                    "start": "2024-03-01 02:00:00",
                    "stop": "2024-03-01 04:00:00",
                }
            )
        )
        self.assertIn(self.owner, event.partner_ids)
        self.assertEqual((event.res_model, event.res_id), (lease._name, lease.id))
        self.assertEqual(lease.event_count, 1)
        with self.assertRaises(AccessError):
            lease.with_user(self.user_area_manager).action_schedule_owner_event()
