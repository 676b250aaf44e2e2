from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

RESPONSE_DELAY = timedelta(
    hours=1
)  # seed 000 §四(1)2.4)D: the department answers within 1 h
BATCH_SIZE = 200


class PropertyCrmHandlingSheet(models.Model):
    """客戶投訴處置表 ZC-QR-028: a complaint handed to a department.

    Sent by customer service; within 1 hour the department analyses it, fills the
    handling method (處理方法) and signs; it then handles it by the due date; customer
    service verifies and calls back (驗證/回訪結果); the head (資產管理部負責人) writes
    an opinion.
    """

    _name = "property.crm.handling.sheet"
    _description = "Complaint Handling Sheet"
    _sequence_code = "property.crm.handling.sheet"
    _clock_escalation_subtype = "property_crm.mt_handling_sheet_escalation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "property.crm.sla.mixin",
        "property.crm.workflow.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "sent_at",
        "signer_id",
        "signed_at",
        "done_at",
        "verifier_id",
        "verified_at",
        "response_escalated",
        "response_deadline",
        "response_breached",
        "sla_status",
        "sla_deadline",
    )

    name = fields.Char(
        string="Number",
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    active = fields.Boolean(default=True)
    complaint_id = fields.Many2one(
        "property.crm.complaint",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, precompute=True
    )
    area_id = fields.Many2one(
        related="complaint_id.area_id", store=True, index=True, precompute=True
    )
    # what the department sees of the complaint: the customer's name and unit,
    # never contact data
    customer_name = fields.Char(
        related="complaint_id.partner_id.name", string="Customer"
    )
    unit_id = fields.Many2one(related="complaint_id.unit_id")
    severity = fields.Selection(related="complaint_id.severity")
    complaint_content = fields.Html(
        help="投訴內容: the complaint and the customer's demand, as handed over."
    )
    department_id = fields.Many2one(
        "hr.department",
        compute="_compute_department_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        check_company=True,
        help="By default the department of the complaint's category.",
    )
    responsible_id = fields.Many2one("res.users", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("accepted", "Accepted"),
            ("done", "Done"),
            ("verified", "Verified"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    sent_at = fields.Datetime(readonly=True, copy=False)
    response_deadline = fields.Datetime(compute="_compute_response_clock", store=True)
    response_escalated = fields.Boolean(compute="_compute_response_clock", store=True)
    handling_method = fields.Html(help="處理方法")
    signer_id = fields.Many2one(
        "res.users", string="Signed By", readonly=True, copy=False
    )
    signed_at = fields.Datetime(readonly=True, copy=False)
    due_date = fields.Datetime(tracking=True)
    result = fields.Html()
    done_at = fields.Datetime(readonly=True, copy=False)
    verification_result = fields.Text(
        string="Verification / Callback Result", help="驗證、回訪結果"
    )
    verifier_id = fields.Many2one(
        "res.users", string="Verified By", readonly=True, copy=False
    )
    verified_at = fields.Datetime(readonly=True, copy=False)
    head_opinion = fields.Text(
        string="Head's Opinion", help="資產管理部負責人意見", tracking=True
    )
    response_breached = fields.Boolean(compute="_compute_response_clock", store=True)
    can_sign = fields.Boolean(
        compute="_compute_can_sign",
        help="The current user is the department's 負責人 (shows the sign button).",
    )

    def _clock_is_closed(self):
        return self.state in ("done", "verified", "cancelled")

    def _clock_department(self):
        return self.department_id

    @api.depends("clock_ids.deadline", "clock_ids.breached", "clock_ids.escalated_at")
    def _compute_response_clock(self):
        """The 1 h response clock (seed 000 §四(1)2.4)D), from its line."""
        for sheet in self:
            line = sheet._clock_lines().get("sheet_response")
            sheet.response_deadline = line.deadline if line else False
            sheet.response_breached = bool(line and line.breached)
            sheet.response_escalated = bool(line and line.escalated_at)

    def _clock_breach_response(self, lines):
        """The complaint's chatter shows the department's late answer too."""
        bodies = {}
        for sheet in self.filtered("complaint_id"):
            bodies.setdefault(sheet.complaint_id.id, [])
            bodies[sheet.complaint_id.id].append(
                self.env._(
                    "%(department)s did not fill the handling method of %(sheet)s "
                    "within 1 hour of %(sent)s.",
                    department=sheet.department_id.display_name,
                    sheet=sheet.name,
                    sent=fields.Datetime.to_string(sheet.sent_at),
                )
            )
        if bodies:
            self.env["property.crm.complaint"].browse(list(bodies))._message_log_batch(
                bodies={cid: "<br/>".join(texts) for cid, texts in bodies.items()}
            )

    @api.model_create_multi
    def create(self, vals_list):
        complaints = self.env["property.crm.complaint"].browse(
            [vals["complaint_id"] for vals in vals_list if vals.get("complaint_id")]
        )
        for vals in vals_list:
            complaint = complaints.browse(vals.get("complaint_id"))
            if complaint.validity == "unreasonable":
                raise UserError(
                    self.env._("An unreasonable complaint gets no handling sheet.")
                )
            if not vals.get("complaint_content") and complaint:
                vals["complaint_content"] = complaint._handling_sheet_content()
        return super().create(vals_list)

    # what a department member (not customer service) may write, and when
    _handler_fields = frozenset({"handling_method", "result", "responsible_id"})
    _fixed_once_sent = ("complaint_id", "department_id", "complaint_content")

    def _check_write_lock(self, vals):
        """Seed 000 §四(1)2.4): a sent sheet's complaint, department and content are
        fixed; the department writes its handling method and result while the sheet
        waits for it; only the head writes the head's opinion."""
        user = self.env.user
        if "head_opinion" in vals and not user.has_group("property_crm.group_manager"):
            raise AccessError(
                self.env._(
                    "Only the head of asset management writes the head's opinion."
                )
            )
        moved = [
            fname
            for fname in self._fixed_once_sent
            if fname in vals
            and not self.filtered(lambda sheet: sheet.state != "draft")._is_unchanged(
                fname, vals[fname]
            )
        ]
        if moved:
            raise UserError(
                self.env._(
                    "%s of a sent handling sheet cannot be changed.",
                    self._workflow_field_labels(moved),
                )
            )
        if user.has_group("property_crm.group_specialist"):
            return
        others = set(vals) - self._handler_fields - {"head_opinion"}
        if others:
            raise AccessError(
                self.env._(
                    "A department answers a handling sheet with its handling method "
                    "and result only (%s).",
                    self._workflow_field_labels(sorted(others & set(self._fields))),
                )
            )
        for sheet in self:
            if sheet.state not in ("sent", "accepted"):
                raise UserError(
                    self.env._(
                        "Handling sheet %s is not waiting for the department.",
                        sheet.name,
                    )
                )
        self._check_department_member()

    def _check_department_member(self):
        for sheet in self:
            sheet._check_department_user(
                sheet.department_id,
                self.env._(
                    "Only %s may answer this handling sheet.",
                    sheet.department_id.display_name,
                ),
            )

    def action_send(self):
        """Hand the sheet to its department: the 1 h response clock starts."""
        for sheet in self:
            if sheet.state != "draft":
                raise UserError(
                    self.env._("Handling sheet %s was already sent.", sheet.name)
                )
            if not sheet.department_id:
                raise UserError(
                    self.env._(
                        "Choose the department handling sheet %s goes to.", sheet.name
                    )
                )
            if sheet.complaint_id.state not in ("new", "handling"):
                raise UserError(
                    self.env._(
                        "Complaint %s is no longer open.", sheet.complaint_id.name
                    )
                )
        if not self.env.is_superuser() and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(
                self.env._("Only customer service sends handling sheets.")
            )
        now = fields.Datetime.now()
        self._workflow_write({"state": "sent", "sent_at": now})
        for sheet in self:
            sheet.complaint_id.filtered(lambda c: c.state == "new")._workflow_write(
                {"state": "handling"}
            )
            recipients = sheet.responsible_id or sheet.department_id.manager_id.user_id
            for user in recipients:
                sheet.activity_schedule(
                    "property_crm.mail_activity_type_handling",
                    date_deadline=sheet._clock_local_date(
                        sheet.response_deadline or now, user
                    ),
                    summary=self.env._(
                        "Analyse and fill the handling method within 1 hour"
                    ),
                    user_id=user.id,
                )
        return True

    @api.depends_context("uid")
    @api.depends("complaint_id")
    def _compute_department_id(self):
        for sheet in self:
            if not sheet.department_id and sheet.state == "draft":
                sheet.department_id = sheet.complaint_id.category_id.department_id

    @api.depends("department_id")
    @api.depends_context("uid")
    def _compute_can_sign(self):
        for sheet in self:
            sheet.can_sign = self.env.user in (
                sheet.department_id._property_crm_signers()
            )

    def _check_signer(self):
        """Seed 000 §四(1)2.4)D: the handling method is signed by the complained
        department's 負責人 — its manager or a member given that right — not by any
        member or by customer service."""
        if self.env.su:
            return
        for sheet in self:
            if self.env.user not in sheet.department_id._property_crm_signers():
                raise AccessError(
                    self.env._(
                        "Only the head of %(department)s (its manager or a member "
                        "given the right to sign) may sign handling sheet %(sheet)s.",
                        department=sheet.department_id.display_name
                        or self.env._("the department"),
                        sheet=sheet.name,
                    )
                )

    def action_accept(self):
        """The department's 負責人 signs the handling method its members filled
        (within 1 h of sending)."""
        self._check_signer()
        for sheet in self:
            if sheet.state != "sent":
                raise UserError(
                    self.env._(
                        "Handling sheet %s is not waiting for the department.",
                        sheet.name,
                    )
                )
            if not sheet.handling_method:
                raise UserError(
                    self.env._("Fill the handling method (處理方法) before signing.")
                )
        self._workflow_write(
            {
                "state": "accepted",
                "signer_id": self.env.user.id,
                "signed_at": fields.Datetime.now(),
            }
        )
        self.activity_feedback(["property_crm.mail_activity_type_handling"])
        return True

    def action_done(self):
        self._check_department_member()
        for sheet in self:
            if sheet.state != "accepted":
                raise UserError(
                    self.env._("Handling sheet %s must be accepted first.", sheet.name)
                )
            if not sheet.result:
                raise UserError(self.env._("Write the result of the handling."))
        self._workflow_write({"state": "done", "done_at": fields.Datetime.now()})
        return True

    def action_verify(self):
        """Customer service verifies the result with the customer (驗證/回訪結果)."""
        if not self.env.is_superuser() and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(
                self.env._("Only customer service verifies handling sheets.")
            )
        for sheet in self:
            if sheet.state != "done":
                raise UserError(
                    self.env._("Handling sheet %s is not done yet.", sheet.name)
                )
            if not sheet.verification_result:
                raise UserError(self.env._("Write the verification / callback result."))
        self._workflow_write(
            {
                "state": "verified",
                "verifier_id": self.env.user.id,
                "verified_at": fields.Datetime.now(),
            }
        )
        return True

    def action_cancel(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(
                self.env._("Only customer service cancels handling sheets.")
            )
        self.filtered(lambda s: s.state not in ("verified",))._workflow_write(
            {"state": "cancelled"}
        )
        self.activity_unlink(["property_crm.mail_activity_type_handling"])
        return True
