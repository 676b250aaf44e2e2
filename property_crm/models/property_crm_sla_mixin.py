from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

SLA_STATUS = [
    ("on_track", "On Track"),
    ("due_soon", "Due Soon"),
    ("breached", "Breached"),
    ("done", "Done"),
]
# a clock is "due soon" during its last fifth
DUE_SOON_SHARE = 0.2


class PropertyCrmSlaMixin(models.AbstractModel):
    """Shared machinery of the clocks (SPEC "The clocks"): exact cron triggers at each
    deadline, due records locked and escalated exactly once, escalation as a mail
    activity on the responsible person plus a chatter message."""

    _name = "property.crm.sla.mixin"
    _description = "Customer Relations SLA Clocks"

    @api.model
    def _sla_watchdog_cron(self):
        return self.env.ref(
            "property_crm.ir_cron_sla_watchdog", raise_if_not_found=False
        )

    @api.model
    def _sla_schedule(self, moments):
        """Make the watchdog run at each of ``moments`` (naive UTC datetimes).

        Cron triggers have a one-minute precision: a moment is rounded up to its minute,
        so the run never comes before the deadline, and at most one trigger exists per
        minute.
        """
        cron = self._sla_watchdog_cron()
        if not cron:
            return
        minutes = set()
        for moment in moments:
            if moment:
                minute = moment.replace(second=0, microsecond=0)
                minutes.add(
                    minute if minute == moment else minute + timedelta(minutes=1)
                )
        if not minutes:
            return
        existing = (
            self.env["ir.cron.trigger"]
            .sudo()
            .search_fetch(
                [("cron_id", "=", cron.id), ("call_at", "in", list(minutes))],
                ["call_at"],
            )
        )
        minutes -= set(existing.mapped("call_at"))
        if minutes:
            cron.sudo()._trigger(at=sorted(minutes))

    @api.model
    def _sla_lock_due(self, condition, order_column, limit):
        """Return the records matching ``condition`` (an SQL over this model's table),
        locked for this transaction. Rows another worker holds are skipped: it escalates
        them."""
        self.env.flush_all()
        query = SQL(
            "SELECT id FROM %s WHERE %s ORDER BY %s "
            "LIMIT %s FOR NO KEY UPDATE SKIP LOCKED",
            SQL.identifier(self._table),
            condition,
            SQL.identifier(order_column),
            limit,
        )
        self.env.cr.execute(query)
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _sla_count_due(self, condition):
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM %s WHERE %s",
                SQL.identifier(self._table),
                condition,
            )
        )
        return self.env.cr.fetchone()[0]

    def _sla_escalate(self, users, summary, body):
        """Escalate this record to ``users``: one activity each plus a chatter
        message."""
        self.ensure_one()
        users = users.filtered(lambda user: user.active and not user.share)
        activity_type = self.env.ref("property_crm.mail_activity_type_escalation")
        for user in users:
            self.activity_schedule(
                "property_crm.mail_activity_type_escalation",
                date_deadline=fields.Date.context_today(self),
                summary=summary,
                note=body,
                user_id=user.id,
                activity_type_id=activity_type.id,
            )
        self.message_post(
            body=body,
            subject=summary,
            subtype_xmlid="property_crm.mt_escalation",
            partner_ids=users.partner_id.ids,
        )

    @api.model
    def _sla_head_users(self, company):
        """資產管理部負責人: the head configured on the company, else the managers."""
        company = company or self.env.company
        if company.property_crm_head_user_id:
            return company.property_crm_head_user_id
        managers = self.env.ref("property_crm.group_manager").users
        return managers.filtered(
            lambda user: company in user.company_ids
            and user.id != self.env.ref("base.user_root").id
        )

    @api.model
    def _sla_due_soon_at(self, start, deadline):
        if not start or not deadline:
            return deadline
        return deadline - (deadline - start) * DUE_SOON_SHARE
