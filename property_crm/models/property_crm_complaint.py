from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, create_index, email_normalize

from .property_crm_callback import CALLBACK_DELAY
from .property_crm_sla_mixin import SLA_STATUS

OPEN_STATES = ("new", "handling")
# seed 002 §三: a complaint of the same customer or unit within 90 days repeats one
REPEAT_WINDOW_DAYS = 90


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
    _clock_escalation_subtype = "property_crm.mt_escalation"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "property.crm.sla.mixin",
        "property.crm.workflow.mixin",
        "property.crm.customer.notice.mixin",
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
        # read from the clock lines
        "feedback_deadline",
        "report_deadline",
        "resolve_deadline",
        "upgrade_deadline",
        "feedback_breached",
        "resolve_breached",
        "feedback_sla",
        "report_sla",
        "resolve_sla",
        "sla_deadline",
        "sla_status",
    )
    _primary_email = "email_from"
    _customer_notice_prefix = "complaint"
    _customer_notice_states = {
        "handling": "handling",
        "resolved": "resolved",
        "closed": "closed",
    }

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
        # kanban columns in the workflow's order, empty ones included
        group_expand=True,
    )
    # clocks: read from the clock lines (property.crm.clock), never written by a client
    feedback_deadline = fields.Datetime(compute="_compute_clock_fields", store=True)
    feedback_at = fields.Datetime(
        string="First Feedback At", readonly=True, copy=False, tracking=True
    )
    feedback_note = fields.Text(string="Feedback to Customer")
    feedback_escalated = fields.Boolean(compute="_compute_clock_fields", store=True)
    report_deadline = fields.Datetime(compute="_compute_clock_fields", store=True)
    reported_at = fields.Datetime(readonly=True, copy=False, tracking=True)
    reported_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    report_breached = fields.Boolean(
        compute="_compute_clock_fields",
        store=True,
        help="Nobody reported in time: the system reported it itself.",
    )
    resolve_deadline = fields.Datetime(compute="_compute_clock_fields", store=True)
    resolve_escalated = fields.Boolean(
        compute="_compute_clock_fields",
        store=True,
        help="Past 12 h unresolved: escalated to the head, under follow-up.",
    )
    upgrade_deadline = fields.Datetime(compute="_compute_clock_fields", store=True)
    resolved_at = fields.Datetime(readonly=True, copy=False, tracking=True)
    resolution = fields.Html(copy=False)
    is_repeat = fields.Boolean(
        string="Repeat Complaint",
        compute="_compute_is_repeat",
        store=True,
        readonly=True,
        help="The same customer or unit complained within the 90 days before.",
    )
    customer_agreed = fields.Boolean(
        string="Customer Agrees",
        copy=False,
        tracking=True,
        help="The customer agrees with the solution (客戶認同).",
    )
    closed_at = fields.Datetime(readonly=True, copy=False)
    feedback_breached = fields.Boolean(compute="_compute_clock_fields", store=True)
    resolve_breached = fields.Boolean(compute="_compute_clock_fields", store=True)
    feedback_sla = fields.Selection(
        SLA_STATUS, string="24 h Feedback", compute="_compute_clock_fields", store=True
    )
    report_sla = fields.Selection(
        SLA_STATUS, string="10 min Report", compute="_compute_clock_fields", store=True
    )
    resolve_sla = fields.Selection(
        SLA_STATUS,
        string="12 h Resolution",
        compute="_compute_clock_fields",
        store=True,
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
        default="none",
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

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    def init(self):
        res = super().init()
        # the repeat look-up: earlier complaints of the customer or of the unit
        for column in ("partner_id", "unit_id"):
            create_index(
                self.env.cr,
                f"property_crm_complaint_{column}_received_idx",
                self._table,
                [column, "received_at"],
            )
        return res

    @api.depends("partner_id", "unit_id", "received_at")
    def _compute_is_repeat(self):
        """One query per batch; a complaint entered with an earlier date also marks
        the later complaints of its customer or unit that it now precedes."""
        records = self.filtered("id")
        (self - records).is_repeat = False
        if not records:
            return
        values = [
            (c.id, c.partner_id.id or None, c.unit_id.id or None, c.received_at)
            for c in records
        ]
        window = SQL("%s * interval '1 day'", REPEAT_WINDOW_DAYS)
        candidates = SQL(
            "SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::timestamp[])"
            " AS v(id, partner_id, unit_id, received_at)",
            [v[0] for v in values],
            [v[1] for v in values],
            [v[2] for v in values],
            [v[3] for v in values],
        )
        earlier = SQL(
            "SELECT 1 FROM property_crm_complaint prev WHERE prev.id != v.id"
            " AND prev.state != 'cancelled' AND prev.received_at < v.received_at"
            " AND prev.received_at >= v.received_at - %(window)s"
            " AND prev.partner_id = v.partner_id",
            window=window,
        )
        earlier_unit = SQL(
            "SELECT 1 FROM property_crm_complaint prev WHERE prev.id != v.id"
            " AND prev.state != 'cancelled' AND prev.received_at < v.received_at"
            " AND prev.received_at >= v.received_at - %(window)s"
            " AND prev.unit_id = v.unit_id",
            window=window,
        )
        self.env.cr.execute(
            SQL(
                "SELECT v.id FROM (%s) v WHERE EXISTS (%s) OR EXISTS (%s)",
                candidates,
                earlier,
                earlier_unit,
            )
        )
        repeats = {row[0] for row in self.env.cr.fetchall()}
        for complaint in records:
            complaint.is_repeat = complaint.id in repeats
        # later complaints that these now precede
        self.env.cr.execute(
            SQL(
                "UPDATE property_crm_complaint later SET is_repeat = TRUE"
                " FROM (%s) v WHERE NOT COALESCE(later.is_repeat, FALSE)"
                " AND later.id != ALL(%s) AND later.state != 'cancelled'"
                " AND later.received_at > v.received_at"
                " AND later.received_at <= v.received_at + %s"
                " AND (later.partner_id = v.partner_id OR later.unit_id = v.unit_id)"
                " RETURNING later.id",
                candidates,
                records.ids,
                window,
            )
        )
        updated = [row[0] for row in self.env.cr.fetchall()]
        if updated:
            self.browse(updated).invalidate_recordset(["is_repeat"])

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

    def _clock_is_closed(self):
        return self.state not in OPEN_STATES

    @api.depends(
        "state",
        "clock_ids.state",
        "clock_ids.deadline",
        "clock_ids.breached",
        "clock_ids.due_soon",
        "clock_ids.escalated_at",
    )
    def _compute_clock_fields(self):
        """The complaint's deadlines, breaches and per-clock statuses, from its
        lines."""
        for complaint in self:
            lines = complaint._clock_lines()
            feedback = lines.get("complaint_feedback")
            report = lines.get("complaint_report")
            resolve = lines.get("complaint_resolve")
            upgrade = lines.get("complaint_upgrade")
            complaint.feedback_deadline = feedback.deadline if feedback else False
            complaint.feedback_escalated = bool(feedback and feedback.escalated_at)
            complaint.feedback_breached = bool(feedback and feedback.breached)
            complaint.report_deadline = report.deadline if report else False
            complaint.report_breached = bool(report and report.breached)
            complaint.resolve_deadline = resolve.deadline if resolve else False
            complaint.resolve_escalated = bool(resolve and resolve.escalated_at)
            complaint.resolve_breached = bool(resolve and resolve.breached)
            complaint.upgrade_deadline = (
                upgrade.deadline
                if upgrade and upgrade.state in ("running", "paused")
                else False
            )
            complaint.feedback_sla = complaint._clock_line_status(feedback)
            complaint.report_sla = complaint._clock_line_status(report)
            complaint.resolve_sla = complaint._clock_line_status(resolve)

    def _clock_line_status(self, line):
        if not line:
            return False
        if line.breached:
            return "breached"
        if line.state == "met" or self.state not in OPEN_STATES:
            return "done"
        return "on_track" if line.status == "paused" else line.status

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
            if not complaint.partner_id and not (complaint.email_from or "").strip():
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

    @api.model
    def _workflow_system_create_vals(self, vals):
        """A complaint received as major is major from its receipt."""
        if vals.get("severity") == "major":
            vals = dict(
                vals, major_since=vals.get("received_at") or fields.Datetime.now()
            )
        return vals

    def _workflow_system_vals(self, vals):
        """Upgraded: the major clocks start now; downgraded: they are cancelled."""
        if vals.get("severity") == "major" and all(
            complaint.severity == "minor" for complaint in self
        ):
            vals = dict(vals, major_since=fields.Datetime.now())
        elif vals.get("severity") == "minor":
            vals = dict(vals, major_since=False)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints.filtered(lambda c: c.severity == "major")._notify_major()
        complaints._property_crm_notify_customer("received")
        return complaints

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
        states_before = self._property_crm_states_before(vals)
        res = super().write(vals)
        self._property_crm_notify_state_change(states_before)
        late = became_major.filtered(lambda complaint: not complaint.major_since)
        if late:
            late._workflow_write({"major_since": fields.Datetime.now()})
        became_major._notify_major()
        return res

    def _notify_major(self):
        """A major complaint is told at once to the area manager and the head (an
        activity due today and a notification), so that a person reports it within
        10 minutes (seed 000 §四(1)5)A)."""
        activity_type = self.env.ref("property_crm.mail_activity_type_major_report")
        for complaint in self:
            users = (
                complaint.area_id.manager_id
                | complaint._sla_head_users(complaint.company_id)
            ).filtered(lambda user: user.active and not user.share)
            for user in users:
                complaint.sudo().activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=complaint._clock_local_date(
                        complaint.major_since or fields.Datetime.now(), user
                    ),
                    summary=self.env._(
                        "Report major complaint %s within 10 minutes", complaint.name
                    ),
                    user_id=user.id,
                )
            complaint.sudo().message_post(
                body=self.env._(
                    "Major complaint %s: to be reported to the head within 10 minutes "
                    "and resolved within 12 hours.",
                    complaint.name,
                ),
                subtype_xmlid="property_crm.mt_complaint_upgraded",
                partner_ids=users.partner_id.ids,
            )

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
        # the number comes from the sequence, never from the mail's subject
        values["name"] = "New"
        values.setdefault("channel", "email")
        values.setdefault("email_from", email_from)
        values.setdefault(
            "description",
            msg_dict.get("body")
            or msg_dict.get("subject")
            or self.env._("(The mail had neither a subject nor a text.)"),
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

    def _report_to_head(self, reporter):
        self.ensure_one()
        heads = self._sla_head_users(self.company_id)
        self._workflow_write(
            {"reported_at": fields.Datetime.now(), "reported_by_id": reporter.id}
        )
        self.sudo().activity_feedback(["property_crm.mail_activity_type_major_report"])
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
        for complaint in self:
            # the customer agreed with the solution: that is the feedback, recorded
            # as such when none was logged before (the 24 h clock reads it)
            complaint._workflow_write(
                {
                    "state": "resolved",
                    "resolved_at": now,
                    "feedback_at": complaint.feedback_at or now,
                }
            )
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
        """Claims: from the limit up (一萬元以上, 10,000 yuan included) only the manager
        approves (seed 003)."""
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
            if complaint.claim_amount >= limit and not self.env.user.has_group(
                "property_crm.group_manager"
            ):
                raise AccessError(
                    self.env._(
                        "A claim of %(limit)s or more can only be "
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

    def _clock_breach_upgrade(self, lines):
        """1.2)D: a complaint not resolved within 10 days becomes major (reason D);
        the major clocks start."""
        now = fields.Datetime.now()
        complaints = self.filtered(
            lambda c: c.severity == "minor" and c.state in OPEN_STATES
        )
        if not complaints:
            return
        complaints._workflow_write(
            {
                "severity": "major",
                "major_reason": "d_overdue",
                "upgraded_at": now,
                "major_since": now,
            }
        )
        complaints._message_log_batch(
            bodies={
                complaint.id: self.env._(
                    "Not resolved within 10 days of %s: "
                    "upgraded to a major complaint (reason D).",
                    fields.Datetime.to_string(complaint.received_at),
                )
                for complaint in complaints
            }
        )
        complaints._notify_major()

    def _clock_breach_report(self, lines):
        """5)A: nobody reported the major complaint within 10 minutes: the system
        reports it to the head itself (the clock type escalates the breach)."""
        system = self.env.ref("base.user_root")
        self.filtered(lambda c: not c.reported_at)._workflow_write(
            {"reported_at": fields.Datetime.now(), "reported_by_id": system.id}
        )

    @api.model
    def _cron_sla_watchdog(self):
        """The watchdog of every clock (kept for callers of the former per-model
        watchdog)."""
        return self.env["property.crm.clock"]._cron_watchdog()

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
