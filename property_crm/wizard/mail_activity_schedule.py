from odoo import api, fields, models

from ..models.local_time import local_date


class MailActivitySchedule(models.TransientModel):
    """An activity scheduled on a record whose clock runs (a major complaint's 12 h,
    a sheet's 1 h) is due by the clock's deadline, not the activity type's default
    delay (To-Do: 5 days)."""

    _inherit = "mail.activity.schedule"

    @api.depends("activity_type_id", "res_ids")
    def _compute_date_deadline(self):
        res = super()._compute_date_deadline()
        for scheduler in self:
            if not scheduler.date_deadline or not scheduler.res_model:
                continue
            Model = self.env[scheduler.res_model]
            if "sla_deadline" not in Model._fields or "clock_ids" not in Model._fields:
                continue
            records = scheduler._get_applied_on_records()
            deadlines = [r.sla_deadline for r in records if r.sla_deadline]
            if not deadlines:
                continue
            company = records[:1].company_id if "company_id" in Model._fields else None
            due = local_date(self.env, company or self.env.company, min(deadlines))
            if due < scheduler.date_deadline:
                scheduler.date_deadline = max(due, fields.Date.context_today(scheduler))
        return res
