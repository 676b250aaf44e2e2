from odoo.exceptions import AccessError, UserError

from .common_complaint import ComplaintCase


class TestCaseLibrary(ComplaintCase):
    def _closed_complaint(self):
        complaint = self.create_complaint(
            category_id=self.env.ref("property_crm.complaint_category_repair").id
        )
        sheet = self.Sheet.create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        sheet.action_send()
        sheet.write({"handling_method": "<p>Replace the joint</p>"})
        sheet.action_accept()
        sheet.write({"result": "<p>Replaced</p>"})
        sheet.action_done()
        complaint.write(
            {
                "resolution": "<p>Joint replaced, ceiling repainted</p>",
                "customer_agreed": True,
            }
        )
        complaint.action_resolve()
        complaint.callback_ids.write({"outcome": "satisfied"})
        complaint.callback_ids.action_done()
        complaint.action_close()
        return complaint

    def test_case_from_closed_complaint(self):
        complaint = self.create_complaint()
        with self.assertRaises(UserError):
            complaint.with_user(self.user_specialist).action_create_case()
        complaint = self._closed_complaint()
        action = complaint.with_user(self.user_specialist).action_create_case()
        case = self.env["property.crm.case"].browse(action["res_id"])
        self.assertEqual(case.complaint_id, complaint)
        self.assertIn("Water leaking", case.problem)
        self.assertIn("Replace the joint", case.handling)
        self.assertIn("ceiling repainted", case.outcome)
        self.assertEqual(case.category_id, complaint.category_id)
        self.assertEqual(case.state, "draft")
        self.assertEqual(case.author_id, self.user_specialist)

    def test_publish_and_visibility_by_role(self):
        complaint = self._closed_complaint()
        case = self.env["property.crm.case"].browse(
            complaint.with_user(self.user_specialist).action_create_case()["res_id"]
        )
        Case = self.env["property.crm.case"]
        # a draft is its author's (and the supervisors') only
        self.assertFalse(
            Case.with_user(self.user_handler).search([("id", "=", case.id)])
        )
        self.assertFalse(
            Case.with_user(self.user_area_manager).search([("id", "=", case.id)])
        )
        self.assertTrue(
            Case.with_user(self.user_supervisor).search([("id", "=", case.id)])
        )
        self.assertTrue(
            Case.with_user(self.user_specialist).search([("id", "=", case.id)])
        )
        with self.assertRaises(AccessError):
            case.with_user(self.user_specialist).action_publish()
        with self.assertRaises(UserError):
            case.with_user(self.user_supervisor).action_publish()  # no lessons yet
        case.with_user(self.user_specialist).lessons = "<p>Check the shaft first.</p>"
        case.with_user(self.user_supervisor).action_publish()
        self.assertEqual(case.state, "published")
        for user in (
            self.user_handler,
            self.user_area_manager,
            self.user_finance,
            self.user_manager,
        ):
            self.assertEqual(
                Case.with_user(user).search([("id", "=", case.id)]), case, user.login
            )
        with self.assertRaises(AccessError):
            case.with_user(self.user_handler).write({"lessons": "<p>x</p>"})

    def test_new_complaint_shows_similar_cases(self):
        complaint = self._closed_complaint()
        case = self.env["property.crm.case"].browse(
            complaint.action_create_case()["res_id"]
        )
        tag = self.env["property.crm.case.tag"].create({"name": "漏水"})
        case.write({"lessons": "<p>x</p>", "tag_ids": [(4, tag.id)]})
        case.action_publish()
        same_category = self.create_complaint(category_id=complaint.category_id.id)
        self.assertIn(
            case, same_category.with_user(self.user_specialist).related_case_ids
        )
        by_word = self.create_complaint(description="<p>樓上漏水已三天</p>")
        self.assertIn(case, by_word.related_case_ids)
        unrelated = self.create_complaint(
            description="<p>Noise</p>",
            category_id=self.env.ref("property_crm.complaint_category_fees").id,
        )
        self.assertNotIn(case, unrelated.related_case_ids)
