from freezegun import freeze_time

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_finance import PropertyCrmFinanceCase


@tagged("post_install", "-at_install")
class TestFinanceTour(PropertyCrmFinanceCase, HttpCase):
    """A finance user traces posted rent from the lease to its invoice and back."""

    def test_finance_rent_trace(self):
        tenant = self.env["res.partner"].create({"name": "PCRM Tour Tenant"})
        lease = self._lease(
            partner_id=tenant.id, unit_ids=[Command.set(self.unit_west.ids)]
        )
        self._activate(lease)
        with freeze_time("2024-03-10"):
            self.Line._cron_rent_invoice()
        self.env["res.lang"]._activate_lang("zh_CN")
        self.user_finance.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        self.start_tour(
            "/odoo/action-property_crm.property_crm_lease_action",
            "property_crm_finance_rent_trace",
            login=self.user_finance.login,
            timeout=180,
        )
