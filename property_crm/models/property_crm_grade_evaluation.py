from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

SCORE_FIELDS = (
    "score_payment",
    "score_cooperation",
    "score_complaint",
    "score_value",
    "score_influence",
)
# what the evaluation says: fixed once it is submitted
LOCKED_FIELDS = (
    "company_id",
    "partner_id",
    "proposed_grade_id",
    "assessment",
    *SCORE_FIELDS,
)


class PropertyCrmGradeEvaluation(models.Model):
    """客戶關係評估表 (seed 004 §五): the only way a customer's grade changes.

    The 客戶關係專員 (specialist) evaluates: drafts the scores, the assessment and a
    proposal; the 客戶關係主管 (supervisor) grades — reviews, may change the proposal
    and submits it; a manager approves (which sets the customer's grade) or refuses
    it. Once submitted, its content is fixed.
    """

    _name = "property.crm.grade.evaluation"
    _description = "Customer Relationship Evaluation"
    _sequence_code = "property.crm.grade.evaluation"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.crm.workflow.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "current_grade_id",
        "submitted_by_id",
        "submitted_at",
        "decided_by_id",
        "decided_at",
    )

    name = fields.Char(
        string="Number",
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain=[("customer_kind", "!=", False)],
    )
    current_grade_id = fields.Many2one(
        "property.crm.grade",
        string="Grade Before",
        readonly=True,
        help="The customer's grade when the evaluation was submitted.",
    )
    proposed_grade_id = fields.Many2one(
        "property.crm.grade", required=True, tracking=True
    )
    score_payment = fields.Integer(string="Payment Record", help="繳費記錄, 0–10")
    score_cooperation = fields.Integer(string="Cooperation", help="配合度, 0–10")
    score_complaint = fields.Integer(string="Complaint Record", help="投訴記錄, 0–10")
    score_value = fields.Integer(
        string="Business Value", help="業務價值 (area, rent), 0–10"
    )
    score_influence = fields.Integer(
        string="Influence", help="影響力 (owners' committee, referrals), 0–10"
    )
    total_score = fields.Integer(compute="_compute_total_score", store=True)
    assessment = fields.Text(
        help="Analysis against the company's customer strategy (評估結果)."
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    submitted_at = fields.Datetime(readonly=True, copy=False)
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decided_at = fields.Datetime(readonly=True, copy=False)
    refuse_reason = fields.Text(copy=False, tracking=True)

    @api.depends(*SCORE_FIELDS)
    def _compute_total_score(self):
        for evaluation in self:
            evaluation.total_score = sum(evaluation[f] for f in SCORE_FIELDS)

    @api.constrains(*SCORE_FIELDS)
    def _check_scores(self):
        for evaluation in self:
            for fname in SCORE_FIELDS:
                if not 0 <= evaluation[fname] <= 10:
                    raise ValidationError(
                        self.env._(
                            "%(criterion)s must be between 0 and 10.",
                            criterion=self._fields[fname]._description_string(self.env),
                        )
                    )

    @api.constrains("partner_id")
    def _check_partner_is_customer(self):
        for evaluation in self:
            if not evaluation.partner_id.customer_kind:
                raise ValidationError(
                    self.env._(
                        "Only property customers "
                        "(individual or enterprise) can be graded."
                    )
                )

    def _check_write_lock(self, vals):
        """A submitted or approved evaluation is a record of a decision: its content
        no longer changes; only a manager writes the reason of a refusal."""
        content = [fname for fname in vals if fname in LOCKED_FIELDS]
        if content and any(ev.state in ("submitted", "approved") for ev in self):
            raise UserError(
                self.env._(
                    "Evaluation %(name)s is submitted or approved: %(fields)s can no "
                    "longer change.",
                    name=", ".join(
                        self.filtered(
                            lambda ev: ev.state in ("submitted", "approved")
                        ).mapped("name")
                    ),
                    fields=self._workflow_field_labels(content),
                )
            )
        if "refuse_reason" in vals and not self._is_unchanged(
            "refuse_reason", vals["refuse_reason"]
        ):
            self._check_role("property_crm.group_manager", self.env._("refuse"))
            self._check_state(("submitted",))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(evaluation.state in ("submitted", "approved") for evaluation in self):
            raise UserError(
                self.env._("Submitted or approved evaluations cannot be deleted.")
            )

    def _check_role(self, group_xmlid, action_label):
        if not self.env.is_superuser() and not self.env.user.has_group(group_xmlid):
            group = self.env.ref(group_xmlid)
            raise AccessError(
                self.env._(
                    "Only %(group)s may %(action)s a customer relationship evaluation.",
                    group=group.name,
                    action=action_label,
                )
            )

    def _check_state(self, allowed):
        for evaluation in self:
            if evaluation.state not in allowed:
                raise UserError(
                    self.env._(
                        "Evaluation %(name)s is %(state)s; "
                        "this step is not possible now.",
                        name=evaluation.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[evaluation.state],
                    )
                )

    def action_submit(self):
        self._check_role("property_crm.group_supervisor", self.env._("submit"))
        self._check_state(("draft", "refused"))
        for evaluation in self:
            evaluation._workflow_write(
                {
                    "state": "submitted",
                    "current_grade_id": evaluation.partner_id.grade_id.id,
                    "submitted_by_id": self.env.user.id,
                    "submitted_at": fields.Datetime.now(),
                    "refuse_reason": False,
                }
            )
            managers = evaluation.company_id.property_crm_head_user_id or self.env.ref(
                "property_crm.group_manager"
            ).users.filtered(
                lambda u, ev=evaluation: ev.company_id in u.company_ids
                and u.active
                and not u.share
            )
            for manager in managers:
                evaluation.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=manager.id,
                    summary=self.env._("Approve the customer grade proposal"),
                )
        return True

    def action_approve(self):
        self._check_role("property_crm.group_manager", self.env._("approve"))
        self._check_state(("submitted",))
        for evaluation in self:
            evaluation._workflow_write(
                {
                    "state": "approved",
                    "decided_by_id": self.env.user.id,
                    "decided_at": fields.Datetime.now(),
                }
            )
            # the approval checked the role: the grade is written as superuser
            evaluation.partner_id.sudo().grade_id = evaluation.proposed_grade_id
            evaluation.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_refuse(self):
        self._check_role("property_crm.group_manager", self.env._("refuse"))
        self._check_state(("submitted",))
        for evaluation in self:
            if not evaluation.refuse_reason:
                raise UserError(
                    self.env._(
                        "Please give the reason for refusing %s.", evaluation.name
                    )
                )
        self._workflow_write(
            {
                "state": "refused",
                "decided_by_id": self.env.user.id,
                "decided_at": fields.Datetime.now(),
            }
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_reset_to_draft(self):
        self._check_role("property_crm.group_supervisor", self.env._("rework"))
        self._check_state(("refused",))
        self._workflow_write({"state": "draft"})
        return True
