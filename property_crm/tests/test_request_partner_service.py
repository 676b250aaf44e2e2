from odoo.tests import tagged

from .common_desk import DeskCase


@tagged("post_install", "-at_install")
class TestCustomer360(DeskCase):
    def test_service_history_counted(self):
        self.create_request()
        self.create_request(type_id=self.type_manager.id)
        self.create_complaint()
        self.env["property.crm.call"].with_user(self.user_call_agent).create(
            {"number": "13812345678", "partner_id": self.customer.id}
        )
        customer = self.customer.with_user(self.user_specialist)
        self.assertEqual(customer.property_crm_request_count, 2)
        self.assertEqual(customer.property_crm_complaint_count, 1)
        self.assertEqual(customer.property_crm_call_count, 1)
        self.assertEqual(customer.property_crm_repair_count, 0)
        action = customer.action_property_crm_view_requests()
        self.assertEqual(
            self.env[action["res_model"]].search_count(action["domain"]), 2
        )
        # the other customer's history is apart
        self.assertEqual(
            self.customer_west.with_user(
                self.user_specialist
            ).property_crm_request_count,
            0,
        )

    def test_counts_respect_what_the_reader_sees(self):
        self.create_request()
        self.create_complaint()
        # a handler of another department: no demand of theirs, no call log access
        customer = self.customer.with_user(self.user_handler_other)
        self.assertEqual(customer.property_crm_request_count, 0)
        self.assertEqual(customer.property_crm_call_count, 0)
        self.assertEqual(
            self.customer.with_user(self.user_handler).property_crm_request_count, 1
        )
