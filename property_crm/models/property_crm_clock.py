import threading
from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL, create_index, format_datetime

from . import local_time

# a clock is "due soon" during its last fifth
DUE_SOON_SHARE = 0.2
BATCH_SIZE = 500
CLOCK_STATES = [
    ("running", "Running"),
    ("paused", "Paused"),
    ("met", "Met"),
    ("breached", "Breached"),
    ("cancelled", "Cancelled"),
]


class PropertyCrmClock(models.Model):
    """One clock of one record (the seeds' 24 h feedback of a complaint, the 1 h
    response of a handling sheet…): when it started, its deadline, when it stopped,
    whether it was breached and who was escalated to, level by level.

    Lines are written by the system only (the records keep them in step with
    themselves; the watchdog warns, breaches and escalates them).
    """

    _name = "property.crm.clock"
    _description = "Clock"
    _order = "deadline, id"
    _rec_name = "type_id"

    type_id = fields.Many2one(
        "property.crm.clock.type", required=True, ondelete="cascade", index=True
    )
    code = fields.Char(related="type_id.code", store=True)
    # one composite index (res_model, res_id), see init()
    res_model = fields.Char(required=True)
    res_id = fields.Many2oneReference(model_field="res_model", required=True)
    company_id = fields.Many2one("res.company")
    started_at = fields.Datetime(required=True)
    deadline = fields.Datetime()
    stopped_at = fields.Datetime()
    paused_at = fields.Datetime()
    paused_hours = fields.Float()
    state = fields.Selection(CLOCK_STATES, required=True, default="running")
    breached = fields.Boolean(help="The deadline passed before the clock stopped.")
    due_soon = fields.Boolean(help="The clock entered its last fifth.")
    warned_at = fields.Datetime()
    escalated_at = fields.Datetime()
    escalation_level = fields.Integer(
        help="How many escalations were made (the breach, then each further level)."
    )
    next_check_at = fields.Datetime(
        compute="_compute_next_check_at",
        store=True,
        help="Next moment the watchdog has something to do with this line.",
    )
    status = fields.Selection(
        [
            ("on_track", "On Track"),
            ("due_soon", "Due Soon"),
            ("breached", "Breached"),
            ("done", "Done"),
            ("paused", "Paused"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_status",
    )

    def init(self):
        res = super().init()
        # the watchdog only ever scans the lines that wait for something
        create_index(
            self.env.cr,
            "property_crm_clock_next_check_idx",
            self._table,
            ["next_check_at"],
            where="next_check_at IS NOT NULL",
        )
        create_index(
            self.env.cr,
            "property_crm_clock_record_idx",
            self._table,
            ["res_model", "res_id"],
        )
        return res

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    def _due_soon_at(self):
        self.ensure_one()
        if not self.deadline or not self.started_at:
            return self.deadline
        return self.deadline - (self.deadline - self.started_at) * DUE_SOON_SHARE

    def _warn_at(self):
        self.ensure_one()
        if not self.deadline or not self.type_id.warning_hours:
            return False
        return self.deadline - timedelta(hours=self.type_id.warning_hours)

    def _next_level(self):
        """The further escalation level due next, or an empty recordset."""
        self.ensure_one()
        levels = self.type_id.level_ids.sorted("delay_hours")
        # level 1 is the escalation at the breach itself
        index = self.escalation_level - (1 if self.type_id.escalate_to else 0)
        return levels[index] if 0 <= index < len(levels) else levels.browse()

    @api.depends(
        "state",
        "deadline",
        "started_at",
        "due_soon",
        "warned_at",
        "breached",
        "escalation_level",
        "type_id.warning_hours",
        "type_id.level_ids.delay_hours",
    )
    def _compute_next_check_at(self):
        for line in self:
            moments = line._pending_moments()
            line.next_check_at = min(moments) if moments else False

    def _pending_moments(self):
        """The moments the watchdog still has something to do with this line: due
        soon, the warning, the deadline, the next escalation level."""
        self.ensure_one()
        moments = []
        if self.state == "running" and self.deadline:
            moments.append(self.deadline)
            if not self.due_soon:
                moments.append(self._due_soon_at())
            warn_at = self._warn_at()
            if warn_at and not self.warned_at:
                moments.append(warn_at)
        elif self.state == "breached" and not self.stopped_at and self.deadline:
            level = self._next_level()
            if level:
                moments.append(self.deadline + timedelta(hours=level.delay_hours))
        return moments

    @api.depends_context("uid")
    @api.depends("state", "due_soon", "breached", "deadline")
    def _compute_status(self):
        now = fields.Datetime.now()
        for line in self:
            if line.state == "cancelled":
                line.status = "cancelled"
            elif line.state == "paused":
                line.status = "paused"
            elif line.breached or line.state == "breached":
                line.status = "breached"
            elif line.state == "met":
                line.status = "done"
            elif line.deadline and now >= line.deadline:
                line.status = "breached"
            elif line.due_soon or (line.deadline and now >= line._due_soon_at()):
                line.status = "due_soon"
            else:
                line.status = "on_track"

    # ------------------------------------------------------------------
    # triggers: one per distinct moment
    # ------------------------------------------------------------------

    @api.model
    def _watchdog_cron(self):
        return self.env.ref(
            "property_crm.ir_cron_sla_watchdog", raise_if_not_found=False
        )

    def _schedule_checks(self):
        """Make the watchdog run at the next check of these lines: one trigger per
        distinct moment, however many lines and transactions ask for it."""
        moments = set()
        for line in self:
            moments.update(line._pending_moments())
        self._schedule_moments(moments)

    @api.model
    def _schedule_moments(self, moments):
        cron = self._watchdog_cron()
        moments = sorted(
            {moment.replace(microsecond=0) for moment in moments if moment}
        )
        if not cron or not moments:
            return
        # the unique index created with the cron (_install_trigger_index) makes a
        # moment another transaction already queued a no-op
        self.env.cr.execute(
            SQL(
                "INSERT INTO ir_cron_trigger (cron_id, call_at, create_uid, "
                "create_date, write_uid, write_date) "
                "SELECT %(cron)s, moment, %(uid)s, now() at time zone 'UTC', "
                "%(uid)s, now() at time zone 'UTC' "
                "FROM unnest(%(moments)s::timestamp[]) AS moment "
                "WHERE NOT EXISTS (SELECT 1 FROM ir_cron_trigger t "
                "WHERE t.cron_id = %(cron)s AND t.call_at = moment) "
                "ON CONFLICT DO NOTHING",
                cron=cron.id,
                uid=self.env.uid,
                moments=moments,
            )
        )
        if moments[0] <= fields.Datetime.now():
            self.env.cr.postcommit.add(cron._notifydb)

    @api.model
    def _install_trigger_index(self):
        """A unique index on the watchdog's triggers (called from data, once the cron
        exists): concurrent transactions queue one trigger per moment."""
        cron = self._watchdog_cron()
        if not cron:
            return
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS property_crm_watchdog_trigger_uniq "
                "ON ir_cron_trigger (call_at) WHERE cron_id = %s",
                SQL(str(int(cron.id))),
            )
        )

    # ------------------------------------------------------------------
    # the watchdog
    # ------------------------------------------------------------------

    @api.model
    def _cron_watchdog(self):
        """ir_cron_sla_watchdog: every line whose next check has come is marked due
        soon, warned, breached or escalated to its next level — exactly once, even
        with several workers — then the watchdog sleeps until the next moment."""
        if self.env.context.get("ir_cron_progress_id") and not getattr(
            threading.current_thread(), "testing", False
        ):
            # a fresh snapshot: rows another worker escalated and committed meanwhile
            # are seen as they are, not as a serialization failure. Nothing of this
            # job is written yet: only the cron's own progress record is committed.
            self.env.cr.commit()  # pylint: disable=invalid-commit
        now = fields.Datetime.now()
        lines = self._lock_due(now, BATCH_SIZE)
        if lines:
            lines._process(now)
        remaining = self._count_due(now) if len(lines) == BATCH_SIZE else 0
        self.env["ir.cron"]._notify_progress(done=len(lines), remaining=remaining)
        if remaining:
            self._schedule_moments([now])
        return len(lines)

    @api.model
    def _lock_due(self, now, limit):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM property_crm_clock WHERE next_check_at <= %s "
                "ORDER BY next_check_at LIMIT %s FOR NO KEY UPDATE SKIP LOCKED",
                now,
                limit,
            )
        )
        return self.sudo().browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _count_due(self, now):
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM property_crm_clock WHERE next_check_at <= %s", now
            )
        )
        return self.env.cr.fetchone()[0]

    def _process(self, now):
        due_soon, warnings, breaches, levels = self.browse(), [], self.browse(), []
        for line in self:
            if line.state == "running" and line.deadline and now >= line.deadline:
                breaches |= line
            elif line.state == "running":
                if not line.due_soon and now >= line._due_soon_at():
                    due_soon |= line
                warn_at = line._warn_at()
                if warn_at and not line.warned_at and now >= warn_at:
                    warnings.append((line, line.type_id.warn_to or "assignee"))
            elif line.state == "breached" and not line.stopped_at:
                level = line._next_level()
                if level and now >= line.deadline + timedelta(hours=level.delay_hours):
                    levels.append((line, level.escalate_to))
        if due_soon:
            due_soon.write({"due_soon": True})
        if warnings:
            self.browse([line.id for line, _role in warnings]).write(
                {"warned_at": now, "due_soon": True}
            )
            self._notify(warnings, "warning", now)
        if breaches:
            breaches.write({"state": "breached", "breached": True, "due_soon": True})
            self._run_breach_methods(breaches)
            escalated = breaches.filtered(lambda line: line.type_id.escalate_to)
            if escalated:
                escalated.write({"escalated_at": now, "escalation_level": 1})
                self._notify(
                    [(line, line.type_id.escalate_to) for line in escalated],
                    "breach",
                    now,
                )
        for line, _role in levels:
            line.escalation_level += 1
        if levels:
            self._notify(levels, "level", now)
        self._schedule_checks()

    def _run_breach_methods(self, breaches):
        by_method = defaultdict(lambda: self.browse())
        for line in breaches.filtered(lambda line: line.type_id.breach_method):
            by_method[line.res_model, line.type_id.breach_method] |= line
        for (model, method), lines in by_method.items():
            records = self.env[model].sudo().browse(lines.mapped("res_id")).exists()
            getattr(records, method)(lines)

    # ------------------------------------------------------------------
    # notifications in batches: one activity create, one message log per model
    # ------------------------------------------------------------------

    def _records(self):
        """{line: record} for these lines, one browse per model."""
        by_model = defaultdict(list)
        for line in self:
            by_model[line.res_model].append(line.res_id)
        records = {
            model: self.env[model].sudo().browse(ids) for model, ids in by_model.items()
        }
        return {
            line: records[line.res_model]
            .browse(line.res_id)
            .with_prefetch(records[line.res_model]._prefetch_ids)
            for line in self
        }

    def _subscribe_repeated_recipients(self, activity_vals):
        """Two activities of one batch for the same user on the same record (two
        clocks of a complaint running out together): mail.activity subscribes the
        user once per activity in one insert, which would insert the follower twice.
        Subscribe those users first; the activities then find them following."""
        seen, repeated = set(), defaultdict(set)
        for vals in activity_vals:
            key = (vals["res_model_id"], vals["res_id"], vals["user_id"])
            if key in seen:
                repeated[(vals["res_model_id"], vals["user_id"])].add(vals["res_id"])
            seen.add(key)
        for (model_id, user_id), res_ids in repeated.items():
            model = self.env["ir.model"].browse(model_id).model
            partner = self.env["res.users"].browse(user_id).partner_id
            self.env[model].sudo().browse(sorted(res_ids)).message_subscribe(
                partner_ids=partner.ids
            )

    def _notify(self, pairs, kind, now):
        """An activity for each recipient of each (line, role), and one chatter note
        per record, in the recipients' language."""
        lines = self.browse([line.id for line, _role in pairs])
        records = lines._records()
        heads = {}
        activity_type = self.env.ref(
            "property_crm.mail_activity_type_sla_warning"
            if kind == "warning"
            else "property_crm.mail_activity_type_escalation"
        )
        model_ids = {
            model: self.env["ir.model"]._get_id(model)
            for model in set(lines.mapped("res_model"))
        }
        activity_vals = []
        notes = defaultdict(dict)
        for line, role in pairs:
            record = records[line]
            if not record.exists():
                continue
            users = record._clock_recipients(role, heads)
            for user in users:
                summary, body = line._message(record, kind, user.lang)
                activity_vals.append(
                    {
                        "res_model_id": model_ids[line.res_model],
                        "res_id": record.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "note": body,
                        "user_id": user.id,
                        "date_deadline": line._local_date(now, user),
                    }
                )
            lang = (
                "company_id" in record._fields and record.company_id.partner_id.lang
            ) or self.env.lang
            notes[line.res_model][record.id] = line._message(record, kind, lang)[1]
        if activity_vals:
            self._subscribe_repeated_recipients(activity_vals)
            self.env["mail.activity"].sudo().with_context(
                mail_activity_quick_update=True
            ).create(activity_vals)
        for model, bodies in notes.items():
            records = self.env[model].sudo().browse(list(bodies))
            records._clock_log_batch(
                bodies,
                subtype_xmlid="mail.mt_note"
                if kind == "warning"
                else records._clock_escalation_subtype,
            )

    @api.model
    def _local_date(self, moment, user):
        """The day of ``moment`` in ``user``'s timezone (else the company's)."""
        company = self.company_id or user.company_id
        tz = (
            pytz.timezone(user.tz)
            if user.tz in pytz.all_timezones_set
            else local_time.company_tz(self.env, company)
        )
        return pytz.utc.localize(moment).astimezone(tz).date()

    def _local_string(self, moment, lang):
        if not moment:
            return ""
        env = self.with_context(lang=lang).env
        tz = local_time.company_tz(self.env, self.company_id or self.env.company)
        return format_datetime(env, moment, tz=tz.zone, dt_format="short")

    def _message(self, record, kind, lang):
        self.ensure_one()
        clock_type = self.type_id.with_context(lang=lang or "en_US")
        env = clock_type.env
        values = {
            "record": record.display_name,
            "clock": clock_type.name,
            "deadline": self._local_string(self.deadline, lang),
        }
        if kind == "warning":
            summary = env._("Due soon: %(clock)s", **values)
            body = env._("%(record)s: %(clock)s is due at %(deadline)s.", **values)
        elif kind == "level":
            summary = env._("Still breached: %(clock)s", **values)
            body = env._(
                "%(record)s: %(clock)s is still not done after its deadline "
                "%(deadline)s; escalated to the next level.",
                **values,
            )
        else:
            summary = _format(clock_type.breach_summary, values) or env._(
                "Breached: %(clock)s", **values
            )
            body = _format(clock_type.breach_message, values) or env._(
                "%(record)s: %(clock)s was breached (deadline %(deadline)s).", **values
            )
        return summary, body


def _format(template, values):
    """A clock type's translated template with its placeholders replaced; a broken
    translation falls back to the default text."""
    if not template:
        return False
    try:
        return template % values
    except (KeyError, TypeError, ValueError):
        return False
