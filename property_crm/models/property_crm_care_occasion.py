import calendar
import logging
from collections import defaultdict
from datetime import date, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

try:  # the Chinese lunisolar calendar (PyPI: lunar_python)
    from lunar_python import Lunar
except ImportError:  # pragma: no cover - a declared external dependency
    Lunar = None

# greetings made per cron run (each run is one transaction)
GREETING_BATCH = 2000
# the customer's date field and its stored month-day column, per personal occasion
PERSONAL = {
    "birthday": ("birthday", "property_crm_birthday_md", "individual"),
    "anniversary": ("founding_date", "property_crm_founding_md", "enterprise"),
}


def month_day(day):
    return day.month * 100 + day.day if day else 0


class PropertyCrmCareOccasion(models.Model):
    """關懷 (seed 002 §四(一)): a festival or a personal day on which customers are
    greeted. Solar festivals (元旦, 國慶…) have a fixed date; lunar festivals (春節,
    中秋…) a lunar date converted for each year with ``lunar_python``; birthdays
    (individuals) and company anniversaries (enterprises) come from the customer.

    A daily cron greets each consenting customer N days ahead (N per grade) by a mail
    in their language, and schedules a visit with a gift for VIP and key accounts —
    exactly once per customer, occasion and year (``property.crm.care.greeting``).
    """

    _name = "property.crm.care.occasion"
    _description = "Care Occasion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("solar", "Solar Festival"),
            ("lunar", "Lunar Festival"),
            ("birthday", "Birthday"),
            ("anniversary", "Company Anniversary"),
        ],
        required=True,
        default="solar",
    )
    month = fields.Integer(help="Solar festivals: the month (1–12).")
    day = fields.Integer(help="Solar festivals: the day of the month.")
    lunar_month = fields.Integer(help="Lunar festivals: the lunar month (1–12).")
    lunar_day = fields.Integer(help="Lunar festivals: the lunar day (1–30).")
    lead_days = fields.Integer(
        string="Days Ahead",
        default=3,
        help="How many days before the occasion the greeting is scheduled "
        "(grades without a line below).",
    )
    lead_ids = fields.One2many(
        "property.crm.care.occasion.lead", "occasion_id", string="Days Ahead per Grade"
    )
    channel = fields.Selection(
        [("email", "Email"), ("sms", "SMS"), ("none", "No Message")],
        default="email",
        required=True,
        help="How consenting customers are greeted (SMS needs a mobile number, "
        "email an address: without it the greeting is only logged).",
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS Template",
        domain=[("model", "=", "property.crm.care.greeting")],
        help="Rendered in the customer's language.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        domain=[("model", "=", "property.crm.care.greeting")],
        help="Sent in the customer's language.",
    )
    visit_key_accounts = fields.Boolean(
        string="Visit with a Gift",
        default=True,
        help="VIP customers and key accounts get a visit with a gift: an activity "
        "for their responsible officer.",
    )
    next_date = fields.Date(compute="_compute_next_date")
    company_id = fields.Many2one("res.company")

    @api.depends("kind", "month", "day", "lunar_month", "lunar_day")
    @api.depends_context("date")
    def _compute_next_date(self):
        today = fields.Date.context_today(self)
        for occasion in self:
            dates = [
                occasion._date_for_year(year) for year in (today.year, today.year + 1)
            ]
            occasion.next_date = min(
                (day for day in dates if day and day >= today), default=False
            )

    @api.constrains("kind", "month", "day", "lunar_month", "lunar_day", "lead_days")
    def _check_date(self):
        for occasion in self:
            if occasion.lead_days < 0 or any(
                line.lead_days < 0 for line in occasion.lead_ids
            ):
                raise ValidationError(self.env._("Days ahead cannot be negative."))
            if occasion.kind == "solar":
                try:
                    date(2024, occasion.month, occasion.day)
                except ValueError as error:
                    raise ValidationError(
                        self.env._("%s: invalid month or day.", occasion.name)
                    ) from error
            elif occasion.kind == "lunar" and not (
                1 <= occasion.lunar_month <= 12 and 1 <= occasion.lunar_day <= 30
            ):
                raise ValidationError(
                    self.env._("%s: invalid lunar month or day.", occasion.name)
                )

    # ------------------------------------------------------------------
    # dates
    # ------------------------------------------------------------------

    def _date_for_year(self, year):
        """The solar date of this festival in ``year`` (None for personal days)."""
        self.ensure_one()
        if self.kind == "solar":
            return date(year, self.month, self.day)
        if self.kind == "lunar":
            return lunar_to_solar(year, self.lunar_month, self.lunar_day)
        return None

    def _lead_for(self, grade):
        self.ensure_one()
        line = self.lead_ids.filtered(lambda lead: lead.grade_id == grade)[:1]
        return line.lead_days if line else self.lead_days

    def _max_lead(self):
        self.ensure_one()
        return max([self.lead_days, *self.lead_ids.mapped("lead_days")])

    def _grade_domain(self, days_ahead):
        """Customers whose grade greets ``days_ahead`` days before (or fewer: a
        missed day is caught up)."""
        self.ensure_one()
        early = self.lead_ids.filtered(lambda lead: lead.lead_days >= days_ahead)
        late = self.lead_ids - early
        if self.lead_days >= days_ahead:
            return [("grade_id", "not in", late.grade_id.ids)] if late else []
        return [("grade_id", "in", early.grade_id.ids)]

    # ------------------------------------------------------------------
    # the cron
    # ------------------------------------------------------------------

    @api.model
    def _customer_domain(self):
        return [
            ("customer_kind", "!=", False),
            ("property_crm_contact_consent", "=", True),
            ("active", "=", True),
        ]

    def _due_festival(self, today):
        """[(occasion date, year, customer domain)] of a festival in its window."""
        self.ensure_one()
        due = []
        horizon = today + timedelta(days=self._max_lead())
        for year in sorted({today.year, horizon.year}):
            day = self._date_for_year(year)
            if day and today <= day <= horizon:
                domain = self._customer_domain() + self._grade_domain(
                    (day - today).days
                )
                due.append((day, year, domain))
        return due

    def _due_personal(self, today):
        """{partner: (date, year)} of the customers whose birthday or founding
        anniversary falls within the window: read through the indexed month-day
        column, so a day without any reads nobody."""
        self.ensure_one()
        date_field, md_field, kind = PERSONAL[self.kind]
        days = [today + timedelta(days=k) for k in range(self._max_lead() + 1)]
        mds = {month_day(day): day for day in days}
        for day in days:
            # a 29 February is greeted on the 28th in common years
            if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
                mds[229] = day
        partners = self.env["res.partner"].search(
            self._customer_domain()
            + [("customer_kind", "=", kind), (md_field, "in", list(mds))]
        )
        due = {}
        for partner in partners:
            day = mds[partner[md_field]]
            if (day - today).days <= self._lead_for(partner.grade_id):
                due[partner] = (day, day.year)
        return due

    def _channel_for(self, partner):
        self.ensure_one()
        if self.channel == "email" and partner.email:
            return "email"
        if self.channel == "sms" and partner.mobile:
            return "sms"
        return "none"

    @api.model
    def _cron_schedule_greetings(self, today=None, limit=GREETING_BATCH):
        """Greet the customers whose occasions fall in their window, at most
        ``limit`` per run (the cron runs again at once while some remain, each
        batch committed); idempotent: the log is unique per customer, occasion and
        year, and the customers already greeted are left out in SQL."""
        today = today or fields.Date.context_today(self)
        Partner = self.env["res.partner"]
        budget = [limit]
        for occasion in self.search([]):
            if budget[0] <= 0:
                break
            if occasion.kind in PERSONAL:
                by_key = defaultdict(list)
                for partner, key in occasion._due_personal(today).items():
                    by_key[key].append(partner.id)
                for (day, year), partner_ids in by_key.items():
                    occasion._greet(Partner.browse(partner_ids), day, year, budget)
            else:
                for day, year, domain in occasion._due_festival(today):
                    if budget[0] <= 0:
                        break
                    domain = domain + [
                        (
                            "care_greeting_ids",
                            "not any",
                            [("occasion_id", "=", occasion.id), ("year", "=", year)],
                        )
                    ]
                    partners = Partner.search(domain, limit=budget[0], order="id")
                    occasion._greet(partners, day, year, budget)
        done = limit - max(budget[0], 0)
        # a spent budget may leave customers for the next batch
        self.env["ir.cron"]._notify_progress(
            done=done, remaining=1 if budget[0] <= 0 else 0
        )
        return done

    def _greet(self, partners, day, year, budget=None):
        """Log, send and schedule the greetings of ``partners`` not greeted yet (at
        most ``budget[0]``, which is decreased)."""
        self.ensure_one()
        if not partners:
            return self.env["property.crm.care.greeting"]
        Greeting = self.env["property.crm.care.greeting"].sudo()
        done = set(
            Greeting.search(
                [
                    ("occasion_id", "=", self.id),
                    ("year", "=", year),
                    ("partner_id", "in", partners.ids),
                ]
            ).partner_id.ids
        )
        partners = partners.filtered(lambda p: p.id not in done)
        if budget is not None:
            partners = partners[: max(budget[0], 0)]
            budget[0] -= len(partners)
        if not partners:
            return Greeting
        vip = self.env.ref("property_crm.grade_vip", raise_if_not_found=False)
        greetings = Greeting.create(
            [
                {
                    "partner_id": partner.id,
                    "occasion_id": self.id,
                    "year": year,
                    "occasion_date": day,
                    "channel": self._channel_for(partner),
                    "visit": self.visit_key_accounts
                    and (partner.is_key_account or (vip and partner.grade_id == vip)),
                }
                for partner in partners
            ]
        )
        mailed = greetings.filtered(lambda g: g.channel == "email")
        if mailed and self.mail_template_id:
            self.mail_template_id.sudo().send_mail_batch(mailed.ids)
        texted = greetings.filtered(lambda g: g.channel == "sms")
        if texted and self.sms_template_id:
            bodies = self.sms_template_id.sudo()._render_field(
                "body", texted.ids, compute_lang=True
            )
            self.env["sms.sms"].sudo().create(
                [
                    {
                        "number": greeting.partner_id.mobile,
                        "partner_id": greeting.partner_id.id,
                        "body": bodies[greeting.id],
                    }
                    for greeting in texted
                ]
            )
        visits = greetings.filtered("visit")
        if visits:
            visits._schedule_visit()
        bodies = {}
        for greeting in greetings:
            bodies[greeting.partner_id.id] = greeting._log_text()
        partners.sudo()._message_log_batch(bodies)
        _logger.info(
            "care: %s greetings for %s %s (%s visits)",
            len(greetings),
            self.name,
            year,
            len(visits),
        )
        return greetings


class PropertyCrmCareOccasionLead(models.Model):
    """How many days before an occasion the customers of a grade are greeted."""

    _name = "property.crm.care.occasion.lead"
    _description = "Care Occasion Days Ahead per Grade"

    occasion_id = fields.Many2one(
        "property.crm.care.occasion", required=True, ondelete="cascade", index=True
    )
    grade_id = fields.Many2one("property.crm.grade", required=True)
    lead_days = fields.Integer(string="Days Ahead", required=True, default=7)

    _sql_constraints = [
        (
            "grade_uniq",
            "unique(occasion_id, grade_id)",
            "One line per grade and occasion.",
        ),
    ]


class PropertyCrmCareGreeting(models.Model):
    """The log of a greeting: one per customer, occasion and year, whatever how often
    the cron runs."""

    _name = "property.crm.care.greeting"
    _description = "Care Greeting"
    _order = "occasion_date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    occasion_id = fields.Many2one(
        "property.crm.care.occasion", required=True, ondelete="cascade", index=True
    )
    year = fields.Integer(required=True)
    occasion_date = fields.Date(required=True)
    channel = fields.Selection(
        [("email", "Email"), ("sms", "SMS"), ("none", "No Message")], required=True
    )
    visit = fields.Boolean(string="Visit with a Gift")
    activity_user_id = fields.Many2one("res.users", string="Visit By")
    create_date = fields.Datetime(string="Scheduled On")

    _sql_constraints = [
        (
            "once_uniq",
            "unique(partner_id, occasion_id, year)",
            "A customer is greeted once per occasion and year.",
        ),
    ]

    def _visit_user(self):
        self.ensure_one()
        partner = self.partner_id
        user = partner.key_account_user_id or partner.user_id
        if user and user.active and not user.share:
            return user
        supervisors = (
            self.env.ref("property_crm.group_supervisor")
            .sudo()
            .users.filtered(
                lambda u: u.active
                and not u.share
                and u != self.env.ref("base.user_root")
            )
        )
        return supervisors.sorted("id")[:1] or self.env.ref("base.user_admin")

    def _schedule_visit(self):
        activity_type = self.env.ref("property_crm.mail_activity_type_care_visit")
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals = []
        for greeting in self:
            user = greeting._visit_user()
            greeting.activity_user_id = user
            vals.append(
                {
                    "res_model_id": model_id,
                    "res_id": greeting.partner_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._(
                        "Visit with a gift: %s", greeting.occasion_id.name
                    ),
                    "user_id": user.id,
                    "date_deadline": greeting.occasion_date,
                }
            )
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals)

    def _log_text(self):
        self.ensure_one()
        parts = [
            self.env._(
                "Care: %(occasion)s %(date)s",
                occasion=self.occasion_id.name,
                date=self.occasion_date,
            )
        ]
        if self.channel == "email":
            parts.append(self.env._("greeting sent by email"))
        elif self.channel == "sms":
            parts.append(self.env._("greeting sent by SMS"))
        if self.visit:
            parts.append(
                self.env._(
                    "visit with a gift scheduled for %s", self.activity_user_id.name
                )
            )
        return Markup("; ").join(parts)


def lunar_to_solar(year, lunar_month, lunar_day):
    """The solar date of lunar ``lunar_month``/``lunar_day`` of the lunar year that
    starts in solar ``year`` (a 30th missing that month falls on the 29th)."""
    if Lunar is None:  # pragma: no cover
        return None
    for day in (lunar_day, lunar_day - 1):
        try:
            solar = Lunar.fromYmd(year, lunar_month, day).getSolar()
        except Exception:  # noqa: BLE001 - the library raises a bare Exception
            continue
        return date(solar.getYear(), solar.getMonth(), solar.getDay())
    return None
