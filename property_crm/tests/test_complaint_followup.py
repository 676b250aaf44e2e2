from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_complaint import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintFollowup(ComplaintCase):
    """追加投訴: what the customer adds to an open complaint is appended to it."""

    def setUp(self):
        super().setUp()
        self.complaint = self.create_complaint()
        self.Followup = self.env["property.crm.complaint.followup"]
        self.subtype = self.env.ref("property_crm.mt_complaint_followup")

    def append(self, user, text="The water now reaches the living room", **vals):
        wizard = self.Followup.with_user(user).create(
            {"complaint_id": self.complaint.id, "description": text, **vals}
        )
        return wizard.action_append()

    def test_followup_appended_counted_and_handed_to_the_handler(self):
        self.append(self.user_specialist, channel="hotline")
        self.append(self.user_specialist, text="And the lift is wet too")
        complaint = self.complaint
        complaint.invalidate_recordset()
        self.assertEqual(complaint.followup_count, 2)
        self.assertTrue(complaint.last_followup_at)
        messages = complaint.message_ids.filtered(
            lambda m: m.subtype_id == self.subtype
        )
        self.assertEqual(len(messages), 2)
        self.assertIn("And the lift is wet too", messages[0].body)
        activity = complaint.activity_ids.filtered(
            lambda a: a.summary == "Answer the customer's follow-up"
        )
        self.assertTrue(activity)
        self.assertEqual(activity.user_id, complaint.user_id)
        # still one complaint: nothing new recorded
        self.assertEqual(
            self.Complaint.search_count([("partner_id", "=", self.customer.id)]), 1
        )

    def test_closed_complaint_takes_no_followup(self):
        self.complaint.sudo()._workflow_write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "no longer open"):
            self.append(self.user_specialist)
        self.assertEqual(self.complaint.followup_count, 0)

    def test_empty_or_oversized_followup_refused(self):
        with self.assertRaises(UserError):
            self.append(self.user_specialist, text="   ")
        with self.assertRaises(UserError):
            self.append(self.user_specialist, text="x" * 5001)
        self.assertEqual(self.complaint.followup_count, 0)

    def test_counter_cannot_be_forged(self):
        complaint = self.complaint.with_user(self.user_specialist)
        with self.assertRaises(UserError):
            complaint.write({"followup_count": 9})
        with self.assertRaises(UserError):
            self.Complaint.with_user(self.user_specialist).create(
                {
                    "partner_id": self.customer.id,
                    "description": "<p>x</p>",
                    "followup_count": 3,
                }
            )
        self.assertEqual(self.complaint.followup_count, 0)

    def test_roles_without_the_complaint_cannot_append(self):
        # a department handler has no follow-up wizard
        with self.assertRaises(AccessError):
            self.append(self.user_handler)
        # the west area manager cannot read the east customer's complaint
        with self.assertRaises(AccessError):
            self.append(self.user_area_manager_west)
        self.assertEqual(self.complaint.followup_count, 0)

    def test_phone_intake_appends_to_the_open_complaint(self):
        intake = (
            self.env["property.crm.complaint.intake"]
            .with_user(self.user_specialist)
            .create({"caller_number": "13812345678"})
        )
        self.assertEqual(intake.partner_id, self.customer)
        self.assertEqual(intake.open_complaint_ids, self.complaint)
        intake.write(
            {
                "append_to_id": self.complaint.id,
                "description": "<p>Now the ceiling is dripping again</p>",
            }
        )
        action = intake.action_append_to_complaint()
        self.assertEqual(action["res_id"], self.complaint.id)
        self.complaint.invalidate_recordset()
        self.assertEqual(self.complaint.followup_count, 1)
        # another customer's complaint cannot be picked through the intake
        other = self.create_complaint(
            partner_id=self.customer_west.id, unit_id=self.unit_west.id
        )
        intake.append_to_id = other
        with self.assertRaisesRegex(UserError, "not this caller's"):
            intake.action_append_to_complaint()
        self.assertEqual(other.followup_count, 0)
