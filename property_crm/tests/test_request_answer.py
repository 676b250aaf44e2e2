from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_desk import DeskCase


@tagged("post_install", "-at_install")
class TestStandardAnswers(DeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Answer = cls.env["property.crm.answer"].with_user(cls.user_specialist)
        cls.answer_fee = Answer.create(
            {
                "name": "When is the property fee due?",
                "keywords": "物業費 繳費",
                "answer": "<p>Before the 10th of each month.</p>",
                "type_id": cls.type_pool.id,
            }
        )
        cls.answer_other = Answer.create(
            {
                "name": "How do I book the clubhouse?",
                "answer": "<p>At the front desk.</p>",
                "type_id": cls.type_manager.id,
            }
        )

    def test_name_search_on_question_and_keywords(self):
        Answer = self.env["property.crm.answer"].with_user(self.user_call_agent)
        mine = [("id", "in", (self.answer_fee | self.answer_other).ids)]
        found = [r[0] for r in Answer.name_search("property fee", mine)]
        self.assertEqual(found, [self.answer_fee.id])
        found = [r[0] for r in Answer.name_search("繳費", mine)]
        self.assertEqual(found, [self.answer_fee.id])
        self.assertFalse(Answer.name_search("boiler", mine))

    def test_request_lists_the_answers_of_its_type(self):
        request = self.create_request()
        self.assertEqual(request.answer_ids, self.answer_fee)
        action = request.action_view_answers()
        self.assertEqual(action["context"]["search_default_type_id"], self.type_pool.id)

    def test_only_customer_service_writes_answers(self):
        for user in (self.user_call_agent, self.user_handler):
            with self.assertRaises(AccessError):
                self.answer_fee.with_user(user).write({"answer": "<p>Never</p>"})
        self.assertIn("10th", self.answer_fee.answer)
