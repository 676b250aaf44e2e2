from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyCrmMaintenanceRecord(models.Model):
    """客服工作記錄表 / 客戶關係強化表 (seed 004 七, 九): what was done for a customer
    under a maintenance plan — a visit, a call, a gift, an event — and the customer's
    feedback, reported to the supervisor (seed 004 七(一)3), who reads them per plan.
    """

    _name = "property.crm.maintenance.record"
    _description = "Maintenance Work Record"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "property.crm.maintenance.plan",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    task_id = fields.Many2one(
        "property.crm.maintenance.task",
        domain="[('plan_id', '=', plan_id)]",
        index=True,
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True
    )
    kind = fields.Selection(
        [
            ("visit", "Visit"),
            ("call", "Call"),
            ("gift", "Gift"),
            ("event", "Event"),
        ],
        required=True,
        default="visit",
        tracking=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        domain=[("customer_kind", "!=", False)],
    )
    contact_name = fields.Char(string="Person Met")
    user_id = fields.Many2one(
        "res.users", string="Staff", required=True, default=lambda self: self.env.user
    )
    content = fields.Text(string="Work Done")
    feedback = fields.Text(string="Customer Feedback", tracking=True)
    satisfaction = fields.Selection(
        [
            ("satisfied", "Satisfied"),
            ("neutral", "Neutral"),
            ("unsatisfied", "Unsatisfied"),
        ]
    )
    cost_amount = fields.Monetary(string="Cost")
    currency_id = fields.Many2one(related="plan_id.currency_id")

    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["property.crm.maintenance.plan"].browse(
            [vals.get("plan_id") for vals in vals_list if vals.get("plan_id")]
        )
        if any(plan.state != "in_progress" for plan in plans):
            raise UserError(
                self.env._("Work is recorded on a plan that is in progress.")
            )
        records = super().create(vals_list)
        for record in records:
            record.plan_id.sudo().message_post(
                body=self.env._(
                    "%(kind)s with %(customer)s recorded by %(user)s.",
                    kind=dict(self._fields["kind"]._description_selection(self.env))[
                        record.kind
                    ],
                    customer=record.partner_id.name,
                    user=record.user_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return records

    def _check_plan_open(self):
        if any(record.plan_id.state != "in_progress" for record in self):
            raise UserError(
                self.env._(
                    "The plan of this work record is not in progress: its records "
                    "no longer change."
                )
            )

    def write(self, vals):
        if not self.env.su:
            self._check_plan_open()
        res = super().write(vals)
        if not self.env.su and "plan_id" in vals:
            self._check_plan_open()
        return res
