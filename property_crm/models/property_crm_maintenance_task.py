from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class PropertyCrmMaintenanceTask(models.Model):
    """A dated task of a maintenance plan (seed 004 七(一)1: 維護任務分解,
    分配給相關人員, 確定完成期限). Its assignee gets a to-do; past the
    deadline its clock escalates once to the plan's supervisor. Only the
    assignee or a supervisor marks it done.
    """

    _name = "property.crm.maintenance.task"
    _description = "Maintenance Plan Task"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "property.crm.sla.mixin",
        "property.crm.workflow.mixin",
    ]
    _order = "deadline, id"
    _check_company_auto = True
    _workflow_fields = ("state", "done_at", "done_by_id", "sla_status", "sla_deadline")

    name = fields.Char(string="Task", required=True, tracking=True)
    plan_id = fields.Many2one(
        "property.crm.maintenance.plan",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", domain=[("customer_kind", "!=", False)]
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assignee",
        required=True,
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
    )
    deadline = fields.Datetime(required=True, tracking=True)
    description = fields.Text()
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    done_at = fields.Datetime(readonly=True, copy=False)
    done_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    record_ids = fields.One2many("property.crm.maintenance.record", "task_id")

    def _clock_is_closed(self):
        return self.state != "open"

    def _check_plan_open(self, plans):
        if any(plan.state not in ("approved", "in_progress") for plan in plans):
            raise UserError(
                self.env._(
                    "Tasks are split out of an approved plan that is not finished yet."
                )
            )

    def _check_supervisor(self):
        if not self.env.su and not self.env.user.has_group(
            "property_crm.group_supervisor"
        ):
            raise AccessError(self.env._("Only a supervisor splits a plan into tasks."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_supervisor()
        self._check_plan_open(
            self.env["property.crm.maintenance.plan"].browse(
                [vals.get("plan_id") for vals in vals_list if vals.get("plan_id")]
            )
        )
        tasks = super().create(vals_list)
        for task in tasks:
            task.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=task._clock_local_date(task.deadline, task.user_id),
                summary=task.name,
                note=task.description,
                user_id=task.user_id.id,
            )
        return tasks

    def _check_write_lock(self, vals):
        """What a task asks is the supervisor's; a finished task no longer changes."""
        if any(task.state != "open" for task in self):
            raise UserError(self.env._("A finished task can no longer change."))
        self._check_supervisor()
        if "plan_id" in vals:
            self._check_plan_open(
                self.env["property.crm.maintenance.plan"].browse(vals["plan_id"])
            )

    def write(self, vals):
        res = super().write(vals)
        if "user_id" in vals or "deadline" in vals:
            for task in self.filtered(lambda t: t.state == "open"):
                task.sudo().activity_unlink(["mail.mail_activity_data_todo"])
                task.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=task._clock_local_date(task.deadline, task.user_id),
                    summary=task.name,
                    user_id=task.user_id.id,
                )
        return res

    def _clock_recipients(self, role, heads=None):
        """The plan's supervisor: the one who submitted (or created) it, else the
        supervisors of the company."""
        if role != "supervisor":
            return super()._clock_recipients(role, heads)
        self.ensure_one()
        plan = self.plan_id.sudo()
        users = (plan.submitted_by_id | plan.create_uid).filtered(
            lambda u: u.active
            and not u.share
            and u.has_group("property_crm.group_supervisor")
            and u != self.env.ref("base.user_root")
        )[:1]
        return (
            users
            or plan._group_users("property_crm.group_supervisor").filtered(
                lambda u: not u.has_group("property_crm.group_manager")
            )
            or super()._clock_recipients("head", heads)
        )

    def action_done(self):
        for task in self:
            if task.state != "open":
                raise UserError(self.env._("Task %s is not open.", task.name))
            if not (
                self.env.su
                or self.env.user == task.user_id
                or self.env.user.has_group("property_crm.group_supervisor")
            ):
                raise AccessError(
                    self.env._(
                        "Only the assignee or a supervisor marks task %s done.",
                        task.name,
                    )
                )
        self._workflow_write(
            {
                "state": "done",
                "done_at": fields.Datetime.now(),
                "done_by_id": self.env.user.id,
            }
        )
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_cancel(self):
        self._check_supervisor()
        if any(task.state != "open" for task in self):
            raise UserError(self.env._("Only open tasks can be cancelled."))
        self._workflow_write({"state": "cancelled"})
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _close_by_system(self):
        """The plan closed: its open tasks are cancelled (no escalation any more)."""
        self.sudo().write({"state": "cancelled"})
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
