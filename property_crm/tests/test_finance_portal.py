from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import new_test_user

from .common_finance import PropertyCrmFinanceCase


@tagged("post_install", "-at_install")
class TestFinancePortalPoints(PropertyCrmFinanceCase, HttpCase):
    """The customer sees the points balance on /my and its history (Loyalty's own
    portal pages); never another customer's card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env,
            login="pcrm_portal_points",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        Card = cls.env["loyalty.card"]
        cls.card = Card._property_crm_card(cls.customer, cls.company)
        cls.card._property_crm_move_points(123, 0, "PCRM community clean-up day")
        cls.card_west = Card._property_crm_card(cls.customer_west, cls.company)
        cls.card_west._property_crm_move_points(77, 0, "PCRM west referral")

    def test_balance_and_history_on_my(self):
        self.authenticate(self.portal.login, self.portal.login)
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn("123", home.text)
        self.assertIn(self.card.program_id.name, home.text)
        history = self.url_open(f"/my/loyalty_card/{self.card.id}/history")
        self.assertIn("PCRM community clean-up day", history.text)
        other = self.url_open(f"/my/loyalty_card/{self.card_west.id}/history")
        self.assertNotIn("PCRM west referral", other.text)

    def test_portal_cannot_change_points(self):
        with self.assertRaises(AccessError):
            self.card.with_user(self.portal).write({"points": 9999})
        with self.assertRaises(AccessError):
            self.env["loyalty.card"].with_user(self.portal).action_property_crm_award(
                self.customer, "activity"
            )
        self.assertEqual(self.card.points, 123.0)


@tagged("post_install", "-at_install")
class TestFinanceMultiCompany(PropertyCrmFinanceCase):
    def test_leases_of_another_company_are_invisible(self):
        other = self.env["res.company"].create({"name": "PCRM Other Company"})
        lease = self._lease()
        lease_other = self.Lease.create(
            {
                "kind": "tenant",
                "company_id": other.id,
                "partner_id": self.customer.id,
                "date_start": "2024-01-01",
                "date_end": "2024-12-31",
                "rent_amount": 500.0,
                "currency_id": other.currency_id.id,
            }
        )
        found = self.Lease.with_user(self.user_finance).search(
            [("id", "in", (lease | lease_other).ids)]
        )
        self.assertEqual(found, lease)
        self.user_finance.company_ids = [Command.link(other.id)]
        found = (
            self.Lease.with_user(self.user_finance)
            .with_context(allowed_company_ids=[self.company.id, other.id])
            .search([("id", "in", (lease | lease_other).ids)])
        )
        self.assertEqual(found, lease | lease_other)

    def test_finance_approves_no_claim(self):
        complaint = self.env["property.crm.complaint"].create(
            {
                "partner_id": self.customer.id,
                "description": "<p>Damaged car in the garage</p>",
                "claim_amount": 300.0,
            }
        )
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_finance).action_approve_claim()
        self.assertEqual(complaint.claim_state, "requested")
        self.assertFalse(complaint.claim_move_id)
