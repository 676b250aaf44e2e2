from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

HANDOVER_STATES = [
    ("draft", "Inspection"),
    ("rectifying", "Rectifying"),
    ("accepted", "Accepted"),
    ("cancelled", "Cancelled"),
]


class PropertyCrmHandover(models.Model):
    """交房 (seed 001): the handover of a new home to its owner. The unit is
    inspected with the customer item by item; every defect becomes a
    rectification order (整改) to the responsible department with a deadline; the
    customer accepts the home once the defects are rectified, and the handover
    date starts the warranty periods of the components."""

    _name = "property.crm.handover"
    _description = "Unit Handover"
    _sequence_code = "property.crm.handover"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.crm.workflow.mixin"]
    _order = "handover_date desc, id desc"
    _check_company_auto = True
    _workflow_fields = ("state", "accepted_at", "accepted_by_id")

    name = fields.Char(
        string="Number",
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    unit_id = fields.Many2one(
        "property.crm.unit",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    area_id = fields.Many2one(related="unit_id.area_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain=[("customer_kind", "!=", False)],
    )
    handover_date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Staff",
        default=lambda self: self.env.user,
        tracking=True,
    )
    state = fields.Selection(
        HANDOVER_STATES, default="draft", required=True, tracking=True, index=True
    )
    item_ids = fields.One2many(
        "property.crm.handover.item", "handover_id", string="Inspection Items"
    )
    defect_count = fields.Integer(compute="_compute_counts")
    open_defect_count = fields.Integer(compute="_compute_counts")
    accepted_at = fields.Datetime(readonly=True, copy=False)
    accepted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    acceptance_note = fields.Text(help="What the customer said when accepting.")

    @api.depends("item_ids.result", "item_ids.state")
    def _compute_counts(self):
        for handover in self:
            defects = handover.item_ids.filtered(lambda i: i.result == "defect")
            handover.defect_count = len(defects)
            handover.open_defect_count = len(
                defects.filtered(lambda i: i.state != "rectified")
            )

    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id and not self.partner_id:
            self.partner_id = self.unit_id.partner_ids[:1]

    def _check_staff(self):
        if not self.env.su and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(self.env._("Only customer service manages handovers."))

    def _check_write_lock(self, vals):
        if any(handover.state in ("accepted", "cancelled") for handover in self):
            raise UserError(
                self.env._("An accepted or cancelled handover cannot be changed.")
            )

    def action_send_rectification(self):
        """Every defect found goes to its department as a rectification order."""
        self._check_staff()
        for handover in self:
            if handover.state not in ("draft", "rectifying"):
                raise UserError(
                    self.env._("Handover %s is not being inspected.", handover.name)
                )
            defects = handover.item_ids.filtered(
                lambda i: i.result == "defect" and i.state == "draft"
            )
            if not defects:
                raise UserError(
                    self.env._("Handover %s has no defect to rectify.", handover.name)
                )
            defects._send()
            handover._workflow_write({"state": "rectifying"})
        return True

    def action_accept(self):
        """The customer accepts the home: the handover date starts the
        warranties of the unit."""
        self._check_staff()
        for handover in self:
            if handover.state not in ("draft", "rectifying"):
                raise UserError(
                    self.env._("Handover %s is already closed.", handover.name)
                )
            if handover.item_ids.filtered(
                lambda i: i.result == "defect" and i.state != "rectified"
            ):
                raise UserError(
                    self.env._(
                        "Handover %s still has defects to rectify.", handover.name
                    )
                )
            if (
                self.search_count(
                    [
                        ("unit_id", "=", handover.unit_id.id),
                        ("state", "=", "accepted"),
                        ("id", "!=", handover.id),
                    ]
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "Unit %s was already handed over.",
                        handover.unit_id.display_name,
                    )
                )
        for handover in self:
            handover._workflow_write(
                {
                    "state": "accepted",
                    "accepted_at": fields.Datetime.now(),
                    "accepted_by_id": self.env.user.id,
                }
            )
            handover.unit_id.sudo().handover_date = handover.handover_date
        return True

    def action_cancel(self):
        self._check_staff()
        self.filtered(lambda h: h.state != "accepted")._workflow_write(
            {"state": "cancelled"}
        )
        return True


class PropertyCrmHandoverItem(models.Model):
    """One item inspected at a handover; a defect is a rectification order (整改
    單) to the responsible department, due by its deadline (a clock: escalated to
    the department manager when late)."""

    _name = "property.crm.handover.item"
    _description = "Handover Inspection Item"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "property.crm.sla.mixin",
        "property.crm.workflow.mixin",
    ]
    _order = "handover_id, sequence, id"
    _check_company_auto = True
    _clock_escalation_subtype = "property_crm.mt_handover_item_escalation"
    _workflow_fields = (
        "state",
        "sent_at",
        "rectified_at",
        "sla_status",
        "sla_deadline",
    )

    handover_id = fields.Many2one(
        "property.crm.handover", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="handover_id.company_id", store=True, index=True, precompute=True
    )
    area_id = fields.Many2one(related="handover_id.area_id", store=True)
    unit_id = fields.Many2one(related="handover_id.unit_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    component_id = fields.Many2one("property.crm.warranty.component")
    result = fields.Selection(
        [("ok", "OK"), ("defect", "Defect")], required=True, default="ok"
    )
    defect = fields.Text(string="Defect Found")
    department_id = fields.Many2one(
        "hr.department", string="Responsible Department", check_company=True
    )
    deadline = fields.Datetime(string="Rectify By")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("rectified", "Rectified"),
        ],
        default="draft",
        required=True,
        index=True,
    )
    sent_at = fields.Datetime(readonly=True, copy=False)
    rectified_at = fields.Datetime(readonly=True, copy=False)
    rectification_note = fields.Text()

    def _clock_is_closed(self):
        return self.state == "rectified"

    def _clock_department(self):
        return self.department_id

    def _check_write_lock(self, vals):
        """Once sent, the department writes only its note; the rest is fixed."""
        for item in self:
            if item.handover_id.state in ("accepted", "cancelled"):
                raise UserError(self.env._("The handover of %s is closed.", item.name))
            is_staff = self.env.user.has_group("property_crm.group_specialist")
            if (item.state != "draft" or not is_staff) and set(vals) - {
                "rectification_note"
            }:
                raise UserError(
                    self.env._(
                        "Rectification order %s was sent: only its note changes.",
                        item.name,
                    )
                )

    def _send(self):
        for item in self:
            if not item.department_id or not item.deadline:
                raise UserError(
                    self.env._(
                        "Give the responsible department and the deadline of %s.",
                        item.name,
                    )
                )
        self._workflow_write({"state": "sent", "sent_at": fields.Datetime.now()})
        for item in self:
            manager = item.department_id.sudo().manager_id.user_id
            if manager:
                item.sudo().activity_schedule(
                    "property_crm.mail_activity_type_handling",
                    date_deadline=item._clock_local_date(item.deadline, manager),
                    summary=self.env._("Rectify: %s", item.name),
                    user_id=manager.id,
                )

    def action_rectified(self):
        """The department rectified the defect (its members and manager, or
        customer service)."""
        for item in self:
            if item.state != "sent":
                raise UserError(
                    self.env._("Rectification order %s is not open.", item.name)
                )
            self._check_department_user(
                item.department_id,
                self.env._(
                    "Only %s rectifies this defect.", item.department_id.display_name
                ),
            )
        self._workflow_write(
            {"state": "rectified", "rectified_at": fields.Datetime.now()}
        )
        self.sudo().activity_feedback(["property_crm.mail_activity_type_handling"])
        return True
