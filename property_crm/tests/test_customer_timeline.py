from odoo.tests import tagged

from .common_desk import DeskCase


@tagged("post_install", "-at_install")
class TestCustomerTimeline(DeskCase):
    """Customer 360: the service history on one timeline, within what the reader may
    open."""

    def setUp(self):
        super().setUp()
        self.complaint = self.create_complaint()
        self.request = self.create_request()
        self.call = (
            self.env["property.crm.call"]
            .with_user(self.user_call_agent)
            .create({"number": "13812345678", "partner_id": self.customer.id})
        )

    def entries(self, user, partner=None):
        partner = (partner or self.customer).with_user(user)
        return partner._property_crm_timeline_entries()

    def test_history_of_every_kind_newest_first(self):
        entries = self.entries(self.user_specialist)
        opened = {(entry["url"]) for entry in entries}
        self.assertIn(f"/odoo/property.crm.complaint/{self.complaint.id}", opened)
        self.assertIn(f"/odoo/property.crm.request/{self.request.id}", opened)
        self.assertIn(f"/odoo/property.crm.call/{self.call.id}", opened)
        moments = [entry["sort"] for entry in entries]
        self.assertEqual(moments, sorted(moments, reverse=True))
        html = self.customer.with_user(self.user_specialist).property_crm_timeline
        self.assertIn(self.complaint.name, html)
        self.assertIn(self.request.name, html)
        # another customer's history is apart
        self.assertNotIn(
            self.complaint.name,
            self.customer_west.with_user(self.user_specialist).property_crm_timeline,
        )

    def test_timeline_within_the_readers_rights(self):
        # the west area manager may not read the east customer's complaint
        urls = {entry["url"] for entry in self.entries(self.user_area_manager_west)}
        self.assertNotIn(f"/odoo/property.crm.complaint/{self.complaint.id}", urls)
        self.assertIn(
            f"/odoo/property.crm.complaint/{self.complaint.id}",
            {entry["url"] for entry in self.entries(self.user_area_manager)},
        )
        # a call agent reads calls; a department handler has no call log
        agent_urls = {entry["url"] for entry in self.entries(self.user_call_agent)}
        self.assertIn(f"/odoo/property.crm.call/{self.call.id}", agent_urls)
        handler_urls = {entry["url"] for entry in self.entries(self.user_handler)}
        self.assertNotIn(f"/odoo/property.crm.call/{self.call.id}", handler_urls)

    def test_no_confidential_value_on_the_timeline(self):
        self.complaint.sudo().email_from = "zhang.wei@example.com"
        html = self.customer.with_user(self.user_specialist).property_crm_timeline
        for secret in ("13812345678", "zhang.wei@example.com", "11010519491231002X"):
            self.assertNotIn(secret, html)

    def test_portal_user_cannot_read_the_timeline(self):
        portal = self.env["res.users"].create(
            {
                "name": "Zhang Wei Portal",
                "login": "pcrm_timeline_portal",
                "partner_id": self.customer.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.assertNotIn(
            "property_crm_timeline",
            self.env["res.partner"].with_user(portal).fields_get(),
        )

    def test_query_count_does_not_grow_with_the_history(self):
        """One read per source, however long the history."""
        customer = self.customer.with_user(self.user_specialist)
        customer._property_crm_timeline_entries()  # warm the caches
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        customer._property_crm_timeline_entries()
        queries = self.cr.sql_log_count - before
        for _index in range(5):
            self.create_request()
            self.create_complaint()
        self.env.invalidate_all()
        with self.assertQueryCount(queries + 2):
            entries = customer._property_crm_timeline_entries()
        self.assertGreaterEqual(len(entries), 13)
