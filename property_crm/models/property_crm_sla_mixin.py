from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import ormcache

SLA_STATUS = [
    ("on_track", "On Track"),
    ("due_soon", "Due Soon"),
    ("breached", "Breached"),
    ("done", "Done"),
]
OPEN_LINE_STATES = ("running", "paused", "breached")


class PropertyCrmSlaMixin(models.AbstractModel):
    """Records with clocks (SPEC "The clocks"): the lines of the clock types of the
    model (``property.crm.clock.type``) start, move, pause, stop and cancel
    themselves with the record on every create and write, and give the record its
    next deadline and SLA status. Escalations are made by the watchdog
    (``property.crm.clock._cron_watchdog``)."""

    _name = "property.crm.sla.mixin"
    _description = "Customer Relations Clocks"
    # the subtype of escalation notes, bound to the model (followers of the model
    # choose it)
    _clock_escalation_subtype = "property_crm.mt_escalation"

    clock_ids = fields.One2many(
        "property.crm.clock", "res_id", string="Clocks", readonly=True, copy=False
    )
    sla_deadline = fields.Datetime(
        string="Next Deadline",
        compute="_compute_sla_from_clocks",
        store=True,
        index=True,
    )
    sla_status = fields.Selection(
        SLA_STATUS,
        string="SLA Status",
        compute="_compute_sla_from_clocks",
        store=True,
        index=True,
    )

    def _clock_is_closed(self):
        """Hook: the record is finished, its SLA status reads Done."""
        self.ensure_one()
        return False

    @api.depends(
        "clock_ids.state",
        "clock_ids.deadline",
        "clock_ids.due_soon",
        "clock_ids.breached",
    )
    def _compute_sla_from_clocks(self):
        for record in self:
            lines = record.clock_ids.filtered(lambda line: line.state != "cancelled")
            running = lines.filtered(lambda line: line.state == "running")
            record.sla_deadline = min(running.mapped("deadline"), default=False)
            if not lines:
                record.sla_status = False
            elif record._clock_is_closed():
                record.sla_status = "done"
            elif any(line.breached for line in lines):
                record.sla_status = "breached"
            elif any(line.due_soon for line in running):
                record.sla_status = "due_soon"
            elif running or lines.filtered(lambda line: line.state == "paused"):
                record.sla_status = "on_track"
            else:
                record.sla_status = "done"

    def _clock_lines(self):
        """{code: the latest line not cancelled} of this record."""
        self.ensure_one()
        lines = {}
        for line in self.clock_ids.sorted("id"):
            if line.state != "cancelled":
                lines[line.code] = line
        return lines

    # ------------------------------------------------------------------
    # keeping the lines in step with the record
    # ------------------------------------------------------------------

    @api.model
    @ormcache("self._name")
    def _clock_type_ids(self):
        return tuple(self.env["property.crm.clock.type"]._for_model(self._name).ids)

    def _clock_types(self):
        return self.env["property.crm.clock.type"].sudo().browse(self._clock_type_ids())

    @api.model
    @ormcache("self._name")
    def _clock_watched_fields(self):
        return frozenset(self._clock_types()._watched_fields())

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._clock_sync()
        return records

    def write(self, vals):
        res = super().write(vals)
        if self._clock_watched_fields() & set(vals):
            self._clock_sync()
        return res

    def unlink(self):
        lines = (
            self.env["property.crm.clock"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )
        res = super().unlink()
        lines.unlink()
        return res

    def _clock_sync(self):
        """Start, move, pause, resume, stop, reopen or cancel the lines of every clock
        type of the model so that they match the records; changes are noted in the
        chatter; the watchdog is scheduled at the new moments."""
        types = self._clock_types()
        records = self.sudo().exists()
        if not types or not records:
            return
        records.flush_recordset()
        Clock = self.env["property.crm.clock"].sudo()
        existing = Clock.search(
            [("res_model", "=", self._name), ("res_id", "in", records.ids)],
            order="id",
        )
        latest = {(line.res_id, line.type_id.id): line for line in existing}
        matches = {}
        for clock_type in types:
            for dname in ("run_domain", "stop_domain", "pause_domain"):
                if clock_type[dname]:
                    matches[clock_type.id, dname] = set(
                        records.filtered_domain(clock_type._domain(dname)).ids
                    )
        now = fields.Datetime.now()
        new_vals, changed, notes = [], Clock.browse(), defaultdict(list)
        for record in records:
            for clock_type in types:
                line = latest.get((record.id, clock_type.id), Clock.browse())
                vals, note = record._clock_line_change(clock_type, line, matches, now)
                if vals is None:
                    continue
                if line and line.state != "cancelled":
                    line.write(vals)
                    changed |= line
                else:
                    new_vals.append(vals)
                if note:
                    notes[record.id].append(note)
        if new_vals:
            changed |= Clock.create(new_vals)
        if notes:
            records.browse(list(notes))._clock_log_batch(
                {rid: Markup("<br/>").join(texts) for rid, texts in notes.items()},
                subtype_xmlid="mail.mt_note",
            )
        if changed:
            changed._schedule_checks()

    def _clock_line_change(self, clock_type, line, matches, now):
        """(values, note) that bring ``line`` (maybe empty or cancelled) of
        ``clock_type`` in step with this record; (None, None) when it already is."""
        self.ensure_one()
        start = self[clock_type.start_field]
        runs = bool(start) and (
            not clock_type.run_domain or self.id in matches[clock_type.id, "run_domain"]
        )
        stop_at = (self[clock_type.stop_field] if clock_type.stop_field else False) or (
            now
            if clock_type.stop_domain
            and self.id in matches[clock_type.id, "stop_domain"]
            else False
        )
        paused = bool(
            clock_type.pause_domain
            and self.id in matches[clock_type.id, "pause_domain"]
        )
        name = clock_type.name
        if not line or line.state == "cancelled":
            if not runs or stop_at:
                return None, None
            deadline = clock_type._deadline(self, start)
            if not deadline:
                return None, None
            vals = {
                "type_id": clock_type.id,
                "res_model": self._name,
                "res_id": self.id,
                "company_id": self.company_id.id
                if "company_id" in self._fields
                else False,
                "started_at": start,
                "deadline": deadline,
                "state": "paused" if paused else "running",
                "paused_at": now if paused else False,
            }
            return vals, (self.env._("%s restarted.", name) if line else None)
        if not runs:
            if line.state in OPEN_LINE_STATES:
                return (
                    {"state": "cancelled", "paused_at": False},
                    self.env._("%s cancelled.", name),
                )
            return None, None
        if line.stopped_at:
            if stop_at:
                return None, None
            return (
                {
                    "stopped_at": False,
                    "state": "breached" if line.breached else "running",
                },
                self.env._("%s runs again (reopened).", name),
            )
        if stop_at:
            late = line.breached or bool(line.deadline and stop_at > line.deadline)
            return (
                {
                    "stopped_at": stop_at,
                    "state": "breached" if late else "met",
                    "breached": late,
                    "paused_at": False,
                },
                None,
            )
        vals, notes = {}, []
        if line.state == "paused" and not paused:
            paused_hours = (now - line.paused_at).total_seconds() / 3600
            vals.update(
                state="breached" if line.breached else "running",
                paused_at=False,
                paused_hours=line.paused_hours + paused_hours,
            )
            notes.append(
                self.env._(
                    "%(clock)s resumed after %(hours).1f h paused.",
                    clock=name,
                    hours=paused_hours,
                )
            )
        elif line.state == "running" and paused:
            vals.update(state="paused", paused_at=now)
            notes.append(self.env._("%s paused.", name))
        deadline = clock_type._deadline(self, start)
        if deadline and not clock_type.deadline_field:
            deadline += timedelta(hours=vals.get("paused_hours", line.paused_hours))
        if deadline and (start != line.started_at or deadline != line.deadline):
            vals.update(started_at=start, deadline=deadline)
            if line.breached and deadline > now:
                # a deadline moved into the future is a new clock: escalated again
                vals.update(
                    breached=False,
                    due_soon=False,
                    warned_at=False,
                    escalation_level=0,
                )
                if vals.get("state", line.state) == "breached":
                    vals["state"] = "running"
            notes.append(
                self.env._(
                    "%(clock)s moved: deadline %(deadline)s.",
                    clock=name,
                    deadline=line._local_string(deadline, self.env.lang),
                )
            )
        if not vals:
            return None, None
        return vals, "<br/>".join(notes) if notes else None

    # ------------------------------------------------------------------
    # who is warned and escalated to
    # ------------------------------------------------------------------

    def _clock_log_batch(self, bodies, subtype_xmlid="property_crm.mt_escalation"):
        """One chatter note per record ({id: body}) in a single create, as
        ``_message_log_batch`` does, with the escalation subtype."""
        if not bodies:
            return self.env["mail.message"]
        author = self.env.ref("base.partner_root")
        subtype = self.env.ref(subtype_xmlid)
        return (
            self.env["mail.message"]
            .sudo()
            .create(
                [
                    {
                        "model": self._name,
                        "res_id": res_id,
                        "body": Markup(body) if body else body,
                        "message_type": "notification",
                        "subtype_id": subtype.id,
                        "author_id": author.id,
                        "email_from": author.email_formatted,
                        "is_internal": subtype.internal,
                    }
                    for res_id, body in bodies.items()
                ]
            )
        )

    def _clock_department(self):
        """Hook: the department a clock of this record concerns."""
        return self.env["hr.department"]

    def _clock_recipients(self, role, heads=None):
        """Active internal users to tell for ``role``; the head when nobody fits."""
        self.ensure_one()
        company = self.company_id if "company_id" in self._fields else self.env.company
        heads = {} if heads is None else heads
        if company.id not in heads:
            heads[company.id] = self._sla_head_users(company)
        users = self.env["res.users"]
        if role == "area_manager" and "area_id" in self._fields:
            users = self.area_id.manager_id
        elif role == "department_manager":
            users = self._clock_department().manager_id.user_id
        elif role == "assignee" and "user_id" in self._fields:
            users = self.user_id
        elif role == "director":
            director = self.env.ref(
                "property_crm.group_director", raise_if_not_found=False
            )
            users = director.users if director else users
        users = users.filtered(lambda user: user.active and not user.share)
        return users or heads[company.id]

    @api.model
    def _sla_head_users(self, company):
        """資產管理部負責人: the head configured on the company, else the managers."""
        # read as the system: a portal customer's complaint needs its head too
        company = (company or self.env.company).sudo()
        if company.property_crm_head_user_id:
            return company.property_crm_head_user_id.with_env(self.env)
        managers = self.env.ref("property_crm.group_manager").sudo().users
        return managers.filtered(
            lambda user: company in user.company_ids
            and user.id != self.env.ref("base.user_root").id
        ).with_env(self.env)

    @api.model
    def _check_department_user(self, department, message):
        """Handlers act only for their own department (its members and its manager);
        customer service acts for every department."""
        user = self.env.user
        if self.env.su or user.has_group("property_crm.group_specialist"):
            return
        if user not in department.member_ids.user_id | department.manager_id.user_id:
            raise AccessError(message)

    def _clock_local_date(self, moment, user):
        """The day of ``moment`` in ``user``'s timezone (activity deadlines)."""
        return self.env["property.crm.clock"]._local_date(moment, user)
