from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, create_index, email_normalize

from .property_crm_callback import CALLBACK_DELAY
from .property_crm_sla_mixin import SLA_STATUS

# The clocks of seed 000 §四(1) (房屋租賃客戶關係維護工作制度)
FEEDBACK_DELAY = timedelta(hours=24)  # 4)C: feedback to the customer within 24 h
REPORT_DELAY = timedelta(
    minutes=10
)  # 5)A: major complaint reported to the head within 10 min
RESOLVE_DELAY = timedelta(hours=12)  # 5)B: major complaint resolved within 12 h
UPGRADE_DELAY = timedelta(days=10)  # 1.2)D: not resolved within 10 days -> major
OPEN_STATES = ("new", "handling")
BATCH_SIZE = 200


class PropertyCrmComplaint(models.Model):
    """客戶投訴記錄表 ZC-QR-027: a customer complaint and the clocks that drive it.

    Minor complaints: feedback within 24 h, upgraded to major after 10 days.
    Major complaints: reported to the head (資產管理部負責人) within 10 min — by the
    system itself when nobody did — and resolved with the customer's agreement
    within 12 h.
    """

    _name = "property.crm.complaint"
    _description = "Customer Complaint"
    _sequence_code = "property.crm.complaint"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "property.crm.sla.mixin",
        "property.crm.workflow.mixin",
    ]
    _order = "received_at desc, id desc"
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "feedback_at",
        "reported_at",
        "reported_by_id",
        "report_breached",
        "resolved_at",
        "closed_at",
        "feedback_escalated",
        "resolve_escalated",
        "major_since",
        "upgraded_at",
        "claim_state",
        "claim_approved_by_id",
    )
    _primary_email = "email_from"

    name = fields.Char(
        string="Number",
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    active = fields.Boolean(
        default=True,
        help="Closed complaints are archived with their records after a while.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        domain=[("customer_kind", "!=", False)],
    )
    email_from = fields.Char(
        string="Email", help="Sender of a complaint received by email."
    )
    is_group_complaint = fields.Boolean(
        string="Group Complaint",
        tracking=True,
        help="群訴: several customers, one incident.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "property_crm_complaint_partner_rel",
        "complaint_id",
        "partner_id",
        string="Other Complainants",
        domain=[("customer_kind", "!=", False)],
    )
    unit_id = fields.Many2one(
        "property.crm.unit", index=True, tracking=True, check_company=True
    )
    building_id = fields.Many2one(
        "property.crm.building",
        compute="_compute_building_id",
        store=True,
        readonly=False,
        index=True,
        precompute=True,
        check_company=True,
    )
    area_id = fields.Many2one(
        "property.crm.area",
        related="building_id.area_id",
        store=True,
        index=True,
        precompute=True,
    )
    area_manager_id = fields.Many2one(
        related="area_id.manager_id", string="Area Manager"
    )
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("hotline", "24 h Hotline"),
            ("email", "Email"),
            ("portal", "Portal"),
            ("wechat", "WeChat"),
            ("qq", "QQ"),
            ("walk_in", "Walk-in"),
            ("letter", "Letter"),
            ("visit", "Visit"),
        ],
        required=True,
        default="phone",
        tracking=True,
    )
    received_at = fields.Datetime(
        required=True, default=fields.Datetime.now, tracking=True, index=True
    )
    received_by_id = fields.Many2one(
        "res.users",
        string="First Responsible",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        help=(
            "首問責任人: who received the complaint; "
            "calls the customer back for minor complaints."
        ),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handled By",
        tracking=True,
        index=True,
        default=lambda self: self.env.user,
    )
    category_id = fields.Many2one(
        "property.crm.complaint.category", tracking=True, index=True
    )
    description = fields.Html(required=True)
    customer_demand = fields.Text()
    severity = fields.Selection(
        [("minor", "Minor"), ("major", "Major")],
        required=True,
        default="minor",
        tracking=True,
        index=True,
    )
    major_reason = fields.Selection(
        [
            (
                "a_contract",
                "A. Promised or contracted service not delivered, raised repeatedly",
            ),
            ("b_neighbour", "B. Neighbouring unit or other non-company cause"),
            ("c_loss", "C. Major economic loss or injury through management fault"),
            ("d_overdue", "D. Not reasonably resolved within 10 days"),
        ],
        tracking=True,
    )
    major_since = fields.Datetime(
        readonly=True, copy=False, help="When the complaint became major."
    )
    upgraded_at = fields.Datetime(readonly=True, copy=False)
    validity = fields.Selection(
        [("valid", "Valid"), ("unreasonable", "Unreasonable")],
        required=True,
        default="valid",
        tracking=True,
    )
    explanation = fields.Text(
        help="The explanation given for an unreasonable complaint."
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("handling", "Handling"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    # clocks
    feedback_deadline = fields.Datetime(readonly=True, copy=False)
    feedback_at = fields.Datetime(
        string="First Feedback At", readonly=True, copy=False, tracking=True
    )
    feedback_note = fields.Text(string="Feedback to Customer")
    feedback_escalated = fields.Boolean(readonly=True, copy=False)
    report_deadline = fields.Datetime(readonly=True, copy=False)
    reported_at = fields.Datetime(readonly=True, copy=False, tracking=True)
    reported_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    report_breached = fields.Boolean(
        readonly=True,
        copy=False,
        help="Nobody reported in time: the system reported it itself.",
    )
    resolve_deadline = fields.Datetime(readonly=True, copy=False)
    resolve_escalated = fields.Boolean(
        readonly=True,
        copy=False,
        help="Past 12 h unresolved: escalated to the head, under follow-up.",
    )
    upgrade_deadline = fields.Datetime(readonly=True, copy=False)
    resolved_at = fields.Datetime(readonly=True, copy=False, tracking=True)
    resolution = fields.Html(copy=False)
    customer_agreed = fields.Boolean(
        string="Customer Agrees",
        copy=False,
        tracking=True,
        help="The customer agrees with the solution (客戶認同).",
    )
    closed_at = fields.Datetime(readonly=True, copy=False)
    feedback_breached = fields.Boolean(compute="_compute_breaches", store=True)
    resolve_breached = fields.Boolean(compute="_compute_breaches", store=True)
    sla_deadline = fields.Datetime(
        string="Next Deadline", compute="_compute_sla", store=True, index=True
    )
    sla_due_soon_at = fields.Datetime(
        compute="_compute_sla",
        store=True,
        help="Next moment a running clock enters its last fifth: the watchdog "
        "refreshes the statuses then.",
    )
    sla_status = fields.Selection(
        SLA_STATUS, string="SLA Status", compute="_compute_sla", store=True, index=True
    )
    feedback_sla = fields.Selection(
        SLA_STATUS, string="24 h Feedback", compute="_compute_sla", store=True
    )
    report_sla = fields.Selection(
        SLA_STATUS, string="10 min Report", compute="_compute_sla", store=True
    )
    resolve_sla = fields.Selection(
        SLA_STATUS, string="12 h Resolution", compute="_compute_sla", store=True
    )
    # claim (索賠)
    claim_amount = fields.Monetary(currency_field="currency_id", tracking=True)
    claim_state = fields.Selection(
        [
            ("none", "No Claim"),
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        compute="_compute_claim_state",
        store=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    claim_approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    # handling
    handling_sheet_ids = fields.One2many(
        "property.crm.handling.sheet", "complaint_id", string="Handling Sheets"
    )
    handling_sheet_count = fields.Integer(compute="_compute_counts")
    liaison_letter_ids = fields.One2many(
        "property.crm.liaison.letter", "complaint_id", string="Liaison Letters"
    )
    liaison_letter_count = fields.Integer(compute="_compute_counts")
    callback_ids = fields.One2many(
        "property.crm.callback", "complaint_id", string="Callbacks"
    )
    repair_order_ids = fields.One2many(
        "property.crm.repair.order", "complaint_id", string="Repair Orders"
    )
    case_ids = fields.One2many("property.crm.case", "complaint_id", string="Cases")
    related_case_ids = fields.Many2many(
        "property.crm.case",
        string="Similar Cases",
        compute="_compute_related_case_ids",
        help=(
            "Published cases of the same category or "
            "tags: how earlier complaints were handled."
        ),
    )

    def init(self):
        res = super().init()
        # partial indexes: the watchdog only ever scans records that still wait
        # for a clock
        table = self._table
        open_states = "state IN ('new', 'handling')"
        create_index(
            self.env.cr,
            "property_crm_complaint_feedback_due_idx",
            table,
            ["feedback_deadline"],
            where=(
                "feedback_at IS NULL AND feedback_escalated IS NOT TRUE "
                f"AND {open_states}"
            ),
        )
        create_index(
            self.env.cr,
            "property_crm_complaint_report_due_idx",
            table,
            ["report_deadline"],
            where=f"reported_at IS NULL AND {open_states}",
        )
        create_index(
            self.env.cr,
            "property_crm_complaint_resolve_due_idx",
            table,
            ["resolve_deadline"],
            where=(
                "resolved_at IS NULL AND resolve_escalated IS NOT TRUE "
                f"AND {open_states}"
            ),
        )
        create_index(
            self.env.cr,
            "property_crm_complaint_upgrade_due_idx",
            table,
            ["upgrade_deadline"],
            where=f"severity = 'minor' AND {open_states}",
        )
        self.env.cr.execute("DROP INDEX IF EXISTS property_crm_complaint_due_soon_idx")
        create_index(
            self.env.cr,
            "property_crm_complaint_next_due_soon_idx",
            table,
            ["sla_due_soon_at"],
            where="sla_due_soon_at IS NOT NULL",
        )
        return res

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    @api.depends("unit_id")
    def _compute_building_id(self):
        for complaint in self:
            if complaint.unit_id:
                complaint.building_id = complaint.unit_id.building_id

    @api.depends("category_id", "description")
    def _compute_related_case_ids(self):
        Case = self.env["property.crm.case"]
        for complaint in self:
            text = complaint.description and str(complaint.description) or ""
            complaint.related_case_ids = Case._related_to(complaint.category_id, text)

    @api.depends("claim_amount")
    def _compute_claim_state(self):
        """A claim amount is a claim waiting for approval; approvals are kept."""
        for complaint in self:
            if not complaint.claim_amount:
                complaint.claim_state = "none"
            elif complaint.claim_state in (False, "none", "refused"):
                complaint.claim_state = "requested"

    def _compute_access_url(self):
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    def _compute_counts(self):
        for complaint in self:
            complaint.handling_sheet_count = len(complaint.handling_sheet_ids)
            complaint.liaison_letter_count = len(complaint.liaison_letter_ids)

    @api.depends(
        "feedback_escalated",
        "feedback_at",
        "feedback_deadline",
        "resolve_escalated",
        "resolved_at",
        "resolve_deadline",
    )
    def _compute_breaches(self):
        for complaint in self:
            complaint.feedback_breached = complaint.feedback_escalated or bool(
                complaint.feedback_at
                and complaint.feedback_deadline
                and complaint.feedback_at > complaint.feedback_deadline
            )
            complaint.resolve_breached = complaint.resolve_escalated or bool(
                complaint.resolved_at
                and complaint.resolve_deadline
                and complaint.resolved_at > complaint.resolve_deadline
            )

    def _clocks(self):
        """The complaint's clocks: {name: (start, deadline, stopped_at, escalated)}."""
        self.ensure_one()
        return {
            "feedback": (
                self.received_at,
                self.feedback_deadline,
                self.feedback_at,
                self.feedback_escalated,
            ),
            "report": (
                self.major_since,
                self.report_deadline,
                self.reported_at,
                self.report_breached,
            ),
            "resolve": (
                self.major_since,
                self.resolve_deadline,
                self.resolved_at,
                self.resolve_escalated,
            ),
        }

    def _clock_status(self, clock, now):
        start, deadline, stopped_at, escalated = clock
        if not deadline:
            return False
        if escalated or (stopped_at and stopped_at > deadline):
            return "breached"
        if stopped_at or self.state not in OPEN_STATES:
            return "done"
        if now >= deadline:
            return "breached"
        if now >= self._sla_due_soon_at(start, deadline):
            return "due_soon"
        return "on_track"

    def _pending_clocks(self):
        """(start, deadline) of each clock this complaint still waits for."""
        self.ensure_one()
        if self.state not in OPEN_STATES:
            return []
        clocks = [
            (start, deadline)
            for start, deadline, stopped_at, escalated in self._clocks().values()
            if deadline and not stopped_at and not escalated
        ]
        if self.upgrade_deadline and self.severity == "minor":
            clocks.append((self.received_at, self.upgrade_deadline))
        return clocks

    @api.depends(
        "state",
        "severity",
        "received_at",
        "major_since",
        "feedback_deadline",
        "feedback_at",
        "feedback_escalated",
        "report_deadline",
        "reported_at",
        "report_breached",
        "resolve_deadline",
        "resolved_at",
        "resolve_escalated",
        "upgrade_deadline",
    )
    def _compute_sla(self):
        """Per-clock and overall SLA status. Status depends on the time: the watchdog
        recomputes it at each clock's due-soon moment (``sla_due_soon_at``)."""
        now = fields.Datetime.now()
        for complaint in self:
            clocks = complaint._clocks()
            statuses = {
                name: complaint._clock_status(clock, now)
                for name, clock in clocks.items()
            }
            complaint.feedback_sla = statuses["feedback"]
            complaint.report_sla = statuses["report"]
            complaint.resolve_sla = statuses["resolve"]
            pending = complaint._pending_clocks()
            complaint.sla_deadline = min(
                (deadline for _start, deadline in pending), default=False
            )
            due_soon_moments = [
                self._sla_due_soon_at(start, deadline) for start, deadline in pending
            ]
            complaint.sla_due_soon_at = min(
                (moment for moment in due_soon_moments if moment > now), default=False
            )
            if complaint.state in ("resolved", "closed", "cancelled"):
                complaint.sla_status = "done"
            elif "breached" in statuses.values():
                complaint.sla_status = "breached"
            elif any(moment <= now for moment in due_soon_moments):
                complaint.sla_status = "due_soon"
            else:
                complaint.sla_status = "on_track"

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("severity", "major_reason")
    def _check_major_reason(self):
        for complaint in self:
            if complaint.severity == "major" and not complaint.major_reason:
                raise ValidationError(
                    self.env._(
                        "A major complaint needs its reason (A, B, C or D) — %s.",
                        complaint.name,
                    )
                )

    @api.constrains("claim_amount")
    def _check_claim_amount(self):
        for complaint in self:
            if complaint.claim_amount < 0:
                raise ValidationError(self.env._("A claim amount cannot be negative."))

    @api.constrains("partner_id", "email_from")
    def _check_customer(self):
        for complaint in self:
            if not complaint.partner_id and not complaint.email_from:
                raise ValidationError(
                    self.env._("A complaint needs the customer who complains.")
                )

    # ------------------------------------------------------------------
    # onchanges and CRUD
    # ------------------------------------------------------------------

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id and not self.unit_id:
            self.unit_id = self.partner_id.property_unit_id

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        now = fields.Datetime.now()
        for complaint in complaints:
            vals = {
                "received_at": complaint.received_at,
                "severity": complaint.severity,
                "validity": complaint.validity,
            }
            complaint._prepare_clocks(vals, complaint.partner_id, now)
            vals = {
                k: v
                for k, v in vals.items()
                if k not in ("severity", "validity", "received_at")
            }
            complaint._workflow_write(vals)
        complaints._sla_schedule_pending()
        return complaints

    @api.model
    def _prepare_clocks(self, vals, partner, now):
        """Deadlines of a new complaint, set in its creation values (no extra write)."""
        received_at = fields.Datetime.to_datetime(vals.get("received_at")) or now
        vals["received_at"] = received_at
        if vals.get("validity", "valid") == "valid":
            factor = partner.grade_id.sla_factor or 1.0
            vals.setdefault("feedback_deadline", received_at + FEEDBACK_DELAY * factor)
            vals.setdefault("upgrade_deadline", received_at + UPGRADE_DELAY)
        if vals.get("severity") == "major":
            vals.setdefault("major_since", received_at)
            vals.setdefault("report_deadline", received_at + REPORT_DELAY)
            vals.setdefault("resolve_deadline", received_at + RESOLVE_DELAY)

    def _check_write_lock(self, vals):
        if "claim_amount" in vals and any(
            complaint.claim_state == "approved"
            and complaint.claim_amount != vals["claim_amount"]
            for complaint in self
        ):
            raise UserError(self.env._("An approved claim cannot be changed."))

    def write(self, vals):
        became_major = self.browse()
        if vals.get("severity") == "major":
            became_major = self.filtered(
                lambda complaint: complaint.severity == "minor"
            )
        res = super().write(vals)
        for complaint in became_major:
            complaint._start_major_clocks(fields.Datetime.now())
        if "validity" in vals:
            for complaint in self.filtered(
                lambda c: c.validity == "unreasonable" and c.state in OPEN_STATES
            ):
                complaint._workflow_write(
                    {"feedback_deadline": False, "upgrade_deadline": False}
                )
        return res

    def _sla_schedule_pending(self):
        moments = []
        for complaint in self:
            for start, deadline in complaint._pending_clocks():
                moments += [deadline, self._sla_due_soon_at(start, deadline)]
        self._sla_schedule(moments)

    def _start_major_clocks(self, since):
        self.ensure_one()
        self._workflow_write(
            {
                "major_since": since,
                "report_deadline": since + REPORT_DELAY,
                "resolve_deadline": since + RESOLVE_DELAY,
            }
        )
        self._sla_schedule_pending()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if self.env.context.get("property_crm_retention"):
            return
        for complaint in self:
            if complaint.state != "new" or complaint.handling_sheet_ids:
                raise UserError(
                    self.env._(
                        "Complaint %s is being handled: "
                        "cancel it instead of deleting it.",
                        complaint.name,
                    )
                )

    # ------------------------------------------------------------------
    # mail
    # ------------------------------------------------------------------

    def _mail_get_partner_fields(self, introspect_fields=False):
        """The customer of a complaint is ``partner_id``; the other complainants of a
        group complaint are not its customer for portal links and suggestions."""
        return ["partner_id"]

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the complaints alias becomes a complaint of the matching
        customer."""
        values = dict(custom_values or {})
        email_from = msg_dict.get("email_from") or ""
        partner = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        normalized = email_normalize(email_from)
        if not partner.customer_kind and normalized:
            # the sender may be a contact that is not the customer: find the customer
            partner = self.env["res.partner"].search(
                [("email_normalized", "=", normalized), ("customer_kind", "!=", False)],
                limit=1,
            )
        values.setdefault("channel", "email")
        values.setdefault("email_from", email_from)
        values.setdefault(
            "description", msg_dict.get("body") or msg_dict.get("subject") or ""
        )
        if partner.customer_kind:
            values.setdefault("partner_id", partner.id)
            values.setdefault("unit_id", partner.property_unit_id.id)
        return super().message_new(msg_dict, custom_values=values)

    def _message_post_after_hook(self, message, msg_vals):
        """A message sent to the customer counts as the first feedback (24 h clock)."""
        res = super()._message_post_after_hook(message, msg_vals)
        subtype = message.subtype_id
        if not subtype or not message.author_id.user_ids.filtered(
            lambda user: not user.share
        ):
            return res
        feedback_subtype = self.env.ref("property_crm.mt_complaint_feedback")
        for complaint in self.filtered(
            lambda c: not c.feedback_at and c.state in OPEN_STATES
        ):
            to_customer = complaint.partner_id and complaint.partner_id in (
                message.partner_ids | complaint.message_partner_ids
            )
            if subtype == feedback_subtype or (
                subtype == self.env.ref("mail.mt_comment") and to_customer
            ):
                complaint._workflow_write(
                    {"feedback_at": message.date or fields.Datetime.now()}
                )
        return res

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def _check_group(self, group_xmlid):
        if not self.env.is_superuser() and not self.env.user.has_group(group_xmlid):
            raise AccessError(
                self.env._(
                    "Only %(group)s may do this on complaint %(name)s.",
                    group=self.env.ref(group_xmlid).name,
                    name=", ".join(self.mapped("name")),
                )
            )

    def _check_open(self):
        for complaint in self:
            if complaint.state not in OPEN_STATES:
                raise UserError(
                    self.env._("Complaint %s is no longer open.", complaint.name)
                )

    def action_log_feedback(self):
        """Record the feedback given to the customer (phone, visit...): stops the 24 h
        clock."""
        self._check_group("property_crm.group_specialist")
        self._check_open()
        for complaint in self:
            if not complaint.feedback_note:
                raise UserError(
                    self.env._("Write the feedback given to the customer first.")
                )
            complaint.message_post(
                body=complaint.feedback_note,
                subtype_xmlid="property_crm.mt_complaint_feedback",
            )
            complaint._workflow_write(
                {
                    "feedback_at": complaint.feedback_at or fields.Datetime.now(),
                    "feedback_note": False,
                }
            )
        return True

    def action_start_handling(self):
        self._check_group("property_crm.group_specialist")
        self._check_open()
        self.filtered(lambda c: c.state == "new")._workflow_write({"state": "handling"})
        return True

    def action_report_to_head(self):
        """5)A: the area manager reports a major complaint to the head within 10
        minutes."""
        self._check_group("property_crm.group_area_manager")
        self._check_open()
        for complaint in self:
            if complaint.severity != "major":
                raise UserError(
                    self.env._("Only major complaints are reported to the head.")
                )
            if complaint.reported_at:
                raise UserError(
                    self.env._("Complaint %s was already reported.", complaint.name)
                )
            complaint._report_to_head(self.env.user)
        return True

    def _report_to_head(self, reporter, automatic=False):
        self.ensure_one()
        now = fields.Datetime.now()
        heads = self._sla_head_users(self.company_id)
        vals = {"reported_at": now, "reported_by_id": reporter.id}
        if automatic:
            vals["report_breached"] = True
        self._workflow_write(vals)
        if automatic:
            summary = self.env._(
                "Major complaint %s not reported within 10 minutes", self.name
            )
            body = self.env._(
                "Nobody reported major complaint %(name)s within "
                "10 minutes of %(since)s: the system reported it "
                "to the head and recorded the breach.",
                name=self.name,
                since=fields.Datetime.to_string(self.major_since),
            )
            self._sla_escalate(heads, summary, body)
        else:
            self.message_post(
                body=self.env._(
                    "Major complaint reported to the head by %s.", reporter.name
                ),
                subtype_xmlid="property_crm.mt_complaint_reported",
                partner_ids=heads.partner_id.ids,
            )

    def action_resolve(self):
        """Resolved with the customer's agreement; the callback follows within 24 h."""
        self._check_group("property_crm.group_specialist")
        self._check_open()
        for complaint in self:
            if complaint.validity != "valid":
                raise UserError(
                    self.env._(
                        "An unreasonable complaint is "
                        "answered and closed, not resolved."
                    )
                )
            open_sheets = complaint.handling_sheet_ids.filtered(
                lambda s: s.state in ("draft", "sent", "accepted")
            )
            if open_sheets:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s still has "
                        "open handling sheets: %(sheets)s.",
                        name=complaint.name,
                        sheets=", ".join(open_sheets.mapped("name")),
                    )
                )
            if not complaint.customer_agreed:
                raise UserError(
                    self.env._(
                        "Note the customer's agreement with "
                        "the solution before resolving %s.",
                        complaint.name,
                    )
                )
            if not complaint.resolution:
                raise UserError(
                    self.env._("Describe the resolution of %s.", complaint.name)
                )
        now = fields.Datetime.now()
        self._workflow_write({"state": "resolved", "resolved_at": now})
        self._create_callbacks(now)
        return True

    def _create_callbacks(self, resolved_at):
        """Seed 000 §四(1)3.1): a minor complaint is called back by whoever received it
        (phone or WeChat), a major one by the area manager face to face, within 24 h."""
        vals_list = []
        for complaint in self:
            major = complaint.severity == "major"
            caller = (
                complaint.area_id.manager_id if major else False
            ) or complaint.received_by_id
            vals_list.append(
                {
                    "company_id": complaint.company_id.id,
                    "callback_type": "complaint",
                    "method": "face_to_face" if major else "phone",
                    "complaint_id": complaint.id,
                    "partner_id": complaint.partner_id.id,
                    "unit_id": complaint.unit_id.id,
                    "user_id": caller.id,
                    "deadline": resolved_at + CALLBACK_DELAY,
                }
            )
        return self.env["property.crm.callback"].sudo().create(vals_list)

    def action_close(self):
        """A complaint closes only once the customer has been called back."""
        self._check_group("property_crm.group_specialist")
        for complaint in self:
            if complaint.state != "resolved":
                raise UserError(
                    self.env._(
                        "Only a resolved complaint can be closed (%s).", complaint.name
                    )
                )
            callbacks = complaint.callback_ids.filtered(
                lambda c: c.callback_type == "complaint"
            )
            if any(c.state == "todo" for c in callbacks) or not any(
                c.state in ("done", "unreachable") for c in callbacks
            ):
                raise UserError(
                    self.env._(
                        "Complaint %s cannot be closed before its callback is done "
                        "(or marked unreachable after the recorded attempts).",
                        complaint.name,
                    )
                )
        self._workflow_write({"state": "closed", "closed_at": fields.Datetime.now()})
        return True

    def _reopen_after_callback(self, callback):
        """An unsatisfied callback sends the complaint back to handling."""
        self.ensure_one()
        self._workflow_write(
            {"state": "handling", "resolved_at": False, "customer_agreed": False}
        )
        self.message_post(
            body=self.env._(
                "Reopened: the customer is not satisfied (callback %s).", callback.name
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._sla_schedule_pending()

    def action_create_case(self):
        """Turn a closed complaint into a case of the library (案例庫)."""
        self.ensure_one()
        self._check_group("property_crm.group_specialist")
        if self.state != "closed":
            raise UserError(
                self.env._("Only a closed complaint becomes a case (%s).", self.name)
            )
        case = self.env["property.crm.case"].create(
            self.env["property.crm.case"]._values_from_complaint(self)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.crm.case",
            "res_id": case.id,
            "view_mode": "form",
        }

    @api.model
    def _portal_create(self, partner, values):
        """A complaint filed by a customer on the portal (channel portal), for one of
        the customer's own units; the clocks start as for any other channel."""
        description = (values.get("description") or "").strip()
        if not description:
            raise UserError(self.env._("Describe what you complain about."))
        customer = partner.commercial_partner_id
        units = (customer.unit_ids | partner.unit_ids).sudo()
        unit = units.browse()
        if values.get("unit_id"):
            unit = units.filtered(lambda u: str(u.id) == str(values["unit_id"]))
            if not unit:
                raise UserError(self.env._("Choose one of your own units."))
        category = self.env["property.crm.complaint.category"].sudo().browse()
        if values.get("category_id"):
            category = category.search([("id", "=", int(values["category_id"]))])
        complaint = self.sudo().create(
            {
                "partner_id": customer.id,
                "unit_id": (unit or units[:1]).id,
                "channel": "portal",
                "category_id": category.id,
                "description": description,
                "customer_demand": (values.get("customer_demand") or "").strip()
                or False,
                # 首問責任人 of a portal complaint: the area manager, else the head
                "received_by_id": (
                    unit.area_id.manager_id
                    or units[:1].area_id.manager_id
                    or self._sla_head_users(self.env.company)[:1]
                    or self.env.user
                ).id,
                "user_id": False,
            }
        )
        complaint.message_subscribe(
            partner_ids=(partner | complaint.received_by_id.partner_id).ids
        )
        return complaint.with_env(self.env)

    def action_new_repair_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.crm.repair.order",
            "view_mode": "form",
            "context": {
                "default_complaint_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_unit_id": self.unit_id.id,
                "default_description": self.description,
            },
        }

    def action_answer_unreasonable(self):
        """4)G: an unreasonable complaint gets a patient explanation and is closed."""
        self._check_group("property_crm.group_specialist")
        self._check_open()
        for complaint in self:
            if complaint.validity != "unreasonable":
                raise UserError(self.env._("Mark the complaint as unreasonable first."))
            if not complaint.explanation:
                raise UserError(
                    self.env._("Write the explanation given to the customer.")
                )
            if complaint.handling_sheet_ids.filtered(lambda s: s.state != "cancelled"):
                raise UserError(
                    self.env._("An unreasonable complaint gets no handling sheet.")
                )
            now = fields.Datetime.now()
            complaint.message_post(
                body=complaint.explanation,
                subtype_xmlid="property_crm.mt_complaint_feedback",
            )
            complaint._workflow_write(
                {
                    "state": "closed",
                    "feedback_at": complaint.feedback_at or now,
                    "closed_at": now,
                }
            )
        return True

    def action_cancel(self):
        self._check_group("property_crm.group_specialist")
        for complaint in self:
            if complaint.state in ("closed", "cancelled"):
                raise UserError(
                    self.env._("Complaint %s is already closed.", complaint.name)
                )
            if complaint.state != "new" and not self.env.user.has_group(
                "property_crm.group_supervisor"
            ):
                raise AccessError(
                    self.env._(
                        "Only a supervisor may cancel a "
                        "complaint that is being handled."
                    )
                )
        self.handling_sheet_ids.filtered(
            lambda s: s.state in ("draft", "sent", "accepted")
        )._workflow_write({"state": "cancelled"})
        self._workflow_write({"state": "cancelled", "closed_at": fields.Datetime.now()})
        return True

    def action_approve_claim(self):
        """Claims: over the limit (10,000 yuan) only the manager approves (seed 003)."""
        self._check_group("property_crm.group_supervisor")
        for complaint in self:
            if complaint.claim_state != "requested":
                raise UserError(
                    self.env._(
                        "Complaint %s has no claim waiting for approval.",
                        complaint.name,
                    )
                )
            limit = complaint.company_id.property_crm_claim_limit
            if complaint.claim_amount > limit and not self.env.user.has_group(
                "property_crm.group_manager"
            ):
                raise AccessError(
                    self.env._(
                        "A claim over %(limit)s can only be "
                        "approved by a Customer Service Manager.",
                        limit=limit,
                    )
                )
        self._workflow_write(
            {"claim_state": "approved", "claim_approved_by_id": self.env.user.id}
        )
        return True

    def action_refuse_claim(self):
        self._check_group("property_crm.group_supervisor")
        self.filtered(lambda c: c.claim_state == "requested")._workflow_write(
            {"claim_state": "refused"}
        )
        return True

    def action_new_handling_sheet(self):
        self.ensure_one()
        if self.validity != "valid":
            raise UserError(
                self.env._("An unreasonable complaint gets no handling sheet.")
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.crm.handling.sheet",
            "view_mode": "form",
            "context": {
                "default_complaint_id": self.id,
                "default_department_id": self.category_id.department_id.id,
            },
        }

    def action_view_handling_sheets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_crm.property_crm_handling_sheet_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_complaint_id": self.id}
        return action

    def action_new_liaison_letter(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.crm.liaison.letter",
            "view_mode": "form",
            "context": {
                "default_complaint_id": self.id,
                "default_subject": self.name,
                "default_to_department_id": self.category_id.department_id.id,
            },
        }

    # ------------------------------------------------------------------
    # the watchdog
    # ------------------------------------------------------------------

    def _sla_upgrade_overdue(self, now):
        """1.2)D: a complaint not resolved within 10 days becomes major (reason D)."""
        due = self._sla_lock_due(
            SQL(
                "upgrade_deadline <= %s AND severity = "
                "'minor' AND state IN ('new', 'handling')",
                now,
            ),
            "upgrade_deadline",
            BATCH_SIZE,
        )
        for complaint in due:
            complaint._workflow_write(
                {"severity": "major", "major_reason": "d_overdue", "upgraded_at": now}
            )
            complaint.message_post(
                body=self.env._(
                    "Not resolved within 10 days of %s: "
                    "upgraded to a major complaint (reason D).",
                    fields.Datetime.to_string(complaint.received_at),
                ),
                subtype_xmlid="property_crm.mt_complaint_upgraded",
            )
        return len(due)

    def _sla_feedback(self, now):
        due = self._sla_lock_due(
            SQL(
                "feedback_deadline <= %s AND feedback_at IS NULL AND "
                "feedback_escalated IS NOT TRUE AND state IN ('new', 'handling')",
                now,
            ),
            "feedback_deadline",
            BATCH_SIZE,
        )
        for complaint in due:
            complaint._workflow_write({"feedback_escalated": True})
            target = complaint.area_id.manager_id or complaint._sla_head_users(
                complaint.company_id
            )
            complaint._sla_escalate(
                target,
                self.env._("No feedback within 24 h: %s", complaint.name),
                self.env._(
                    "Complaint %(name)s got no feedback to the "
                    "customer within 24 hours (deadline %(deadline)s). "
                    "Please follow up with the customer.",
                    name=complaint.name,
                    deadline=fields.Datetime.to_string(complaint.feedback_deadline),
                ),
            )
        return len(due)

    def _sla_report(self, now):
        due = self._sla_lock_due(
            SQL(
                "report_deadline <= %s AND reported_at "
                "IS NULL AND state IN ('new', 'handling')",
                now,
            ),
            "report_deadline",
            BATCH_SIZE,
        )
        system = self.env.ref("base.user_root")
        for complaint in due:
            complaint._report_to_head(system, automatic=True)
        return len(due)

    def _sla_resolve(self, now):
        due = self._sla_lock_due(
            SQL(
                "resolve_deadline <= %s AND resolved_at IS NULL AND "
                "resolve_escalated IS NOT TRUE AND state IN ('new', 'handling')",
                now,
            ),
            "resolve_deadline",
            BATCH_SIZE,
        )
        for complaint in due:
            complaint._workflow_write({"resolve_escalated": True})
            complaint._sla_escalate(
                complaint._sla_head_users(complaint.company_id),
                self.env._(
                    "Major complaint %s not resolved within 12 h", complaint.name
                ),
                self.env._(
                    "Major complaint %(name)s was not resolved with "
                    "the customer's agreement within 12 hours "
                    "(deadline %(deadline)s). It stays under follow-up.",
                    name=complaint.name,
                    deadline=fields.Datetime.to_string(complaint.resolve_deadline),
                ),
            )
        return len(due)

    def _sla_due_soon(self, now):
        due = self._sla_lock_due(
            SQL("sla_due_soon_at <= %s", now),
            "sla_due_soon_at",
            BATCH_SIZE * 5,
        )
        if due:
            # one compute sets every status and moves sla_due_soon_at past now
            self.env.add_to_compute(self._fields["sla_status"], due)
            due.flush_recordset(["sla_status"])
        return len(due)

    def _sla_watchdog(self, now):
        """One batch of every complaint clock; returns (done, remaining)."""
        done = (
            self._sla_upgrade_overdue(now)
            + self._sla_report(now)
            + self._sla_feedback(now)
            + self._sla_resolve(now)
            + self._sla_due_soon(now)
        )
        remaining = (
            self._sla_count_due(
                SQL(
                    "state IN ('new', 'handling') AND ("
                    "(upgrade_deadline <= %(now)s AND severity = 'minor')"
                    " OR (report_deadline <= %(now)s AND reported_at IS NULL)"
                    " OR (feedback_deadline <= %(now)s AND feedback_at IS NULL"
                    " AND feedback_escalated IS NOT TRUE)"
                    " OR (resolve_deadline <= %(now)s AND resolved_at IS NULL"
                    " AND resolve_escalated IS NOT TRUE))",
                    now=now,
                )
            )
            if done
            else 0
        )
        return done, remaining

    @api.model
    def _cron_sla_watchdog(self):
        """ir_cron_sla_watchdog: escalate every breach once, then sleep until the next
        deadline."""
        now = fields.Datetime.now()
        done = remaining = 0
        for model in self._sla_watchdog_models():
            model_done, model_remaining = self.env[model]._sla_watchdog(now)
            done += model_done
            remaining += model_remaining
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _sla_watchdog_models(self):
        return [
            "property.crm.complaint",
            "property.crm.handling.sheet",
            "property.crm.liaison.letter",
            "property.crm.callback",
        ]

    def _handling_sheet_content(self):
        """投訴內容 of a handling sheet: the complaint and the customer's demand."""
        self.ensure_one()
        content = Markup(self.description or "")
        if self.customer_demand:
            content += Markup("<p><b>%s:</b> %s</p>") % (
                self.env._("Customer demand"),
                self.customer_demand,
            )
        return content
