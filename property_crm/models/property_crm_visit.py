from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class PropertyCrmVisit(models.Model):
    """A planned visit to a key account or a graded customer (seed 004 篇2, 篇3: 每月
    制定下月外出拜訪客戶計劃, 記載拜訪時間、單位、姓名、反饋內容). The monthly plan is
    made before the month starts; a visit made after its planned day is late, one
    not made in its month is missed — both cost the officer points."""

    _name = "property.crm.visit"
    _description = "Customer Visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.crm.workflow.mixin"]
    _order = "planned_date, id"
    _check_company_auto = True
    _workflow_fields = ("state", "done_at", "is_late", "month")

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        domain=[("customer_kind", "!=", False)],
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Officer",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    planned_date = fields.Date(required=True, tracking=True)
    month = fields.Date(
        compute="_compute_month", store=True, index=True, help="First day."
    )
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("missed", "Missed")],
        default="planned",
        required=True,
        tracking=True,
        index=True,
    )
    done_at = fields.Datetime(string="Visited At", readonly=True, copy=False)
    is_late = fields.Boolean(compute="_compute_is_late", store=True)
    contact_name = fields.Char(string="Person Met")
    feedback = fields.Text(tracking=True)

    _sql_constraints = [
        (
            "partner_month_uniq",
            "unique(partner_id, month)",
            "A customer has one planned visit per month.",
        ),
    ]

    @api.depends("planned_date")
    def _compute_month(self):
        for visit in self:
            visit.month = visit.planned_date and visit.planned_date.replace(day=1)

    @api.depends("done_at", "planned_date")
    def _compute_is_late(self):
        for visit in self:
            visit.is_late = bool(
                visit.done_at
                and visit.planned_date
                and visit.done_at.date() > visit.planned_date
            )

    def _check_write_lock(self, vals):
        """The plan of a month is the officer's and the supervisor's; once made or
        missed, when and for whom no longer change."""
        fixed = [f for f in ("partner_id", "planned_date", "user_id") if f in vals]
        if fixed and any(visit.state != "planned" for visit in self):
            raise UserError(self.env._("A visit made or missed can no longer move."))
        if "planned_date" in vals and not self.env.user.has_group(
            "property_crm.group_supervisor"
        ):
            new = fields.Date.to_date(vals["planned_date"])
            if any(new and new.replace(day=1) != visit.month for visit in self):
                raise UserError(
                    self.env._("Only a supervisor moves a visit to another month.")
                )

    def action_done(self):
        for visit in self:
            if visit.state != "planned":
                raise UserError(self.env._("This visit is not planned any more."))
            if not (
                self.env.su
                or self.env.user == visit.user_id
                or self.env.user.has_group("property_crm.group_supervisor")
            ):
                raise AccessError(
                    self.env._("Only the officer or a supervisor records the visit.")
                )
        self._workflow_write({"state": "done", "done_at": fields.Datetime.now()})
        self.sudo().activity_feedback(["property_crm.mail_activity_type_care_visit"])
        return True

    @api.model
    def _cron_plan_visits(self, today=None):
        """From the plan day on, next month's visits of the key accounts (every
        month) and of the graded customers due by their grade's interval — once per
        customer and month; visits of months that ended undone become missed."""
        today = today or fields.Date.context_today(self)
        self._mark_missed(today)
        company = self.env.company
        if today.day < company.property_crm_visit_plan_day:
            return 0
        month = (today + relativedelta(months=1)).replace(day=1)
        Partner = self.env["res.partner"]
        grades = self.env["property.crm.grade"].search(
            [("visit_interval_months", ">", 0)]
        )
        partners = Partner.search(
            [
                ("customer_kind", "!=", False),
                "|",
                ("is_key_account", "=", True),
                ("grade_id", "in", grades.ids),
            ]
        )
        if not partners:
            return 0
        last = {
            partner.id: last_month
            for partner, last_month in self._read_group(
                [("partner_id", "in", partners.ids), ("state", "!=", "missed")],
                ["partner_id"],
                ["month:max"],
            )
        }
        vals = []
        for partner in partners:
            interval = (
                1 if partner.is_key_account else partner.grade_id.visit_interval_months
            )
            previous = last.get(partner.id)
            if previous and previous + relativedelta(months=interval) > month:
                continue
            officer = partner.key_account_user_id or partner.user_id
            if not officer or officer.share or not officer.active:
                continue
            vals.append(
                {
                    "partner_id": partner.id,
                    "user_id": officer.id,
                    "company_id": company.id,
                    "planned_date": month + timedelta(days=14),
                }
            )
        visits = self.create(vals)
        for visit in visits:
            visit.activity_schedule(
                "property_crm.mail_activity_type_care_visit",
                date_deadline=visit.planned_date,
                summary=self.env._("Visit %s", visit.partner_id.name),
                user_id=visit.user_id.id,
            )
        return len(visits)

    @api.model
    def _mark_missed(self, today):
        missed = self.search(
            [("state", "=", "planned"), ("month", "<", today.replace(day=1))]
        )
        if missed:
            missed._workflow_write({"state": "missed"})
            missed.activity_unlink(["property_crm.mail_activity_type_care_visit"])
        return missed
