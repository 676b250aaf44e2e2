import calendar
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import clean_context

PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
ACTIVE_STATES = ("active", "expiring")
# the lease terms: fixed once the lease is active
TERM_FIELDS = (
    "kind",
    "partner_id",
    "unit_ids",
    "building_id",
    "date_start",
    "date_end",
    "rent_amount",
    "currency_id",
    "billing_period",
    "billing_timing",
    "due_day",
    "deposit_amount",
    "rent_free_months",
    "yearly_increase",
    "tax_ids",
    "analytic_account_id",
    "company_id",
)
DEFAULT_NOTICE_DAYS = {"owner": 180, "tenant": 60}


def _day_in_month(year, month, day):
    """``day`` of the month, the month's last day when the month is shorter."""
    return fields.Date.to_date(
        f"{year:04d}-{month:02d}-{min(day, calendar.monthrange(year, month)[1]):02d}"
    )


class PropertyCrmLease(models.Model):
    """租賃合同: a lease of the company — ``tenant``, the company lets units to a
    customer (rent receivable, customer invoices), or ``owner``, the company leases a
    property from its owner (seed 000 篇3, rent payable, vendor bills).

    The rent schedule is computed from the terms and posted line by line by the
    daily rent cron, each line exactly once. The terms are fixed once the lease is
    active; states change only through the buttons, for finance.
    """

    _name = "property.crm.lease"
    _description = "Lease"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "property.crm.workflow.mixin",
    ]
    _sequence_code = "property.crm.lease"
    _workflow_fields = ("state", "renewed_lease_id", "renewal_activity_done")
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="New"
    )
    kind = fields.Selection(
        [("tenant", "Tenant Lease"), ("owner", "Owner Lease")],
        required=True,
        default="tenant",
        tracking=True,
        help="Tenant: the company lets units to a customer, rent is receivable. "
        "Owner: the company leases a property from its owner, rent is payable.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Tenant / Owner",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    unit_ids = fields.Many2many(
        "property.crm.unit",
        "property_crm_lease_unit_rel",
        "lease_id",
        "unit_id",
        string="Units",
        check_company=True,
    )
    building_id = fields.Many2one(
        "property.crm.building",
        compute="_compute_building_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        index=True,
    )
    area_id = fields.Many2one(
        related="building_id.area_id", store=True, index=True, string="Area"
    )
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    rent_amount = fields.Monetary(
        string="Monthly Rent",
        required=True,
        tracking=True,
        currency_field="currency_id",
    )
    billing_period = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        required=True,
        default="monthly",
        tracking=True,
    )
    billing_timing = fields.Selection(
        [("advance", "In Advance"), ("arrears", "In Arrears")],
        string="Billed",
        required=True,
        default="advance",
        help="In advance: due in the first month of the period; in arrears: due in "
        "the month after the period.",
    )
    due_day = fields.Integer(
        default=1,
        required=True,
        help="Day of the month the rent falls due (the month's last day when the "
        "month is shorter).",
    )
    deposit_amount = fields.Monetary(string="Deposit", currency_field="currency_id")
    rent_free_months = fields.Integer(
        help="Months without rent at the start of the lease (免租期)."
    )
    yearly_increase = fields.Float(
        string="Yearly Increase (%)",
        digits=(16, 2),
        help="Rent increase at each anniversary of the start, compounded.",
    )
    renewal_terms = fields.Text()
    notice_days = fields.Integer(
        string="Notice Period (days)",
        compute="_compute_notice_days",
        store=True,
        readonly=False,
        precompute=True,
        help="The renewal activity is due this many days before the end "
        "(180 for owner leases, 60 for tenant leases unless set).",
    )
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        check_company=True,
        domain="[('type_tax_use', '=', 'sale' if kind == 'tenant' else 'purchase')]",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account", check_company=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("expiring", "Expiring"),
            ("ended", "Ended"),
            ("renewed", "Renewed"),
            ("terminated", "Terminated"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    line_ids = fields.One2many(
        "property.crm.lease.line", "lease_id", string="Rent Schedule", readonly=True
    )
    move_ids = fields.One2many("account.move", "property_crm_lease_id", readonly=True)
    move_count = fields.Integer(compute="_compute_move_stats")
    amount_overdue = fields.Monetary(
        compute="_compute_move_stats", currency_field="currency_id"
    )
    renewed_lease_id = fields.Many2one(
        "property.crm.lease", string="Renewed By", readonly=True, copy=False
    )
    previous_lease_id = fields.Many2one(
        "property.crm.lease", string="Renewal Of", readonly=True, copy=False
    )
    renewal_activity_done = fields.Boolean(readonly=True, copy=False)
    event_count = fields.Integer(string="Owner Events", compute="_compute_event_count")
    notes = fields.Html()

    _sql_constraints = [
        (
            "due_day_range",
            "CHECK(due_day BETWEEN 1 AND 31)",
            "The due day is a day of the month (1 to 31).",
        ),
        (
            "rent_free_positive",
            "CHECK(rent_free_months >= 0)",
            "The rent-free period cannot be negative.",
        ),
    ]

    @api.depends("unit_ids")
    def _compute_building_id(self):
        for lease in self:
            if lease.unit_ids and not lease.building_id:
                lease.building_id = lease.unit_ids[:1].building_id

    @api.depends("kind")
    def _compute_notice_days(self):
        for lease in self:
            if (
                not lease.notice_days
                or lease.notice_days in DEFAULT_NOTICE_DAYS.values()
            ):
                lease.notice_days = DEFAULT_NOTICE_DAYS.get(lease.kind, 60)

    @api.depends("move_ids.amount_residual", "line_ids.date_due")
    def _compute_move_stats(self):
        today = fields.Date.context_today(self)
        for lease in self:
            moves = lease.sudo().move_ids
            lease.move_count = len(moves)
            lease.amount_overdue = sum(
                moves.filtered(
                    lambda m: m.state == "posted"
                    and m.payment_state not in ("paid", "in_payment", "reversed")
                    and m.invoice_date_due
                    and m.invoice_date_due < today
                ).mapped("amount_residual")
            )

    def _compute_event_count(self):
        counts = dict(
            self.env["calendar.event"]
            .sudo()
            ._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for lease in self:
            lease.event_count = counts.get(lease.id, 0)

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("date_start", "date_end", "billing_period")
    def _check_dates(self):
        for lease in self:
            if lease.date_end < lease.date_start:
                raise ValidationError(
                    self.env._(
                        "Lease %(name)s ends (%(end)s) before it starts (%(start)s).",
                        name=lease.name,
                        end=lease.date_end,
                        start=lease.date_start,
                    )
                )
            if not lease._period_count():
                raise ValidationError(
                    self.env._(
                        "The dates of lease %(name)s (%(start)s to %(end)s) are not "
                        "a whole number of %(period)s billing periods.",
                        name=lease.name,
                        start=lease.date_start,
                        end=lease.date_end,
                        period=dict(
                            self._fields["billing_period"]._description_selection(
                                self.env
                            )
                        )[lease.billing_period].lower(),
                    )
                )

    @api.constrains("rent_amount")
    def _check_rent_amount(self):
        for lease in self:
            if lease.currency_id.compare_amounts(lease.rent_amount, 0) <= 0:
                raise ValidationError(
                    self.env._(
                        "The rent of lease %s must be more than zero.", lease.name
                    )
                )

    @api.constrains("deposit_amount", "yearly_increase")
    def _check_amounts(self):
        for lease in self:
            if lease.deposit_amount < 0 or lease.yearly_increase < 0:
                raise ValidationError(
                    self.env._(
                        "The deposit and the yearly increase of lease %s cannot be "
                        "negative.",
                        lease.name,
                    )
                )

    @api.constrains("state", "unit_ids", "date_start", "date_end", "kind")
    def _check_overlap(self):
        for lease in self.filtered(
            lambda lease: lease.state in ACTIVE_STATES and lease.unit_ids
        ):
            other = self.sudo().search(
                [
                    ("id", "!=", lease.id),
                    ("kind", "=", lease.kind),
                    ("state", "in", ACTIVE_STATES),
                    ("unit_ids", "in", lease.unit_ids.ids),
                    ("date_start", "<=", lease.date_end),
                    ("date_end", ">=", lease.date_start),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "Unit %(units)s already has the active lease %(other)s "
                        "from %(start)s to %(end)s.",
                        units=", ".join(
                            (lease.unit_ids & other.unit_ids).mapped("display_name")
                        ),
                        other=other.name,
                        start=other.date_start,
                        end=other.date_end,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def _is_default(self, fname, value):
        # a default sent in the context is no default of the workflow
        return super(
            PropertyCrmLease, self.with_context(clean_context(self.env.context))
        )._is_default(fname, value)

    def _check_write_lock(self, vals):
        self._check_finance_role()
        if any(lease.state != "draft" for lease in self) and any(
            fname in vals and not self._is_unchanged(fname, vals[fname])
            for fname in TERM_FIELDS
        ):
            raise UserError(
                self.env._(
                    "The terms of a lease change only while it is a draft: renew it "
                    "or terminate it instead."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._check_finance_role()
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(lease.state != "draft" for lease in self):
            raise UserError(self.env._("Only draft leases can be deleted."))

    # ------------------------------------------------------------------
    # the rent schedule
    # ------------------------------------------------------------------

    def _boundary(self, k):
        """Start of the ``k``-th billing period: counted from the lease start, so that
        month ends do not drift (31 Jan, 28/29 Feb, 31 Mar...)."""
        self.ensure_one()
        start = self.date_start
        months = PERIOD_MONTHS[self.billing_period] * k
        day = start + relativedelta(months=months)
        if start.day == calendar.monthrange(start.year, start.month)[1]:
            # a lease starting on a month end runs from month end to month end
            day = _day_in_month(day.year, day.month, 31)
        return day

    def _period_count(self):
        """The number of billing periods of the lease, 0 when the dates are not a whole
        number of them (the end is the day before a period boundary)."""
        self.ensure_one()
        if not (self.date_start and self.date_end and self.billing_period):
            return 0
        end = self.date_end + timedelta(days=1)
        step = PERIOD_MONTHS[self.billing_period]
        k = 1
        # a bound: months between the dates, plus one period
        bound = (
            (end.year - self.date_start.year) * 12 + end.month - self.date_start.month
        ) // step + 2
        while k <= bound:
            boundary = self._boundary(k)
            if boundary == end:
                return k
            if boundary > end:
                return 0
            k += 1
        return 0

    def _due_date(self, period_start, period_end):
        self.ensure_one()
        if self.billing_timing == "advance":
            month = period_start
        else:
            month = period_end + relativedelta(months=1)
        return _day_in_month(month.year, month.month, self.due_day)

    def _schedule_values(self):
        """The rent schedule of the terms: one dict per billing period with its dates,
        due date and amount (rent-free months and yearly increases applied)."""
        self.ensure_one()
        values = []
        step = PERIOD_MONTHS[self.billing_period]
        rate = 1 + (self.yearly_increase or 0.0) / 100.0
        for k in range(self._period_count()):
            period_start = self._boundary(k)
            period_end = self._boundary(k + 1) - timedelta(days=1)
            amount = 0.0
            for month in range(k * step, (k + 1) * step):
                if month < self.rent_free_months:
                    continue
                # the rent of the lease year the month belongs to
                amount += self.rent_amount * rate ** (month // 12)
            values.append(
                {
                    "sequence": k + 1,
                    "date_start": period_start,
                    "date_end": period_end,
                    "date_due": self._due_date(period_start, period_end),
                    "amount": self.currency_id.round(amount),
                }
            )
        return values

    def _generate_schedule(self):
        for lease in self:
            lease.line_ids.sudo().unlink()
            self.env["property.crm.lease.line"].sudo().create(
                [dict(vals, lease_id=lease.id) for vals in lease._schedule_values()]
            )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def _check_finance_role(self):
        if self.env.su:
            return
        if not (
            self.env.user.has_group("property_crm.group_finance")
            or self.env.user.has_group("property_crm.group_manager")
        ):
            raise AccessError(
                self.env._("Only Finance or a Customer Service Manager manages leases.")
            )

    def _check_state(self, states, action):
        for lease in self:
            if lease.state not in states:
                raise UserError(
                    self.env._(
                        "Lease %(name)s cannot be %(action)s in state %(state)s.",
                        name=lease.name,
                        action=action,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[lease.state],
                    )
                )

    def action_compute_schedule(self):
        self._check_finance_role()
        self._check_state(("draft",), self.env._("rescheduled"))
        self._generate_schedule()
        return True

    def action_activate(self):
        self._check_finance_role()
        self._check_state(("draft",), self.env._("activated"))
        for lease in self:
            if not lease.unit_ids and not lease.building_id:
                raise UserError(
                    self.env._("Lease %s needs units or a building.", lease.name)
                )
        self._generate_schedule()
        self._workflow_write({"state": "active"})
        self._update_expiring()
        return True

    def _check_no_unposted_due(self):
        today = fields.Date.context_today(self)
        for lease in self:
            due = lease.line_ids.filtered(
                lambda line: line.state == "to_invoice" and line.date_due <= today
            )
            if due:
                raise UserError(
                    self.env._(
                        "Lease %(name)s still has %(count)s rent line(s) due and not "
                        "posted: post them (the rent cron) before ending it.",
                        name=lease.name,
                        count=len(due),
                    )
                )

    def action_end(self):
        self._check_finance_role()
        self._check_state(ACTIVE_STATES, self.env._("ended"))
        self._check_no_unposted_due()
        self._cancel_future_lines()
        self._workflow_write({"state": "ended"})
        return True

    def action_terminate(self):
        self._check_finance_role()
        self._check_state(ACTIVE_STATES, self.env._("terminated"))
        self._check_no_unposted_due()
        self._cancel_future_lines()
        self._workflow_write({"state": "terminated"})
        return True

    def _cancel_future_lines(self):
        self.line_ids.filtered(lambda line: line.state == "to_invoice").sudo().write(
            {"state": "cancelled"}
        )

    def action_renew(self):
        """Renewing creates the next lease, a draft from the current terms starting
        the day after the end."""
        self._check_finance_role()
        self._check_state(ACTIVE_STATES, self.env._("renewed"))
        self._check_no_unposted_due()
        leases = self.env["property.crm.lease"]
        for lease in self:
            start = lease.date_end + timedelta(days=1)
            years = relativedelta(lease.date_end + timedelta(days=1), lease.date_start)
            end = start + years - timedelta(days=1)
            rate = 1 + (lease.yearly_increase or 0.0) / 100.0
            lease_years = max(years.years, 1)
            new = lease.sudo().copy(
                {
                    "date_start": start,
                    "date_end": end,
                    "rent_free_months": 0,
                    "rent_amount": lease.currency_id.round(
                        lease.rent_amount * rate**lease_years
                    ),
                    "previous_lease_id": lease.id,
                    "unit_ids": [Command.set(lease.unit_ids.ids)],
                    "tax_ids": [Command.set(lease.tax_ids.ids)],
                }
            )
            lease._cancel_future_lines()
            lease._workflow_write({"state": "renewed", "renewed_lease_id": new.id})
            leases |= new
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.crm.lease",
            "view_mode": "form",
            "res_id": leases[:1].id,
        }

    def _event_context(self):
        self.ensure_one()
        return {
            "default_res_model_id": self.env["ir.model"]._get_id(self._name),
            "default_res_id": self.id,
            "default_partner_ids": [
                Command.set((self.partner_id | self.env.user.partner_id).ids)
            ],
            "default_name": self.env._(
                "%(partner)s: %(lease)s", partner=self.partner_id.name, lease=self.name
            ),
        }

    def action_schedule_owner_event(self):
        """Owner relations (seed 000 篇3): an opening, celebration or visit as a
        calendar event with the owner invited."""
        self.ensure_one()
        self._check_finance_role()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Owner Event"),
            "res_model": "calendar.event",
            "view_mode": "form",
            "target": "current",
            "context": self._event_context(),
        }

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "calendar.action_calendar_event"
        )
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = self._event_context()
        return action

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_journal_line"
        )
        action.update(
            {
                "domain": [("property_crm_lease_id", "=", self.id)],
                "context": {"create": False},
            }
        )
        return action

    # ------------------------------------------------------------------
    # expiry and renewal
    # ------------------------------------------------------------------

    def _update_expiring(self):
        """Active leases whose notice period began become expiring, with an activity
        to the responsible person to renew or end them."""
        today = fields.Date.context_today(self)
        for lease in self.filtered(lambda lease: lease.state == "active"):
            if lease.date_end - timedelta(days=lease.notice_days or 0) <= today:
                lease._workflow_write({"state": "expiring"})
                if not lease.renewal_activity_done:
                    lease.sudo().activity_schedule(
                        "mail.mail_activity_data_todo",
                        date_deadline=lease.date_end
                        - timedelta(days=min(lease.notice_days or 0, 30)),
                        summary=self.env._("Renew or end lease %s", lease.name),
                        user_id=(lease.user_id or self.env.user).id,
                    )
                    lease._workflow_write({"renewal_activity_done": True})

    @api.model
    def _cron_lease_expiry(self):
        today = fields.Date.context_today(self)
        leases = self.search([("state", "=", "active"), ("date_end", ">=", today)])
        leases._update_expiring()
        return len(leases)
