from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# what the plan says: fixed once it is submitted for review
CONTENT_FIELDS = (
    "title",
    "company_id",
    "target_type",
    "partner_id",
    "grade_id",
    "segment_area_id",
    "segment_kind",
    "goals",
    "method",
    "measures",
    "user_ids",
    "date_start",
    "date_end",
    "budget_amount",
    "currency_id",
    "analytic_account_id",
)
# the 客戶關係維護報告, written by the supervisor while the plan runs
REPORT_FIELDS = ("report_results", "report_feedback", "report_next_measures")
STATES = [
    ("draft", "Draft"),
    ("in_review", "In Review"),
    ("returned", "Returned"),
    ("reviewed", "Reviewed"),
    ("approved", "Approved"),
    ("in_progress", "In Progress"),
    ("reported", "Reported"),
    ("closed", "Closed"),
]


class PropertyCrmMaintenancePlan(models.Model):
    """客戶關係維護方案 (seed 004 六, 七, 八): method, measures, staff and budget of the
    maintenance of some customers.

    The 客戶關係主管 (supervisor) drafts and submits it; the 客戶服務經理 (manager)
    reviews it or returns it with suggestions; the 客戶總監 (director) approves it;
    the supervisor splits it into tasks that the specialists execute and record;
    the supervisor writes the 客戶關係維護報告, which the manager approves, and the
    plan closes. Every step is a button that checks the role and the state.
    """

    _name = "property.crm.maintenance.plan"
    _description = "Customer Relationship Maintenance Plan"
    _sequence_code = "property.crm.maintenance.plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.crm.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "submitted_by_id",
        "submitted_at",
        "reviewed_by_id",
        "reviewed_at",
        "approved_by_id",
        "approved_at",
        "started_by_id",
        "started_at",
        "reported_by_id",
        "reported_at",
        "closed_by_id",
        "closed_at",
    )

    name = fields.Char(
        string="Number",
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    title = fields.Char(string="Subject", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    # whom the plan maintains
    target_type = fields.Selection(
        [
            ("partner", "One Customer"),
            ("grade", "A Customer Grade"),
            ("segment", "A Segment"),
        ],
        string="Customers",
        required=True,
        default="partner",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        tracking=True,
        index=True,
        domain=[("customer_kind", "!=", False)],
    )
    grade_id = fields.Many2one("property.crm.grade", tracking=True)
    segment_area_id = fields.Many2one("property.crm.area", tracking=True)
    segment_kind = fields.Selection(
        [("individual", "Individuals"), ("enterprise", "Enterprises")],
        string="Segment Customer Type",
        tracking=True,
    )
    customer_count = fields.Integer(compute="_compute_customer_count")
    # the plan (方案: 維護方式, 維護措施, 維護人員, 維護費用預算)
    goals = fields.Text(tracking=True)
    method = fields.Selection(
        [
            ("visit", "Visits"),
            ("call", "Calls"),
            ("gift", "Gifts"),
            ("event", "Events"),
            ("mixed", "Mixed"),
        ],
        string="Maintenance Method",
        default="mixed",
        required=True,
        tracking=True,
    )
    measures = fields.Text(string="Maintenance Measures", tracking=True)
    user_ids = fields.Many2many(
        "res.users",
        "property_crm_maintenance_plan_user_rel",
        "plan_id",
        "user_id",
        string="Staff",
        domain=[("share", "=", False)],
    )
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="End", required=True, tracking=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    budget_amount = fields.Monetary(string="Budget", tracking=True)
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        check_company=True,
        tracking=True,
        help="The spending booked on this analytic account counts against the budget.",
    )
    spent_amount = fields.Monetary(
        string="Spent",
        compute="_compute_spent_amount",
        help="Costs booked on the analytic account within the plan's period.",
    )
    budget_remaining = fields.Monetary(
        string="Remaining Budget", compute="_compute_spent_amount"
    )
    # the workflow
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, index=True
    )
    review_suggestions = fields.Text(
        tracking=True,
        copy=False,
        help="The manager's suggestions and requirements when returning the plan.",
    )
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    submitted_at = fields.Datetime(readonly=True, copy=False)
    reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    reviewed_at = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_at = fields.Datetime(readonly=True, copy=False)
    started_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    started_at = fields.Datetime(readonly=True, copy=False)
    reported_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    reported_at = fields.Datetime(readonly=True, copy=False)
    closed_by_id = fields.Many2one(
        "res.users", string="Report Approved By", readonly=True, copy=False
    )
    closed_at = fields.Datetime(readonly=True, copy=False)
    # execution
    task_ids = fields.One2many("property.crm.maintenance.task", "plan_id")
    record_ids = fields.One2many("property.crm.maintenance.record", "plan_id")
    task_count = fields.Integer(compute="_compute_counts")
    task_overdue_count = fields.Integer(compute="_compute_counts")
    record_count = fields.Integer(compute="_compute_counts")
    # 客戶關係維護報告
    report_results = fields.Text(
        string="Results Against Goals", tracking=True, copy=False
    )
    report_feedback = fields.Text(
        string="Customer Feedback Summary", tracking=True, copy=False
    )
    report_next_measures = fields.Text(
        string="Next Measures", tracking=True, copy=False
    )

    _sql_constraints = [
        (
            "budget_positive",
            "CHECK(budget_amount >= 0)",
            "The budget cannot be negative.",
        ),
    ]

    @api.depends("target_type", "partner_id", "grade_id", "segment_area_id")
    def _compute_customer_count(self):
        Partner = self.env["res.partner"]
        for plan in self:
            plan.customer_count = Partner.search_count(plan._customer_domain())

    @api.depends("analytic_account_id", "date_start", "date_end")
    def _compute_spent_amount(self):
        Line = self.env["account.analytic.line"]
        for plan in self:
            spent = 0.0
            if plan.analytic_account_id:
                domain = [
                    ("auto_account_id", "=", plan.analytic_account_id.id),
                    ("amount", "<", 0),
                ]
                if plan.date_start:
                    domain.append(("date", ">=", plan.date_start))
                if plan.date_end:
                    domain.append(("date", "<=", plan.date_end))
                [(total,)] = Line.sudo()._read_group(domain, [], ["amount:sum"])
                spent = -(total or 0.0)
            plan.spent_amount = spent
            plan.budget_remaining = plan.budget_amount - spent

    @api.depends("task_ids.state", "task_ids.deadline", "record_ids")
    def _compute_counts(self):
        now = fields.Datetime.now()
        for plan in self:
            plan.task_count = len(plan.task_ids)
            plan.task_overdue_count = len(
                plan.task_ids.filtered(
                    lambda t: t.state == "open" and t.deadline and t.deadline < now
                )
            )
            plan.record_count = len(plan.record_ids)

    @api.constrains("date_start", "date_end")
    def _check_period(self):
        for plan in self:
            if plan.date_end and plan.date_start and plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._("The plan %s ends before it starts.", plan.display_name)
                )

    @api.constrains("target_type", "partner_id", "grade_id", "segment_area_id")
    def _check_target(self):
        for plan in self:
            missing = (
                (plan.target_type == "partner" and not plan.partner_id)
                or (plan.target_type == "grade" and not plan.grade_id)
                or (
                    plan.target_type == "segment"
                    and not (plan.segment_area_id or plan.segment_kind)
                )
            )
            if missing:
                raise ValidationError(
                    self.env._(
                        "Plan %s: choose the customer, the grade or the segment "
                        "it maintains.",
                        plan.display_name,
                    )
                )

    def _compute_display_name(self):
        for plan in self:
            plan.display_name = (
                f"{plan.name} {plan.title}" if plan.title else plan.name or ""
            )

    def _customer_domain(self):
        """The customers the plan maintains."""
        self.ensure_one()
        if self.target_type == "partner":
            return [("id", "=", self.partner_id.id)]
        domain = [("customer_kind", "!=", False)]
        if self.target_type == "grade":
            return domain + [("grade_id", "=", self.grade_id.id)]
        if self.segment_area_id:
            domain.append(("property_area_id", "=", self.segment_area_id.id))
        if self.segment_kind:
            domain.append(("customer_kind", "=", self.segment_kind))
        return domain

    # ------------------------------------------------------------------
    # the locks
    # ------------------------------------------------------------------

    def _changed(self, vals, fnames):
        return [
            fname
            for fname in vals
            if fname in fnames and not self._is_unchanged(fname, vals[fname])
        ]

    def _check_write_lock(self, vals):
        """The plan's content changes only in draft or returned, by a supervisor; the
        suggestions only by a manager during the review; the report only by a
        supervisor while the plan runs."""
        content = self._changed(vals, CONTENT_FIELDS)
        if content:
            self._check_role("property_crm.group_supervisor", self.env._("edit"))
            self._check_state(("draft", "returned"))
        if self._changed(vals, ("review_suggestions",)):
            self._check_role("property_crm.group_manager", self.env._("review"))
            self._check_state(("in_review",))
        if self._changed(vals, REPORT_FIELDS):
            self._check_role(
                "property_crm.group_supervisor", self.env._("write the report of")
            )
            self._check_state(("in_progress",))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if any(plan.state != "draft" for plan in self):
            raise UserError(self.env._("Only draft maintenance plans can be deleted."))

    def _check_role(self, group_xmlid, action_label):
        if not self.env.is_superuser() and not self.env.user.has_group(group_xmlid):
            raise AccessError(
                self.env._(
                    "Only %(group)s may %(action)s a maintenance plan.",
                    group=self.env.ref(group_xmlid).name,
                    action=action_label,
                )
            )

    def _check_state(self, allowed):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for plan in self:
            if plan.state not in allowed:
                raise UserError(
                    self.env._(
                        "Maintenance plan %(name)s is %(state)s; "
                        "this step is not possible now.",
                        name=plan.name,
                        state=labels[plan.state],
                    )
                )

    # ------------------------------------------------------------------
    # the steps
    # ------------------------------------------------------------------

    def _group_users(self, group_xmlid):
        self.ensure_one()
        return (
            self.env.ref(group_xmlid)
            .sudo()
            .users.filtered(
                lambda u: self.company_id in u.company_ids
                and u.active
                and not u.share
                and u != self.env.ref("base.user_root")
            )
        )

    def _step(self, vals, note, activity_group=None, activity_summary=None):
        """Write the step as the system, close the open to-dos of the plan, note who
        did it in the chatter and ask the next role."""
        for plan in self:
            plan.activity_unlink(["mail.mail_activity_data_todo"])
            plan._workflow_write(vals)
            plan.message_post(body=note, subtype_xmlid="mail.mt_note")
            if activity_group:
                for user in plan._group_users(activity_group):
                    plan.activity_schedule(
                        "mail.mail_activity_data_todo",
                        user_id=user.id,
                        summary=activity_summary,
                    )
        return True

    def action_submit(self):
        self._check_role("property_crm.group_supervisor", self.env._("submit"))
        self._check_state(("draft", "returned"))
        for plan in self:
            if not plan.goals or not plan.measures:
                raise UserError(
                    self.env._(
                        "Plan %s needs its goals and measures before the review.",
                        plan.name,
                    )
                )
        return self._step(
            {
                "state": "in_review",
                "submitted_by_id": self.env.user.id,
                "submitted_at": fields.Datetime.now(),
            },
            self.env._("Submitted for review by %s.", self.env.user.name),
            "property_crm.group_manager",
            self.env._("Review the maintenance plan"),
        )

    def action_return(self):
        self._check_role("property_crm.group_manager", self.env._("return"))
        self._check_state(("in_review",))
        for plan in self:
            if not plan.review_suggestions:
                raise UserError(
                    self.env._(
                        "Please write your suggestions before returning %s.", plan.name
                    )
                )
        for plan in self:
            plan._step(
                {
                    "state": "returned",
                    "reviewed_by_id": self.env.user.id,
                    "reviewed_at": fields.Datetime.now(),
                },
                self.env._(
                    "Returned by %(user)s with suggestions: %(suggestions)s",
                    user=self.env.user.name,
                    suggestions=plan.review_suggestions,
                ),
            )
            if plan.submitted_by_id:
                plan.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=plan.submitted_by_id.id,
                    summary=self.env._("Improve the maintenance plan"),
                    note=plan.review_suggestions,
                )
        return True

    def action_review(self):
        self._check_role("property_crm.group_manager", self.env._("review"))
        self._check_state(("in_review",))
        return self._step(
            {
                "state": "reviewed",
                "reviewed_by_id": self.env.user.id,
                "reviewed_at": fields.Datetime.now(),
            },
            self.env._("Reviewed by %s.", self.env.user.name),
            "property_crm.group_director",
            self.env._("Approve the maintenance plan"),
        )

    def action_approve(self):
        self._check_role("property_crm.group_director", self.env._("approve"))
        self._check_state(("reviewed",))
        self._step(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_at": fields.Datetime.now(),
            },
            self.env._("Approved by %s.", self.env.user.name),
        )
        for plan in self.filtered("submitted_by_id"):
            plan.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=plan.submitted_by_id.id,
                summary=self.env._("Split the approved plan into tasks"),
            )
        return True

    def action_start(self):
        self._check_role("property_crm.group_supervisor", self.env._("start"))
        self._check_state(("approved",))
        return self._step(
            {
                "state": "in_progress",
                "started_by_id": self.env.user.id,
                "started_at": fields.Datetime.now(),
            },
            self.env._("Execution started by %s.", self.env.user.name),
        )

    def action_submit_report(self):
        self._check_role(
            "property_crm.group_supervisor", self.env._("submit the report of")
        )
        self._check_state(("in_progress",))
        for plan in self:
            if not plan.report_results:
                raise UserError(
                    self.env._(
                        "Plan %s: write the results against the goals first.",
                        plan.name,
                    )
                )
        return self._step(
            {
                "state": "reported",
                "reported_by_id": self.env.user.id,
                "reported_at": fields.Datetime.now(),
            },
            self.env._("Maintenance report submitted by %s.", self.env.user.name),
            "property_crm.group_manager",
            self.env._("Approve the maintenance report"),
        )

    def action_reject_report(self):
        self._check_role("property_crm.group_manager", self.env._("send back"))
        self._check_state(("reported",))
        return self._step(
            {"state": "in_progress", "reported_by_id": False, "reported_at": False},
            self.env._("Maintenance report sent back by %s.", self.env.user.name),
        )

    def action_close(self):
        self._check_role(
            "property_crm.group_manager", self.env._("approve the report of")
        )
        self._check_state(("reported",))
        self._step(
            {
                "state": "closed",
                "closed_by_id": self.env.user.id,
                "closed_at": fields.Datetime.now(),
            },
            self.env._(
                "Maintenance report approved by %s; plan closed.", self.env.user.name
            ),
        )
        self.task_ids.filtered(lambda t: t.state == "open")._close_by_system()
        return True

    def action_reset_to_draft(self):
        self._check_role("property_crm.group_supervisor", self.env._("rework"))
        self._check_state(("returned",))
        return self._step(
            {"state": "draft"},
            self.env._("Back to draft by %s.", self.env.user.name),
        )

    def action_view_records(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_crm.property_crm_maintenance_record_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_crm.property_crm_maintenance_task_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_print_report(self):
        self.ensure_one()
        return self.env.ref(
            "property_crm.action_report_maintenance_plan"
        ).report_action(self)
