from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from . import local_time
from .res_partner import mask_phone

CALLBACK_DELAY = timedelta(
    hours=24
)  # seed 000 §四(2)1: complaint and repair callbacks within 24 h
RATINGS = [
    ("0", "Not Rated"),
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]
BATCH_SIZE = 200


class PropertyCrmCallback(models.Model):
    """回訪 (seed 000 §四(2), 002 §三(四)): nothing is finished until the customer is
    called back.

    Complaint, repair and paid-service callbacks are due 24 h after the work is done and
    must reach 100 %; an unsatisfied answer is reported to 資產管理部 (the head) and the
    area manager and raises a liaison letter (工作聯繫函) to the responsible department
    — and reopens the work when it is ours to redo (000 §四(2)5). "Unreachable" is no
    completed callback: it takes attempts on several days, and the rate shows it apart.
    """

    _name = "property.crm.callback"
    _description = "Customer Callback"
    _sequence_code = "property.crm.callback"
    _clock_escalation_subtype = "property_crm.mt_callback_escalation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "property.crm.sla.mixin",
        "property.crm.workflow.mixin",
    ]
    _order = "deadline, id"
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "done_at",
        "done_by_id",
        "escalated",
        "liaison_letter_id",
        "sla_status",
        "sla_deadline",
        "completed",
        "completion_rate",
        "is_late",
        "unreachable_count",
        "unreachable_rate",
    )

    name = fields.Char(
        string="Number",
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    callback_type = fields.Selection(
        [
            ("complaint", "Complaint"),
            ("repair", "Repair"),
            ("survey", "Survey"),
            ("paid_service", "Paid Service"),
        ],
        string="Type",
        required=True,
        index=True,
        tracking=True,
    )
    method = fields.Selection(
        [
            ("letter", "Letter"),
            ("phone", "Phone"),
            ("wechat", "WeChat"),
            ("face_to_face", "Face to Face"),
        ],
        required=True,
        default="phone",
        tracking=True,
    )
    complaint_id = fields.Many2one(
        "property.crm.complaint", index=True, ondelete="cascade", check_company=True
    )
    repair_order_id = fields.Many2one(
        "property.crm.repair.order", index=True, ondelete="cascade", check_company=True
    )
    survey_user_input_id = fields.Many2one(
        "survey.user_input", string="Survey Answer", index=True, ondelete="set null"
    )
    survey_question_id = fields.Many2one(
        "survey.question", string="Unsatisfied Item", ondelete="set null"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    partner_phone = fields.Char(
        string="Phone",
        compute="_compute_partner_phone",
        help="The number to call, masked without the privilege.",
    )
    unit_id = fields.Many2one("property.crm.unit", index=True, check_company=True)
    area_id = fields.Many2one(
        "property.crm.area",
        compute="_compute_area_id",
        store=True,
        index=True,
        precompute=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Called Back By",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    deadline = fields.Datetime(
        required=True,
        index=True,
        tracking=True,
        default=lambda self: fields.Datetime.now() + CALLBACK_DELAY,
    )
    state = fields.Selection(
        [
            ("todo", "To Do"),
            ("done", "Done"),
            ("unreachable", "Unreachable"),
            ("cancelled", "Cancelled"),
        ],
        default="todo",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    done_at = fields.Datetime(readonly=True, copy=False)
    done_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        help="Who recorded the callback: the staff KPIs credit the callback to them.",
    )
    attempt_ids = fields.One2many(
        "property.crm.callback.attempt", "callback_id", string="Attempts"
    )
    attempt_count = fields.Integer(compute="_compute_attempt_count", store=True)
    attempt_day_count = fields.Integer(
        string="Days Tried",
        compute="_compute_attempt_count",
        store=True,
        help="Distinct local days with an attempt: several attempts on one day count "
        "once towards marking the customer unreachable.",
    )
    attempt_note = fields.Char(
        help="What happened when the customer could not be reached."
    )
    # what the customer says (seed 000 §四(2)4)
    rating_quality = fields.Selection(RATINGS, string="Service Quality", default="0")
    rating_attitude = fields.Selection(RATINGS, string="Service Attitude", default="0")
    rating_satisfaction = fields.Selection(
        RATINGS, string="Overall Satisfaction", default="0"
    )
    charged_amount = fields.Monetary(
        currency_field="currency_id", help="What the customer was charged."
    )
    price_confirmed = fields.Boolean(
        string="Price Checked",
        help="The customer confirms what was charged (收費價格核實).",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    shortcomings = fields.Text(help="缺點與不足")
    suggestions = fields.Text(help="客戶建議")
    outcome = fields.Selection(
        [("satisfied", "Satisfied"), ("unsatisfied", "Unsatisfied")],
        tracking=True,
        copy=False,
    )
    unsatisfied_action = fields.Selection(
        [
            ("letter", "Liaison Letter to the Department"),
            ("reopen", "Reopen the Work (and Liaison Letter)"),
        ],
        string="When Unsatisfied",
        compute="_compute_unsatisfied_action",
        store=True,
        readonly=False,
        help=(
            "Seed 000 §四(2)5: an unsatisfactory callback is reported to the head of "
            "asset management and goes to the responsible department by liaison "
            "letter; work that is ours to redo is also reopened (the letter still "
            "goes when a responsible department is set)."
        ),
    )
    letter_department_id = fields.Many2one(
        "hr.department",
        string="Responsible Department",
        compute="_compute_letter_department_id",
        store=True,
        readonly=False,
    )
    liaison_letter_id = fields.Many2one(
        "property.crm.liaison.letter", readonly=True, copy=False
    )
    escalated = fields.Boolean(compute="_compute_due_clock", store=True)
    # callback rate (seed 000 §四(2)2, 100 %): measures for the pivot; a customer
    # marked unreachable was not called back, it is shown apart
    completed = fields.Boolean(string="Reached", compute="_compute_rate", store=True)
    completion_rate = fields.Float(
        string="Callback Rate (%)",
        compute="_compute_rate",
        store=True,
        aggregator="avg",
        help="Share of the callbacks where the customer was reached and answered.",
    )
    unreachable_count = fields.Integer(
        string="Unreachable",
        compute="_compute_rate",
        store=True,
        aggregator="sum",
    )
    unreachable_rate = fields.Float(
        string="Unreachable (%)",
        compute="_compute_rate",
        store=True,
        aggregator="avg",
    )
    target_rate = fields.Float(
        string="Target Rate (%)", compute="_compute_rate", store=True, aggregator="avg"
    )
    is_late = fields.Boolean(compute="_compute_rate", store=True)

    def _clock_is_closed(self):
        return self.state != "todo"

    @api.depends("clock_ids.escalated_at", "clock_ids.breached")
    def _compute_due_clock(self):
        for callback in self:
            line = callback._clock_lines().get("callback_due")
            callback.escalated = bool(line and line.breached and line.escalated_at)

    @api.depends(
        "complaint_id.area_id",
        "repair_order_id.area_id",
        "unit_id.area_id",
        "partner_id.property_area_id",
    )
    def _compute_area_id(self):
        for callback in self:
            callback.area_id = (
                callback.complaint_id.area_id
                or callback.repair_order_id.area_id
                or callback.unit_id.area_id
                or callback.partner_id.property_area_id
            )

    @api.depends_context("uid")
    @api.depends("partner_id.mobile", "partner_id.phone")
    def _compute_partner_phone(self):
        level = self.env["res.partner"]._property_crm_access_level()
        for callback in self:
            number = callback.partner_id.mobile or callback.partner_id.phone
            callback.partner_phone = (
                number if level == "full" else mask_phone(number) if number else False
            )

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if (
            "partner_phone" in fnames
            and self.env["res.partner"]._property_crm_access_level() == "full"
        ):
            # the real number of a customer is confidential:
            # every unmasked read is logged
            shown = self.browse(
                [vals["id"] for vals in result if vals.get("partner_phone")]
            )
            customers = shown.partner_id.filtered("customer_kind")
            Log = self.env["property.crm.access.log"]
            Log._log_access_for(customers.filtered("mobile"), ["mobile"])
            Log._log_access_for(
                customers.filtered(lambda partner: not partner.mobile), ["phone"]
            )
        return result

    @api.depends("attempt_ids.tried_on")
    def _compute_attempt_count(self):
        for callback in self:
            callback.attempt_count = len(callback.attempt_ids)
            callback.attempt_day_count = len(
                set(callback.attempt_ids.mapped("tried_on"))
            )

    @api.depends("callback_type")
    def _compute_unsatisfied_action(self):
        # 000 §四(2)5: by default the responsible department gets a liaison letter
        for callback in self:
            if not callback.unsatisfied_action:
                callback.unsatisfied_action = "letter"

    @api.depends("complaint_id", "repair_order_id")
    def _compute_letter_department_id(self):
        for callback in self:
            if callback.letter_department_id:
                continue
            sheets = callback.complaint_id.handling_sheet_ids.filtered(
                lambda s: s.state != "cancelled"
            )
            callback.letter_department_id = (
                sheets[:1].department_id
                or callback.complaint_id.category_id.department_id
                or callback.repair_order_id.department_id
            )

    @api.depends(
        "state",
        "callback_type",
        "deadline",
        "done_at",
        "company_id.property_crm_survey_callback_target",
    )
    def _compute_rate(self):
        for callback in self:
            callback.completed = callback.state == "done"
            callback.completion_rate = 100.0 if callback.completed else 0.0
            unreachable = callback.state == "unreachable"
            callback.unreachable_count = 1 if unreachable else 0
            callback.unreachable_rate = 100.0 if unreachable else 0.0
            callback.target_rate = (
                callback.company_id.property_crm_survey_callback_target
                if callback.callback_type == "survey"
                else 100.0
            )
            callback.is_late = bool(
                callback.done_at
                and callback.deadline
                and callback.done_at > callback.deadline
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_deadline_vals(vals_list)
        callbacks = super().create(vals_list)
        for callback in callbacks:
            callback.activity_schedule(
                "property_crm.mail_activity_type_callback",
                date_deadline=callback._clock_local_date(
                    callback.deadline, callback.user_id
                ),
                summary=self.env._("Call back %s", callback.partner_id.name),
                user_id=callback.user_id.id,
            )
        return callbacks

    def _check_write_lock(self, vals):
        """The deadline of a callback is the system's (24 h after the work, seed
        000 §四(2)1); the work it belongs to is fixed."""
        for fname in ("deadline", "complaint_id", "repair_order_id", "callback_type"):
            if fname in vals and not self._is_unchanged(fname, vals[fname]):
                raise UserError(
                    self.env._(
                        "%s of a callback cannot be changed.",
                        self._fields[fname]._description_string(self.env),
                    )
                )

    @api.model
    def _check_deadline_vals(self, vals_list):
        """A callback logged by hand is due within 24 h at most."""
        if self.env.su:
            return
        latest = fields.Datetime.now() + CALLBACK_DELAY
        for vals in vals_list:
            try:
                deadline = fields.Datetime.to_datetime(vals.get("deadline"))
            except (TypeError, ValueError):
                continue  # a malformed date: the input validation explains it
            if deadline and deadline > latest:
                raise ValidationError(
                    self.env._(
                        "%s: a callback is due within 24 hours of the work.",
                        self._fields["deadline"]._description_string(self.env),
                    )
                )

    def _check_caller(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(self.env._("Only customer service records callbacks."))

    def action_log_attempt(self):
        """Record a failed attempt to reach the customer."""
        self._check_caller()
        for callback in self:
            if callback.state != "todo":
                raise UserError(self.env._("Callback %s is not open.", callback.name))
            # attempts are written here only: their time is the server's
            self.env["property.crm.callback.attempt"].sudo().create(
                {
                    "callback_id": callback.id,
                    "method": callback.method,
                    "note": callback.attempt_note or self.env._("No answer"),
                }
            )
            callback.attempt_note = False
        return True

    def action_mark_unreachable(self):
        """The customer could not be reached: only after attempts on as many
        different local days as the company requires (several on one day count
        once)."""
        self._check_caller()
        for callback in self:
            if callback.state != "todo":
                raise UserError(self.env._("Callback %s is not open.", callback.name))
            required = max(callback.company_id.property_crm_callback_attempts, 1)
            if callback.attempt_day_count < required:
                raise UserError(
                    self.env._(
                        "Try to reach the customer on at least %(count)s different "
                        "days before marking callback %(name)s unreachable (tried on "
                        "%(days)s day(s) so far).",
                        count=required,
                        name=callback.name,
                        days=callback.attempt_day_count,
                    )
                )
        self._workflow_write(
            {
                "state": "unreachable",
                "done_at": fields.Datetime.now(),
                "done_by_id": self.env.user.id,
            }
        )
        self.activity_feedback(["property_crm.mail_activity_type_callback"])
        return True

    def action_done(self):
        """Record the customer's answers; an unsatisfied outcome becomes work."""
        self._check_caller()
        for callback in self:
            if callback.state != "todo":
                raise UserError(self.env._("Callback %s is not open.", callback.name))
            if not callback.outcome:
                raise UserError(
                    self.env._(
                        "Record whether the customer is satisfied (%s).", callback.name
                    )
                )
            # the letter is the rule; nothing to reopen (a survey answer): the
            # letter is the only way
            to_letter = callback.unsatisfied_action == "letter" or not (
                callback.complaint_id or callback.repair_order_id
            )
            if (
                callback.outcome == "unsatisfied"
                and to_letter
                and not callback.letter_department_id
            ):
                raise UserError(
                    self.env._("Choose the department the liaison letter goes to.")
                )
        self._workflow_write(
            {
                "state": "done",
                "done_at": fields.Datetime.now(),
                "done_by_id": self.env.user.id,
            }
        )
        self.activity_feedback(["property_crm.mail_activity_type_callback"])
        for callback in self.filtered(lambda c: c.outcome == "unsatisfied"):
            callback._handle_unsatisfied()
        return True

    def _handle_unsatisfied(self):
        """000 §四(2)5: reported to 資產管理部 (the head) and the area manager, passed
        to the responsible department by 工作聯繫函; the work is also reopened when it
        is ours to redo."""
        self.ensure_one()
        work = self.complaint_id or self.repair_order_id
        what = []
        if self.unsatisfied_action == "reopen" and work:
            work.sudo()._reopen_after_callback(self)
            what.append(self.env._("reopened %s", work.display_name))
        if self.letter_department_id:
            letter = (
                self.env["property.crm.liaison.letter"]
                .sudo()
                .create(
                    {
                        "company_id": self.company_id.id,
                        "complaint_id": self.complaint_id.id,
                        "callback_id": self.id,
                        # from the caller's department, else the area manager's
                        # (customer service)
                        "from_department_id": (
                            self.user_id.employee_ids[:1].department_id
                            or self.area_id.manager_id.employee_ids[:1].department_id
                            or self.letter_department_id
                        ).id,
                        "to_department_id": self.letter_department_id.id,
                        "subject": self.env._("Unsatisfied callback %s", self.name),
                        "description": self._unsatisfied_summary(),
                    }
                )
            )
            self._workflow_write({"liaison_letter_id": letter.id})
            self.liaison_letter_id.action_send()
            what.append(
                self.env._("raised liaison letter %s", self.liaison_letter_id.name)
            )
        heads = self._sla_head_users(self.company_id)
        informed = (self.area_id.manager_id | heads).filtered(
            lambda user: user.active and not user.share
        )
        body = self.env._(
            "The customer is not satisfied (callback %(name)s): reported to the head "
            "of asset management; %(what)s.",
            name=self.name,
            what="; ".join(what),
        )
        summary = self.env._("Unsatisfied callback %s", self.name)
        for user in informed:
            self.activity_schedule(
                "property_crm.mail_activity_type_escalation",
                date_deadline=fields.Date.context_today(self),
                summary=summary,
                note=body,
                user_id=user.id,
            )
        self.message_post(
            body=body,
            subtype_xmlid="property_crm.mt_callback_unsatisfied",
            partner_ids=informed.partner_id.ids,
        )

    def _unsatisfied_summary(self):
        self.ensure_one()
        parts = [self.env._("Customer: %s", self.partner_id.name)]
        if self.survey_question_id:
            parts.append(self.env._("Item: %s", self.survey_question_id.title))
        if self.shortcomings:
            parts.append(self.env._("Shortcomings: %s", self.shortcomings))
        if self.suggestions:
            parts.append(self.env._("Suggestions: %s", self.suggestions))
        return Markup("<br/>").join(parts)

    def action_cancel(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "property_crm.group_supervisor"
        ):
            raise AccessError(self.env._("Only a supervisor may cancel a callback."))
        self.filtered(lambda c: c.state == "todo")._workflow_write(
            {"state": "cancelled"}
        )
        self.activity_unlink(["property_crm.mail_activity_type_callback"])
        return True


class PropertyCrmCallbackAttempt(models.Model):
    """An attempt to reach the customer for a callback. Written by
    ``action_log_attempt`` only, at the server's time: read-only for every role, so
    that nobody backdates attempts to mark a customer unreachable."""

    _name = "property.crm.callback.attempt"
    _description = "Callback Attempt"
    _order = "tried_at desc, id desc"

    callback_id = fields.Many2one(
        "property.crm.callback", required=True, ondelete="cascade", index=True
    )
    tried_at = fields.Datetime(required=True, default=fields.Datetime.now)
    tried_on = fields.Date(
        string="Day",
        compute="_compute_tried_on",
        store=True,
        help="The local day of the attempt (the company's timezone).",
    )
    user_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user
    )
    method = fields.Selection(
        [
            ("letter", "Letter"),
            ("phone", "Phone"),
            ("wechat", "WeChat"),
            ("face_to_face", "Face to Face"),
        ],
        required=True,
        default="phone",
    )
    note = fields.Char()

    @api.depends("tried_at", "callback_id.company_id")
    def _compute_tried_on(self):
        for attempt in self:
            attempt.tried_on = local_time.local_date(
                self.env, attempt.callback_id.company_id, attempt.tried_at
            )
