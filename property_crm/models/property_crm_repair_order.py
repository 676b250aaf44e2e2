from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .property_crm_callback import CALLBACK_DELAY


class PropertyCrmRepairOrder(models.Model):
    """維修工作單 ZC-QR-009/010: a repair for a customer's unit.

    In or out of warranty from the unit's handover date; paid or not; once done the
    person who took the order calls the customer back within 24 h (seed 000 §四(2)).
    """

    _name = "property.crm.repair.order"
    _description = "Repair Work Order"
    _sequence_code = "property.crm.repair.order"
    _clock_escalation_subtype = "property_crm.mt_repair_order_escalation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "property.crm.sla.mixin",
        "property.crm.workflow.mixin",
    ]
    _order = "reported_at desc, id desc"
    _check_company_auto = True
    _workflow_fields = ("state", "done_at", "sla_status", "sla_deadline")

    def _clock_is_closed(self):
        return self.state in ("done", "cancelled")

    name = fields.Char(
        string="Number",
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    unit_id = fields.Many2one(
        "property.crm.unit",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    building_id = fields.Many2one(related="unit_id.building_id", store=True, index=True)
    area_id = fields.Many2one(related="unit_id.area_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain=[("customer_kind", "!=", False)],
    )
    complaint_id = fields.Many2one(
        "property.crm.complaint", index=True, check_company=True, tracking=True
    )
    description = fields.Html(required=True)
    reported_at = fields.Datetime(
        required=True, default=fields.Datetime.now, tracking=True
    )
    received_by_id = fields.Many2one(
        "res.users",
        string="Taken By",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        help="接單人: takes the order and calls the customer back.",
    )
    in_warranty = fields.Boolean(
        compute="_compute_in_warranty",
        store=True,
        readonly=False,
        tracking=True,
        help="From the unit's handover date and the company's warranty period.",
    )
    warranty_end = fields.Date(compute="_compute_in_warranty", store=True)
    responsible_party = fields.Selection(
        [
            ("developer", "Developer (warranty)"),
            ("property", "Property Company"),
            ("customer", "Customer"),
            ("contractor", "Contractor"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    department_id = fields.Many2one("hr.department", tracking=True, check_company=True)
    contractor_id = fields.Many2one("res.partner", tracking=True)
    technician_id = fields.Many2one("res.users", tracking=True)
    cost_estimate = fields.Monetary(currency_field="currency_id", tracking=True)
    cost_settlement = fields.Monetary(
        string="Settled Cost", currency_field="currency_id", tracking=True
    )
    is_paid_service = fields.Boolean(string="Paid Service", tracking=True)
    charged_amount = fields.Monetary(currency_field="currency_id", tracking=True)
    scheduled_start = fields.Datetime(tracking=True)
    scheduled_end = fields.Datetime()
    done_at = fields.Datetime(readonly=True, copy=False, tracking=True)
    work_done = fields.Html()
    state = fields.Selection(
        [
            ("new", "New"),
            ("scheduled", "Scheduled"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    callback_ids = fields.One2many(
        "property.crm.callback", "repair_order_id", string="Callbacks"
    )
    callback_state = fields.Selection(
        [("none", "None"), ("todo", "To Call Back"), ("done", "Called Back")],
        compute="_compute_callback_state",
    )

    @api.depends("unit_id.handover_date", "reported_at", "company_id")
    def _compute_in_warranty(self):
        for order in self:
            handover = order.unit_id.handover_date
            if not handover:
                order.warranty_end = False
                order.in_warranty = False
                continue
            order.warranty_end = handover + relativedelta(
                months=order.company_id.property_crm_warranty_months
            )
            reported = fields.Date.to_date(order.reported_at or fields.Datetime.now())
            order.in_warranty = reported <= order.warranty_end

    @api.depends("callback_ids.state")
    def _compute_callback_state(self):
        for order in self:
            callbacks = order.callback_ids.filtered(lambda c: c.state != "cancelled")
            if not callbacks:
                order.callback_state = "none"
            elif any(c.state == "todo" for c in callbacks):
                order.callback_state = "todo"
            else:
                order.callback_state = "done"

    @api.constrains("cost_estimate", "cost_settlement", "charged_amount")
    def _check_amounts(self):
        for order in self:
            if (
                min(order.cost_estimate, order.cost_settlement, order.charged_amount)
                < 0
            ):
                raise ValidationError(self.env._("Repair amounts cannot be negative."))

    @api.constrains("scheduled_start", "scheduled_end")
    def _check_schedule(self):
        for order in self:
            if (
                order.scheduled_start
                and order.scheduled_end
                and order.scheduled_end < order.scheduled_start
            ):
                raise ValidationError(
                    self.env._("The scheduled end is before the start.")
                )

    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id and not self.partner_id:
            self.partner_id = self.unit_id.partner_ids[:1]

    def _check_staff(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(
                self.env._("Only customer service manages repair orders.")
            )

    def action_schedule(self):
        self._check_staff()
        for order in self:
            if order.state != "new":
                raise UserError(
                    self.env._("Repair %s is already scheduled.", order.name)
                )
            if not order.scheduled_start:
                raise UserError(
                    self.env._("Set the scheduled start of %s.", order.name)
                )
        self._workflow_write({"state": "scheduled"})
        return True

    def action_start(self):
        self._check_staff()
        self.filtered(lambda o: o.state in ("new", "scheduled"))._workflow_write(
            {"state": "in_progress"}
        )
        return True

    def action_done(self):
        """Finish the repair: the taker calls the customer back within 24 h."""
        self._check_staff()
        for order in self:
            if order.state not in ("new", "scheduled", "in_progress"):
                raise UserError(self.env._("Repair %s is not open.", order.name))
            if not order.work_done:
                raise UserError(self.env._("Describe the work done on %s.", order.name))
        now = fields.Datetime.now()
        self._workflow_write({"state": "done", "done_at": now})
        self.env["property.crm.callback"].sudo().create(
            [
                {
                    "company_id": order.company_id.id,
                    "callback_type": "paid_service"
                    if order.is_paid_service
                    else "repair",
                    "method": "phone",
                    "repair_order_id": order.id,
                    "complaint_id": False,
                    "partner_id": order.partner_id.id,
                    "unit_id": order.unit_id.id,
                    "user_id": order.received_by_id.id,
                    "deadline": now + CALLBACK_DELAY,
                    "charged_amount": order.charged_amount,
                }
                for order in self
            ]
        )
        return True

    def action_cancel(self):
        self._check_staff()
        self.filtered(lambda o: o.state != "done")._workflow_write(
            {"state": "cancelled"}
        )
        return True

    def _reopen_after_callback(self, callback):
        """An unsatisfied repair callback sends the repair back to work."""
        self.ensure_one()
        self._workflow_write({"state": "in_progress", "done_at": False})
        self.message_post(
            body=self.env._(
                "Reopened: the customer is not satisfied (callback %s).", callback.name
            ),
            subtype_xmlid="mail.mt_note",
        )
