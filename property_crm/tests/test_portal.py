from odoo.exceptions import AccessError, UserError
from odoo.tests.common import new_test_user

from .common_complaint import ComplaintCase


class TestPortalComplaints(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="pcrm_portal_zhang",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.portal_user_west = new_test_user(
            cls.env,
            login="pcrm_portal_li",
            groups="base.group_portal",
            partner_id=cls.customer_west.id,
        )

    def test_customer_files_a_complaint(self):
        Complaint = self.Complaint.with_user(self.portal_user)
        complaint = Complaint._portal_create(
            self.portal_user.partner_id,
            {
                "description": "Lift stuck on floor 12",
                "unit_id": str(self.unit_east.id),
            },
        )
        complaint = complaint.sudo()
        self.assertEqual(complaint.channel, "portal")
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.unit_id, self.unit_east)
        self.assertEqual(complaint.received_by_id, self.user_area_manager)
        self.assertTrue(
            complaint.feedback_deadline, "the clocks start as for any channel"
        )
        self.assertIn(self.customer, complaint.message_partner_ids)
        self.assertEqual(complaint.access_url, f"/my/complaints/{complaint.id}")

    def test_bad_input(self):
        Complaint = self.Complaint.with_user(self.portal_user)
        count = self.Complaint.search_count([])
        with self.assertRaises(UserError):
            Complaint._portal_create(self.portal_user.partner_id, {"description": "  "})
        with self.assertRaises(UserError):
            Complaint._portal_create(
                self.portal_user.partner_id,
                {"description": "x", "unit_id": str(self.unit_west.id)},
            )
        self.assertEqual(self.Complaint.search_count([]), count)

    def test_customer_sees_only_own_complaints(self):
        mine = self.create_complaint()
        other = self.create_complaint(
            partner_id=self.customer_west.id, unit_id=self.unit_west.id
        )
        Complaint = self.Complaint.with_user(self.portal_user)
        self.assertEqual(Complaint.search([("id", "in", (mine | other).ids)]), mine)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.portal_user).write({"description": "<p>changed</p>"})
        # the customer's own view of a complaint goes through the portal access check
        mine.with_user(self.portal_user).check_access("read")

    def test_portal_home_counter(self):
        self.create_complaint()
        self.create_complaint(
            partner_id=self.customer_west.id, unit_id=self.unit_west.id
        )
        self.assertEqual(
            self.Complaint.with_user(self.portal_user_west).search_count([]), 1
        )

    def test_customer_without_unit(self):
        # a customer without a unit on file still files complaints
        partner = self.env["res.partner"].create(
            {"name": "Visitor", "customer_kind": "individual"}
        )
        user = new_test_user(
            self.env,
            login="pcrm_portal_visitor",
            groups="base.group_portal",
            partner_id=partner.id,
        )
        complaint = self.Complaint.with_user(user)._portal_create(
            user.partner_id, {"description": "Noise at night"}
        )
        self.assertFalse(complaint.sudo().unit_id)

    def test_group_complaint_notifies_with_portal_links(self):
        """A group complaint has several customers; posting to it still works."""
        complaint = self.create_complaint(
            severity="major",
            major_reason="b_neighbour",
            is_group_complaint=True,
            partner_ids=[(6, 0, (self.customer_west | self.enterprise).ids)],
        )
        complaint.message_subscribe(partner_ids=self.customer.ids)
        complaint.with_user(self.user_area_manager).action_report_to_head()
        self.assertTrue(complaint.reported_at)
        complaint.message_post(
            body="We are on it",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )
