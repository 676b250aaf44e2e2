from odoo.tests.common import TransactionCase


class TestSmoke(TransactionCase):
    def test_groups_chain(self):
        manager = self.env.ref("property_crm.group_manager")
        self.assertIn(self.env.ref("property_crm.group_department_handler"), manager.trans_implied_ids)
