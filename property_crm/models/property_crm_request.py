from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .property_crm_callback import CALLBACK_DELAY
from .property_crm_request_type import URGENCIES

REQUEST_STATES = [
    ("new", "New"),
    ("assigned", "Assigned"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("closed", "Closed"),
    ("converted", "Converted"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("new", "assigned", "in_progress")
FINISHED_STATES = ("closed", "converted", "cancelled")
# what a department handler writes on a demand of their department
HANDLER_FIELDS = {
    "answer",
    "extension_reason",
    "extension_new_deadline",
    "dispatch_user_id",
}
CHANNELS = [
    ("hotline", "24 h Hotline"),
    ("phone", "Phone"),
    ("walk_in", "Walk-in"),
    ("wechat", "WeChat"),
    ("portal", "Portal"),
    ("email", "Email"),
    ("visit", "Visit"),
]


class PropertyCrmRequest(models.Model):
    """客戶需求 (seed 002 §三(二)): an enquiry, a suggestion, a report (報事) or a
    service request, recorded with the customer's problem and contact (需求記錄),
    routed to the responsible department with its time limits (需求分配) and followed
    up by customer service until it is done (處理跟蹤).

    The type decides the department, who in it gets the demand and the response
    and completion deadlines per urgency (two clocks). The department's handlers
    claim it (搶單) or a supervisor dispatches it; the customer's chases (催辦) are
    counted and escalated; an extension (申請延期) is asked by the handler and
    approved by a supervisor, who moves the completion deadline; a demand that turns
    out to be a complaint or a repair is converted, keeping both histories.
    """

    _name = "property.crm.request"
    _description = "Customer Demand"
    _sequence_code = "property.crm.request"
    _clock_escalation_subtype = "property_crm.mt_request_escalation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "property.crm.sla.mixin",
        "property.crm.workflow.mixin",
    ]
    _order = "received_at desc, id desc"
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "department_id",
        "user_id",
        "dispatched_at",
        "responded_at",
        "done_at",
        "closed_at",
        "response_deadline",
        "completion_deadline",
        "chase_count",
        "last_chase_at",
        "chase_escalated",
        "extension_state",
        "extension_requested_by_id",
        "complaint_id",
        "repair_order_id",
        "sla_deadline",
        "sla_status",
    )

    name = fields.Char(
        string="Number",
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    type_id = fields.Many2one(
        "property.crm.request.type",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    kind = fields.Selection(related="type_id.kind", store=True, index=True)
    urgency = fields.Selection(
        URGENCIES, required=True, default="normal", tracking=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain=[("customer_kind", "!=", False)],
    )
    unit_id = fields.Many2one(
        "property.crm.unit", index=True, tracking=True, check_company=True
    )
    building_id = fields.Many2one(
        related="unit_id.building_id", store=True, index=True, precompute=True
    )
    area_id = fields.Many2one(
        related="unit_id.area_id", store=True, index=True, precompute=True
    )
    channel = fields.Selection(
        CHANNELS, required=True, default="hotline", tracking=True
    )
    description = fields.Html(required=True)
    received_at = fields.Datetime(
        required=True, default=fields.Datetime.now, index=True, readonly=True
    )
    received_by_id = fields.Many2one(
        "res.users",
        string="Logged By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    first_contact_user_id = fields.Many2one(
        "res.users",
        string="First Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        help="首問責任人: who first took the customer's demand (the call agent of a "
        "call); follows it up until it is closed and calls the customer back.",
    )
    department_id = fields.Many2one(
        "hr.department",
        tracking=True,
        index=True,
        readonly=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Handler", tracking=True, index=True, readonly=True
    )
    dispatch_user_id = fields.Many2one(
        "res.users",
        string="Dispatch To",
        help="Choose the handler, then Dispatch.",
    )
    dispatched_at = fields.Datetime(readonly=True, copy=False)
    responded_at = fields.Datetime(readonly=True, copy=False, tracking=True)
    done_at = fields.Datetime(readonly=True, copy=False, tracking=True)
    closed_at = fields.Datetime(readonly=True, copy=False)
    response_deadline = fields.Datetime(readonly=True, copy=False, index=True)
    completion_deadline = fields.Datetime(
        readonly=True, copy=False, index=True, tracking=True
    )
    state = fields.Selection(
        REQUEST_STATES,
        default="new",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    answer = fields.Html(
        string="Answer / Result", help="What the department answered or did."
    )
    needs_callback = fields.Boolean(related="type_id.needs_callback")
    # 催辦
    chase_count = fields.Integer(string="Chases", readonly=True, copy=False)
    last_chase_at = fields.Datetime(readonly=True, copy=False)
    chase_escalated = fields.Boolean(readonly=True, copy=False)
    chase_note = fields.Char(help="What the customer said when chasing.")
    # 申請延期
    extension_state = fields.Selection(
        [
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        string="Extension",
        readonly=True,
        copy=False,
        tracking=True,
    )
    extension_reason = fields.Text(copy=False)
    extension_new_deadline = fields.Datetime(string="Requested Deadline", copy=False)
    extension_requested_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    # conversion
    complaint_id = fields.Many2one(
        "property.crm.complaint",
        string="Converted to Complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    repair_order_id = fields.Many2one(
        "property.crm.repair.order",
        string="Converted to Repair",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    callback_ids = fields.One2many(
        "property.crm.callback", "request_id", string="Callbacks"
    )
    # the callbacks are customer service's: counted for every reader
    callback_count = fields.Integer(
        compute="_compute_callback_count", compute_sudo=True
    )
    response_breached = fields.Boolean(compute="_compute_clock_flags", store=True)
    completion_breached = fields.Boolean(compute="_compute_clock_flags", store=True)
    can_claim = fields.Boolean(compute="_compute_can_claim")

    @api.depends("callback_ids")
    def _compute_callback_count(self):
        for request in self:
            request.callback_count = len(request.callback_ids)

    @api.depends("clock_ids.breached", "clock_ids.state")
    def _compute_clock_flags(self):
        for request in self:
            lines = request._clock_lines()
            response = lines.get("request_response")
            completion = lines.get("request_completion")
            request.response_breached = bool(response and response.breached)
            request.completion_breached = bool(completion and completion.breached)

    @api.depends_context("uid")
    @api.depends("state", "user_id", "department_id")
    def _compute_can_claim(self):
        for request in self:
            request.can_claim = (
                request.state == "new"
                and not request.user_id
                and self.env.user in request._department_users()
            )

    def _clock_is_closed(self):
        return self.state in ("done",) + FINISHED_STATES

    def _clock_department(self):
        return self.department_id

    # ------------------------------------------------------------------
    # CRUD: intake routes the demand and sets its deadlines
    # ------------------------------------------------------------------

    @api.model
    def _check_intake_caller(self):
        user = self.env.user
        if self.env.su or user.has_group("property_crm.group_call_agent"):
            return
        raise AccessError(
            self.env._("Only customer service and call agents log customer demands.")
        )

    @api.model
    def _workflow_system_create_vals(self, vals):
        """需求分配: the department and the person of the type, the deadlines of
        the type and urgency, from the moment of receipt."""
        vals = dict(vals)
        request_type = (
            self.env["property.crm.request.type"].sudo().browse(vals.get("type_id"))
        )
        unit = self.env["property.crm.unit"].sudo().browse(vals.get("unit_id"))
        received = fields.Datetime.to_datetime(vals.get("received_at")) or (
            fields.Datetime.now()
        )
        vals["received_at"] = received
        vals.update(
            self._deadline_vals(request_type, vals.get("urgency") or "normal", received)
        )
        department, user = self._route(request_type, unit)
        vals["department_id"] = department.id
        if user:
            vals.update(user_id=user.id, state="assigned", dispatched_at=received)
        return vals

    @api.model
    def _deadline_vals(self, request_type, urgency, start):
        if not request_type:
            return {}
        response, completion = request_type._deadline_hours(urgency)
        return {
            "response_deadline": start + timedelta(hours=response),
            "completion_deadline": start + timedelta(hours=completion),
        }

    @api.model
    def _route(self, request_type, unit):
        """(department, person) for a demand of ``request_type`` about ``unit``:
        the type's department; the unit's area manager or the department manager
        when the type says so, else nobody (the department's pool claims it)."""
        department = request_type.department_id
        user = self.env["res.users"]
        if request_type.assign_to == "area_manager":
            user = unit.area_id.manager_id
        elif request_type.assign_to == "department_manager":
            user = department.manager_id.user_id
        user = user.filtered(lambda u: u.active and not u.share)
        return department, user

    @api.model_create_multi
    def create(self, vals_list):
        self._check_intake_caller()
        for vals in vals_list:
            if not self.env.su:
                for fname in ("received_at", "received_by_id"):
                    vals.pop(fname, None)
        requests = super().create(vals_list)
        for request in requests:
            request._notify_routed()
        return requests

    def _check_write_lock(self, vals):
        """Handlers write only the answer and the extension they ask; nobody
        changes a finished demand; the type and urgency change only before the
        department works on it (the deadlines follow); the extension asked is
        fixed while the supervisor decides."""
        user = self.env.user
        if not user.has_group("property_crm.group_call_agent"):
            forbidden = set(vals) - HANDLER_FIELDS
            if forbidden:
                raise AccessError(
                    self.env._(
                        "A department handler only writes the answer and asks for "
                        "extensions of a demand (not %s).",
                        self._workflow_field_labels(sorted(forbidden)),
                    )
                )
        for request in self:
            if request.state in ("done",) + FINISHED_STATES:
                raise UserError(
                    self.env._(
                        "Demand %s is finished: it cannot be changed.", request.name
                    )
                )
            if request.extension_state == "requested" and any(
                fname in vals and not request._is_unchanged(fname, vals[fname])
                for fname in ("extension_reason", "extension_new_deadline")
            ):
                raise UserError(
                    self.env._(
                        "The extension of %s is waiting for the supervisor.",
                        request.name,
                    )
                )
            for fname in ("type_id", "urgency", "unit_id", "partner_id"):
                if (
                    fname in vals
                    and not request._is_unchanged(fname, vals[fname])
                    and request.state not in ("new", "assigned")
                ):
                    raise UserError(
                        self.env._(
                            "%(field)s of %(name)s cannot change once the department "
                            "works on it.",
                            field=self._fields[fname]._description_string(self.env),
                            name=request.name,
                        )
                    )

    def write(self, vals):
        retimed = self.browse()
        if not self.env.su and ("type_id" in vals or "urgency" in vals):
            retimed = self.filtered(
                lambda r: not r._is_unchanged("type_id", vals.get("type_id", r.type_id))
                or not r._is_unchanged("urgency", vals.get("urgency", r.urgency))
            )
        res = super().write(vals)
        if retimed:
            # a new type or urgency: new deadlines from the receipt
            for request in retimed:
                values = self._deadline_vals(
                    request.type_id, request.urgency, request.received_at
                )
                if request.state == "new":
                    values["department_id"] = request.type_id.department_id.id
                request._workflow_write(values)
        return res

    # ------------------------------------------------------------------
    # who may do what
    # ------------------------------------------------------------------

    def _department_users(self):
        """The members and the manager of the demand's department."""
        self.ensure_one()
        department = self.department_id.sudo()
        return (department.member_ids.user_id | department.manager_id.user_id).filtered(
            lambda user: user.active and not user.share
        )

    def _is_supervisor(self):
        return self.env.su or self.env.user.has_group("property_crm.group_supervisor")

    def _may_dispatch(self):
        """A supervisor, the area manager of the unit or the department manager."""
        self.ensure_one()
        user = self.env.user
        return (
            self._is_supervisor()
            or (
                user.has_group("property_crm.group_area_manager")
                and self.area_id.manager_id == user
            )
            or user == self.department_id.sudo().manager_id.user_id
        )

    def _may_handle(self):
        """The handler, the department manager or a supervisor."""
        self.ensure_one()
        user = self.env.user
        return (
            self._is_supervisor()
            or self.user_id == user
            or user == self.department_id.sudo().manager_id.user_id
        )

    def _check_state(self, states, action):
        for request in self:
            if request.state not in states:
                raise UserError(
                    self.env._(
                        "%(action)s: demand %(name)s is %(state)s.",
                        action=action,
                        name=request.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[request.state],
                    )
                )

    # ------------------------------------------------------------------
    # dispatch, claim, response, completion, closure
    # ------------------------------------------------------------------

    def action_dispatch(self):
        """派單: a supervisor, the area manager or the department manager gives the
        demand to a member of the department."""
        self.ensure_one()
        self._check_state(OPEN_STATES[:2], self.env._("Dispatch"))
        if not self._may_dispatch():
            raise AccessError(
                self.env._(
                    "Only a supervisor, the area manager or the department manager "
                    "dispatches demand %s.",
                    self.name,
                )
            )
        target = self.dispatch_user_id
        if not target:
            raise UserError(self.env._("Choose who the demand is dispatched to."))
        if target not in self._department_users():
            raise UserError(
                self.env._(
                    "%(user)s is not in %(department)s, which handles %(name)s.",
                    user=target.name,
                    department=self.department_id.display_name,
                    name=self.name,
                )
            )
        self._assign(target)
        return True

    def action_claim(self):
        """搶單: a handler of the department takes an unassigned demand; the first
        one wins (the row is locked, a second claim finds it taken)."""
        self.ensure_one()
        self.env.cr.execute(
            "SELECT user_id FROM property_crm_request WHERE id = %s FOR UPDATE",
            [self.id],
        )
        self.invalidate_recordset(["user_id", "state"])
        if self.user_id:
            raise UserError(
                self.env._(
                    "Demand %(name)s was already taken by %(user)s.",
                    name=self.name,
                    user=self.user_id.name,
                )
            )
        self._check_state(("new",), self.env._("Claim"))
        if self.env.user not in self._department_users():
            raise AccessError(
                self.env._(
                    "Only the handlers of %(department)s claim demand %(name)s.",
                    department=self.department_id.display_name,
                    name=self.name,
                )
            )
        self._assign(self.env.user)
        return True

    def _assign(self, user):
        self.ensure_one()
        self._workflow_write(
            {
                "user_id": user.id,
                "state": "assigned",
                "dispatched_at": fields.Datetime.now(),
                "dispatch_user_id": False,
            }
        )
        self._schedule_handler_activity()

    def _schedule_handler_activity(self):
        self.ensure_one()
        if not self.user_id:
            return
        self.sudo().activity_schedule(
            "property_crm.mail_activity_type_handling",
            date_deadline=self._clock_local_date(
                self.completion_deadline or fields.Datetime.now(), self.user_id
            ),
            summary=self.env._("Customer demand %s", self.name),
            user_id=self.user_id.id,
        )

    def _notify_routed(self):
        """The assigned handler gets the work; an unassigned demand is announced to
        the department's members, who claim it."""
        self.ensure_one()
        if self.user_id:
            self._schedule_handler_activity()
            return
        users = self._department_users()
        if users:
            self.sudo().message_notify(
                partner_ids=users.partner_id.ids,
                subject=self.env._("New demand to claim: %s", self.name),
                body=self.env._(
                    "Demand %(name)s (%(type)s) waits in the pool of %(department)s.",
                    name=self.name,
                    type=self.type_id.name,
                    department=self.department_id.display_name,
                ),
                model=self._name,
                res_id=self.id,
            )

    def action_start(self):
        """The handler takes the demand up: the response clock stops."""
        self._check_state(("assigned",), self.env._("Start"))
        for request in self:
            if not request._may_handle():
                raise AccessError(
                    self.env._("Only the handler of %s starts it.", request.name)
                )
        self._workflow_write(
            {"state": "in_progress", "responded_at": fields.Datetime.now()}
        )
        return True

    def action_done(self):
        """The department answered or did the work: the completion clock stops;
        when the type asks for it, the first responsible calls the customer back."""
        self._check_state(("assigned", "in_progress"), self.env._("Done"))
        for request in self:
            if not request._may_handle():
                raise AccessError(
                    self.env._("Only the handler of %s finishes it.", request.name)
                )
            if not request.answer or not request.answer.striptags().strip():
                raise UserError(
                    self.env._("Write the answer or the result of %s.", request.name)
                )
        now = fields.Datetime.now()
        for request in self:
            request._workflow_write(
                {
                    "state": "done",
                    "done_at": now,
                    "responded_at": request.responded_at or now,
                }
            )
        self.sudo().activity_feedback(["property_crm.mail_activity_type_handling"])
        self.filtered("needs_callback")._create_callbacks(now)
        return True

    def _create_callbacks(self, done_at):
        vals_list = [
            {
                "company_id": request.company_id.id,
                "callback_type": "request",
                "method": "phone",
                "request_id": request.id,
                "complaint_id": False,
                "repair_order_id": False,
                "partner_id": request.partner_id.id,
                "unit_id": request.unit_id.id,
                "user_id": request._callback_user().id,
                "deadline": done_at + CALLBACK_DELAY,
            }
            for request in self
        ]
        return self.env["property.crm.callback"].sudo().create(vals_list)

    def _callback_user(self):
        """Who calls the customer back: the first responsible when they record
        callbacks (customer service), else the area manager of the unit, else
        the head."""
        self.ensure_one()
        for user in (
            self.first_contact_user_id,
            self.received_by_id,
            self.area_id.manager_id,
        ):
            if user and user.active and user.has_group("property_crm.group_specialist"):
                return user
        return self._sla_head_users(self.company_id)[:1]

    def action_close(self):
        """Customer service closes a done demand; one that asks for a callback
        closes itself when the callback is recorded."""
        self._check_state(("done",), self.env._("Close"))
        if not self.env.su and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(self.env._("Only customer service closes demands."))
        for request in self:
            if request.needs_callback and not any(
                c.state in ("done", "unreachable") for c in request.callback_ids
            ):
                raise UserError(
                    self.env._(
                        "Demand %s is closed by its callback to the customer.",
                        request.name,
                    )
                )
        self._workflow_write({"state": "closed", "closed_at": fields.Datetime.now()})
        return True

    def _close_after_callback(self, callback):
        self.ensure_one()
        if self.state != "done":
            return
        self._workflow_write({"state": "closed", "closed_at": fields.Datetime.now()})
        self.message_post(
            body=self.env._("Closed by callback %s.", callback.name),
            subtype_xmlid="mail.mt_note",
        )

    def _reopen_after_callback(self, callback):
        """An unsatisfied callback sends the demand back to its handler."""
        self.ensure_one()
        self._workflow_write(
            {
                "state": "in_progress" if self.user_id else "new",
                "done_at": False,
                "closed_at": False,
            }
        )
        self.message_post(
            body=self.env._(
                "Reopened: the customer is not satisfied (callback %s).", callback.name
            ),
            subtype_xmlid="mail.mt_note",
        )

    def action_cancel(self):
        self._check_state(OPEN_STATES, self.env._("Cancel"))
        if not self.env.su and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(self.env._("Only customer service cancels demands."))
        self._workflow_write({"state": "cancelled", "closed_at": fields.Datetime.now()})
        self.sudo().activity_unlink(["property_crm.mail_activity_type_handling"])
        return True

    # ------------------------------------------------------------------
    # 催辦: the customer chases
    # ------------------------------------------------------------------

    def action_chase(self):
        """Log the customer's chase; past the type's limit the department manager
        (or the head) is escalated to, once."""
        self._check_intake_caller()
        self._check_state(OPEN_STATES, self.env._("Chase"))
        now = fields.Datetime.now()
        for request in self:
            count = request.chase_count + 1
            note = request.chase_note or ""
            request._workflow_write({"chase_count": count, "last_chase_at": now})
            request.sudo().write({"chase_note": False})
            request.message_post(
                body=self.env._(
                    "The customer chased (催辦 %(count)s): %(note)s",
                    count=count,
                    note=note,
                ),
                subtype_xmlid="mail.mt_note",
            )
            if request.user_id:
                request.sudo().activity_schedule(
                    "property_crm.mail_activity_type_escalation",
                    date_deadline=fields.Date.context_today(request),
                    summary=self.env._("The customer chases %s", request.name),
                    user_id=request.user_id.id,
                )
            if count >= request.type_id.chase_limit and not request.chase_escalated:
                request._escalate_chase(count)
        return True

    def _escalate_chase(self, count):
        self.ensure_one()
        users = self._clock_recipients("department_manager")
        body = self.env._(
            "Demand %(name)s was chased %(count)s times by the customer: escalated "
            "to %(users)s.",
            name=self.name,
            count=count,
            users=", ".join(users.mapped("name")),
        )
        for user in users:
            self.sudo().activity_schedule(
                "property_crm.mail_activity_type_escalation",
                date_deadline=fields.Date.context_today(self),
                summary=self.env._("Chased demand %s", self.name),
                note=body,
                user_id=user.id,
            )
        self._workflow_write({"chase_escalated": True})
        self.sudo().message_post(
            body=body,
            subtype_xmlid="property_crm.mt_request_escalation",
            partner_ids=users.partner_id.ids,
        )

    # ------------------------------------------------------------------
    # 申請延期: extension
    # ------------------------------------------------------------------

    def action_request_extension(self):
        """The handler asks for more time, with a reason and a new deadline."""
        self.ensure_one()
        self._check_state(("assigned", "in_progress"), self.env._("Extension"))
        if not self._may_handle():
            raise AccessError(
                self.env._("Only the handler of %s asks for an extension.", self.name)
            )
        if self.extension_state == "requested":
            raise UserError(
                self.env._("An extension of %s is already requested.", self.name)
            )
        if not (self.extension_reason or "").strip():
            raise UserError(self.env._("Give the reason of the extension."))
        if (
            not self.extension_new_deadline
            or self.extension_new_deadline <= self.completion_deadline
            or self.extension_new_deadline <= fields.Datetime.now()
        ):
            raise ValidationError(
                self.env._("The new deadline comes after the current one.")
            )
        self._workflow_write(
            {
                "extension_state": "requested",
                "extension_requested_by_id": self.env.user.id,
            }
        )
        # the head decides (or any supervisor: the activity is closed by the one
        # who does)
        for user in self._sla_head_users(self.company_id):
            self.sudo().activity_schedule(
                "property_crm.mail_activity_type_escalation",
                date_deadline=fields.Date.context_today(self),
                summary=self.env._("Extension requested on %s", self.name),
                note=self.extension_reason,
                user_id=user.id,
            )
        self.message_post(
            body=self.env._(
                "Extension requested until %(deadline)s: %(reason)s",
                deadline=self._local_string(self.extension_new_deadline),
                reason=self.extension_reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _local_string(self, moment):
        return self.env["property.crm.clock"]._local_string(moment, self.env.lang)

    def _check_extension_decider(self):
        if not self._is_supervisor():
            raise AccessError(
                self.env._("Only a supervisor decides on an extension of a demand.")
            )
        for request in self:
            if request.extension_state != "requested":
                raise UserError(
                    self.env._("No extension of %s waits for a decision.", request.name)
                )

    def action_approve_extension(self):
        """The supervisor approves: the completion deadline (and its clock) moves."""
        self._check_extension_decider()
        for request in self:
            request._workflow_write(
                {
                    "extension_state": "approved",
                    "completion_deadline": request.extension_new_deadline,
                }
            )
            request.message_post(
                body=self.env._(
                    "Extension approved by %(user)s: new deadline %(deadline)s.",
                    user=self.env.user.name,
                    deadline=request._local_string(request.completion_deadline),
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._close_extension_activities()
        return True

    def action_refuse_extension(self):
        self._check_extension_decider()
        self._workflow_write({"extension_state": "refused"})
        for request in self:
            request.message_post(
                body=self.env._(
                    "Extension refused by %s: the deadline stays.", self.env.user.name
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._close_extension_activities()
        return True

    def _close_extension_activities(self):
        escalation = self.env.ref("property_crm.mail_activity_type_escalation")
        for request in self:
            summary = self.env._("Extension requested on %s", request.name)
            request.sudo().activity_ids.filtered(
                lambda a, summary=summary: a.activity_type_id == escalation
                and a.summary == summary
            ).action_feedback()

    # ------------------------------------------------------------------
    # conversion
    # ------------------------------------------------------------------

    def _check_convert(self):
        self.ensure_one()
        self._check_state(OPEN_STATES + ("done",), self.env._("Convert"))
        if not self.env.su and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(self.env._("Only customer service converts demands."))

    def _history_note(self):
        return Markup("%s<br/>%s") % (
            self.env._(
                "From customer demand %(name)s (%(type)s), received %(at)s:",
                name=self.name,
                type=self.type_id.name,
                at=self._local_string(self.received_at),
            ),
            self.description,
        )

    def _finish_conversion(self, record, vals):
        self._workflow_write(
            dict(vals, state="converted", closed_at=fields.Datetime.now())
        )
        self.sudo().activity_unlink(["property_crm.mail_activity_type_handling"])
        self.message_post(
            body=Markup(self.env._("Converted to %s.")) % record._get_html_link(),
            subtype_xmlid="mail.mt_note",
        )
        record.message_post(body=self._history_note(), subtype_xmlid="mail.mt_note")
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }

    def action_convert_to_complaint(self):
        """The demand is a complaint: a complaint with the same customer, unit,
        channel and first responsible; both keep their history and link."""
        self._check_convert()
        complaint = self.env["property.crm.complaint"].create(
            {
                "partner_id": self.partner_id.id,
                "unit_id": self.unit_id.id,
                "channel": self.channel,
                "description": self.description,
                "received_by_id": (
                    self.first_contact_user_id or self.received_by_id
                ).id,
                "request_id": self.id,
                "company_id": self.company_id.id,
            }
        )
        return self._finish_conversion(complaint, {"complaint_id": complaint.id})

    def action_convert_to_repair(self):
        """The demand is a repair (報修): a repair order for the unit."""
        self._check_convert()
        if not self.unit_id:
            raise UserError(
                self.env._("A repair order needs the unit of %s.", self.name)
            )
        order = self.env["property.crm.repair.order"].create(
            {
                "partner_id": self.partner_id.id,
                "unit_id": self.unit_id.id,
                "description": self.description,
                "received_by_id": (
                    self.first_contact_user_id or self.received_by_id
                ).id,
                "department_id": self.department_id.id,
                "request_id": self.id,
                "company_id": self.company_id.id,
            }
        )
        return self._finish_conversion(order, {"repair_order_id": order.id})

    def action_view_callbacks(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Callbacks"),
            "res_model": "property.crm.callback",
            "view_mode": "list,form",
            "domain": [("request_id", "=", self.id)],
        }
