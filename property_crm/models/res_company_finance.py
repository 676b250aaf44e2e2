from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # membership points (會員積分, seed 002 §四)
    property_crm_loyalty_program_id = fields.Many2one(
        "loyalty.program", string="Membership Program", readonly=True
    )
    property_crm_points_rent_on_time = fields.Integer(
        string="Points: Rent Paid on Time", default=10
    )
    property_crm_points_callback_satisfied = fields.Integer(
        string="Points: Satisfied Callback", default=5
    )
    property_crm_points_activity = fields.Integer(
        string="Points: Community Activity", default=20
    )
    property_crm_points_referral = fields.Integer(string="Points: Referral", default=50)
    property_crm_points_validity_months = fields.Integer(
        string="Points Validity (months)", default=24
    )
    property_crm_point_value = fields.Float(
        string="Value of a Point",
        default=0.1,
        digits=(16, 4),
        help="Property fee a point offsets, in the company currency.",
    )

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
        self.env["account.chart.template"].try_loading("cn", company)
        if hasattr(self.env.registry, "_auto_install_template"):
            del self.env.registry._auto_install_template

    @api.model
    def _property_crm_demo_finance(self):
        """Demo: rent paid on time for the first months of the first tenant lease,
        its points, a community activity and a referral, and points offsetting a
        fee on the rent still open."""
        lease = self.env.ref("property_crm.lease_tenant_01", raise_if_not_found=False)
        if not lease or lease.line_ids.move_id.filtered(
            lambda m: m.payment_state != "not_paid"
        ):
            return
        posted = lease.line_ids.filtered("move_id").sorted("date_due")
        for line in posted[:4]:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=line.move_id.ids
            ).create({"payment_date": line.date_due})._create_payments()
        self.env["property.crm.lease.line"]._cron_rent_points()
        Card = self.env["loyalty.card"]
        partner = lease.partner_id
        Card._property_crm_earn(partner, "activity", partner, lease.company_id)
        Card._property_crm_earn(
            partner,
            "referral",
            self.env.ref("property_crm.partner_individual_03"),
            lease.company_id,
        )
        card = Card._property_crm_card(partner, lease.company_id)
        invoice = posted.move_id.filtered(
            lambda m: m.payment_state in ("not_paid", "partial")
        )[-1:]
        if invoice and card.points >= 100:
            card.action_property_crm_redeem_fee(100, invoice)
