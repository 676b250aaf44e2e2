from odoo import api, fields, models
from odoo.exceptions import AccessError
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

        The trigger is the exact deadline: the cron thread picks a ready job within its
        one-minute polling interval, so an escalation comes within a minute of its
        deadline. A moment that already has a trigger is not queued twice.
        """
        cron = self._sla_watchdog_cron()
        if not cron:
            return
        pending = {moment.replace(microsecond=0) for moment in moments if moment}
        if not pending:
            return
        existing = (
            self.env["ir.cron.trigger"]
            .sudo()
            .search_fetch(
                [("cron_id", "=", cron.id), ("call_at", "in", list(pending))],
                ["call_at"],
            )
        )
        pending -= set(existing.mapped("call_at"))
        if pending:
            cron.sudo()._trigger(at=sorted(pending))

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
    def _check_department_user(self, department, message):
        """Handlers act only for their own department (its members and its manager);
        customer service acts for every department."""
        user = self.env.user
        if self.env.is_superuser() or user.has_group("property_crm.group_specialist"):
            return
        if user not in department.member_ids.user_id | department.manager_id.user_id:
            raise AccessError(message)

    @api.model
    def _sla_due_soon_at(self, start, deadline):
        if not start or not deadline:
            return deadline
        return deadline - (deadline - start) * DUE_SOON_SHARE
