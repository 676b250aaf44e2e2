from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _property_crm_demo_load_chart(self):
        """Demo: the demo company keeps its books on the Chinese chart (l10n_cn).

        Installing ``account`` gives the company the generic chart (and, with demo
        data, account's demo entries on it); the Chinese chart replaces it here,
        before the finance demo posts rent. A deferred generic chart still pending
        is dropped: loaded later, it would reset the company's accounting."""
        company = self.env.ref("base.main_company")
        if company.chart_template == "cn":
            return
        if not company.country_id:
            company.country_id = self.env.ref("base.cn")
        if hasattr(self.env.registry, "_auto_install_template"):
            del self.env.registry._auto_install_template
        self.env["account.chart.template"].try_loading("cn", company)
