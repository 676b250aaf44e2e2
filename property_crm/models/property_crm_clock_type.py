import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from .local_time import company_tz

_logger = logging.getLogger(__name__)

try:  # China's public holidays and 調休 make-up workdays (PyPI: chinesecalendar)
    import chinese_calendar
except ImportError:  # pragma: no cover - a declared external dependency
    chinese_calendar = None

ESCALATE_TO = [
    ("area_manager", "Area Manager"),
    ("head", "Head of Asset Management"),
    ("department_manager", "Department Manager"),
    ("assignee", "Assignee"),
    ("director", "Customer Director"),
]
UNITS = {"minutes": 1 / 60, "hours": 1.0, "days": 24.0}
# working-time planning walks day by day, at most this far
MAX_WORKING_DAYS = 800


class PropertyCrmClockType(models.Model):
    """A clock of the seeds (000 §四: 24 h feedback, 1 h response, 10 min report, 12 h
    resolution, 10-day upgrade, callbacks, letters) as data: which records it runs on,
    which event starts, pauses and stops it, how long it lasts (natural or working
    time), who is warned before and escalated to after the deadline, level by level.

    A new clock is one record of this model: the records of ``res_model`` (which
    inherit ``property.crm.sla.mixin``) start, move and stop its lines themselves.
    """

    _name = "property.crm.clock.type"
    _description = "Clock Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, index=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    res_model = fields.Char(
        string="Model",
        required=True,
        index=True,
        help="Technical name, e.g. property.crm.complaint.",
    )
    start_field = fields.Char(
        required=True,
        help="Datetime field of the record the clock counts from (e.g. received_at).",
    )
    run_domain = fields.Char(
        default="[]",
        help="The clock runs while the record matches this domain; otherwise its "
        "line is cancelled (e.g. a downgraded major complaint).",
    )
    stop_field = fields.Char(
        help="Datetime field whose value stops the clock (e.g. feedback_at)."
    )
    stop_domain = fields.Char(
        help="The clock stops when the record matches this domain (e.g. resolved)."
    )
    pause_domain = fields.Char(
        help="The clock pauses while the record matches this domain (e.g. waiting "
        "for the customer); the paused time is added to the deadline."
    )
    deadline_field = fields.Char(
        help="Take the deadline from this field of the record (a liaison letter's "
        "deadline) instead of the duration."
    )
    duration = fields.Float(help="Length of the clock, in the unit below.")
    duration_unit = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")],
        default="hours",
        required=True,
    )
    grade_scaling = fields.Boolean(
        help="Shorten the clock by the customer's grade factor (VIP 0.5, A 0.75): "
        "a factor never lengthens it."
    )
    partner_field = fields.Char(
        default="partner_id", help="Field of the record holding the customer."
    )
    time_mode = fields.Selection(
        [("natural", "Natural Time"), ("working", "Working Time")],
        default="natural",
        required=True,
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        help="Working time: the hours of this calendar (default: the company's).",
    )
    china_holidays = fields.Boolean(
        string="China Public Holidays",
        default=True,
        help="Working time skips China's public holidays and counts the 調休 "
        "make-up workdays (from the chinesecalendar library).",
    )
    warning_hours = fields.Float(
        string="Warn Before (h)",
        help="Notify the responsible person once this many hours before the deadline.",
    )
    warn_to = fields.Selection(ESCALATE_TO, default="assignee")
    escalate_to = fields.Selection(
        ESCALATE_TO,
        help="Who is escalated to when the deadline passes (empty: nobody).",
    )
    breach_method = fields.Char(
        help="Method of the record called with the breached lines (e.g. the "
        "system reports a major complaint itself)."
    )
    breach_summary = fields.Char(translate=True)
    breach_message = fields.Text(
        translate=True,
        help="%(record)s, %(deadline)s and %(clock)s are replaced.",
    )
    level_ids = fields.One2many(
        "property.crm.clock.level", "type_id", string="Further Escalation Levels"
    )
    company_id = fields.Many2one("res.company")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a clock type must be unique."),
    ]

    @api.constrains("res_model", "start_field", "stop_field", "deadline_field")
    def _check_fields(self):
        for clock_type in self:
            model = self.env.get(clock_type.res_model)
            if model is None or "clock_ids" not in model._fields:
                raise ValidationError(
                    self.env._(
                        "Clock type %(name)s: %(model)s is not a model with clocks.",
                        name=clock_type.name,
                        model=clock_type.res_model,
                    )
                )
            for fname in (
                clock_type.start_field,
                clock_type.stop_field,
                clock_type.deadline_field,
            ):
                if fname and fname not in model._fields:
                    raise ValidationError(
                        self.env._(
                            "Clock type %(name)s: %(model)s has no field %(field)s.",
                            name=clock_type.name,
                            model=clock_type.res_model,
                            field=fname,
                        )
                    )
            for domain in (
                clock_type.run_domain,
                clock_type.stop_domain,
                clock_type.pause_domain,
            ):
                if domain:
                    try:
                        model.search(safe_eval(domain), limit=1)
                    except Exception as error:
                        raise ValidationError(
                            self.env._(
                                "Clock type %(name)s: invalid domain %(domain)s.",
                                name=clock_type.name,
                                domain=domain,
                            )
                        ) from error

    @api.constrains("duration", "deadline_field", "warning_hours")
    def _check_duration(self):
        for clock_type in self:
            if not clock_type.deadline_field and clock_type.duration <= 0:
                raise ValidationError(
                    self.env._(
                        "A clock needs a positive duration (%s).", clock_type.name
                    )
                )
            if clock_type.warning_hours < 0:
                raise ValidationError(
                    self.env._("The warning lead cannot be negative.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        types = super().create(vals_list)
        self.env.registry.clear_cache()
        return types

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    @api.model
    def _for_model(self, model_name):
        return self.sudo().search([("res_model", "=", model_name)])

    def _domain(self, fname):
        self.ensure_one()
        return safe_eval(self[fname]) if self[fname] else []

    def _watched_fields(self):
        """Fields of the record whose change may start, move, pause or stop a line."""
        fnames = set()
        for clock_type in self:
            fnames |= {
                clock_type.start_field,
                clock_type.stop_field,
                clock_type.deadline_field,
                clock_type.partner_field,
            }
            for dname in ("run_domain", "stop_domain", "pause_domain"):
                for leaf in clock_type._domain(dname):
                    if isinstance(leaf, list | tuple) and len(leaf) == 3:
                        fnames.add(leaf[0].split(".")[0])
        fnames.discard(False)
        return fnames

    # ------------------------------------------------------------------
    # deadlines
    # ------------------------------------------------------------------

    def _duration_hours(self, record):
        self.ensure_one()
        hours = self.duration * UNITS[self.duration_unit]
        if self.grade_scaling and self.partner_field in record._fields:
            factor = record[self.partner_field].grade_id.sla_factor or 1.0
            hours *= min(factor, 1.0)
        return hours

    def _deadline(self, record, start):
        """The deadline of a line of this clock started at ``start`` (naive UTC)."""
        self.ensure_one()
        if self.deadline_field:
            return record[self.deadline_field] or False
        hours = self._duration_hours(record)
        if self.time_mode == "natural":
            return start + timedelta(hours=hours)
        return self._plan_working_hours(start, hours, record)

    def _calendar(self, record):
        company = (
            record.company_id if "company_id" in record._fields else self.env.company
        )
        return self.resource_calendar_id or company.resource_calendar_id

    def _plan_working_hours(self, start, hours, record):
        """``start`` plus ``hours`` of working time: the calendar's attendances on the
        days that are workdays (China's holidays skipped, 調休 Saturdays worked with
        the hours of a normal weekday)."""
        calendar = self._calendar(record)
        if not calendar:
            return start + timedelta(hours=hours)
        tz = (
            pytz.timezone(calendar.tz)
            if calendar.tz
            else company_tz(
                self.env, record.company_id if "company_id" in record._fields else None
            )
        )
        local_start = pytz.utc.localize(start).astimezone(tz)
        remaining = hours
        day = local_start.date()
        weekday_template = self._first_working_weekday(calendar)
        for _i in range(MAX_WORKING_DAYS):
            weekday = self._workday_weekday(calendar, day, weekday_template)
            if weekday is not None:
                for attendance in calendar.attendance_ids.filtered(
                    lambda a, wd=weekday: int(a.dayofweek) == wd
                    and a.day_period != "lunch"
                    and not a.week_type
                ).sorted("hour_from"):
                    begin = tz.localize(
                        datetime.combine(day, time())
                        + timedelta(hours=attendance.hour_from)
                    )
                    end = tz.localize(
                        datetime.combine(day, time())
                        + timedelta(hours=attendance.hour_to)
                    )
                    begin = max(begin, local_start)
                    if end <= begin:
                        continue
                    available = (end - begin).total_seconds() / 3600
                    if available >= remaining:
                        moment = begin + timedelta(hours=remaining)
                        return moment.astimezone(pytz.utc).replace(tzinfo=None)
                    remaining -= available
            day += timedelta(days=1)
        return start + timedelta(hours=hours)

    @api.model
    def _first_working_weekday(self, calendar):
        weekdays = sorted({int(a.dayofweek) for a in calendar.attendance_ids})
        return weekdays[0] if weekdays else None

    def _workday_weekday(self, calendar, day, template):
        """The weekday whose attendances apply on ``day``, or None on a day off."""
        weekdays = {int(a.dayofweek) for a in calendar.attendance_ids}
        if self.china_holidays and chinese_calendar:
            try:
                if not chinese_calendar.is_workday(day):
                    return None
                # a 調休 make-up workday on a weekend works a normal weekday's hours
                return day.weekday() if day.weekday() in weekdays else template
            except NotImplementedError:
                _logger.warning(
                    "chinesecalendar has no data for %s: using the calendar alone",
                    day.year,
                )
        leaves = calendar.global_leave_ids.filtered(
            lambda leave: leave.date_from.date() <= day <= leave.date_to.date()
        )
        if leaves or day.weekday() not in weekdays:
            return None
        return day.weekday()


class PropertyCrmClockLevel(models.Model):
    """A further escalation level of a clock: still breached this many hours after
    the deadline, the next person is escalated to (area manager → head → 客戶總監)."""

    _name = "property.crm.clock.level"
    _description = "Clock Escalation Level"
    _order = "type_id, delay_hours, id"

    type_id = fields.Many2one(
        "property.crm.clock.type", required=True, ondelete="cascade", index=True
    )
    delay_hours = fields.Float(
        string="Hours After the Deadline", required=True, default=24.0
    )
    escalate_to = fields.Selection(ESCALATE_TO, required=True)

    @api.constrains("delay_hours")
    def _check_delay(self):
        for level in self:
            if level.delay_hours <= 0:
                raise ValidationError(
                    self.env._("An escalation level comes after the deadline.")
                )
