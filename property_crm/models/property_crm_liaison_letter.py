from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

DEFAULT_DELAY = timedelta(days=2)
BATCH_SIZE = 200


class PropertyCrmLiaisonLetter(models.Model):
    """工作聯繫函 Z-QR-025: a request to another department to settle a matter by a
    deadline.

    Raised from a complaint (or a callback or survey); an overdue letter is escalated to
    the receiving department's manager.
    """

    _name = "property.crm.liaison.letter"
    _description = "Work Liaison Letter"
    _sequence_code = "property.crm.liaison.letter"
    _clock_escalation_subtype = "property_crm.mt_liaison_letter_escalation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "property.crm.sla.mixin",
        "property.crm.workflow.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "sent_at",
        "replied_at",
        "replied_by_id",
        "escalated",
        "sla_status",
        "sla_deadline",
    )
    # what the receiving department writes: its reply
    _receiver_fields = frozenset({"reply"})

    name = fields.Char(
        string="Number",
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    complaint_id = fields.Many2one(
        "property.crm.complaint",
        index=True,
        ondelete="set null",
        check_company=True,
        tracking=True,
    )
    callback_id = fields.Many2one(
        "property.crm.callback", index=True, ondelete="set null", tracking=True
    )
    area_id = fields.Many2one(
        "property.crm.area",
        compute="_compute_area_id",
        store=True,
        index=True,
        precompute=True,
    )
    from_department_id = fields.Many2one(
        "hr.department",
        required=True,
        tracking=True,
        default=lambda self: self.env.user.employee_ids[:1].department_id,
        check_company=True,
    )
    to_department_id = fields.Many2one(
        "hr.department", required=True, tracking=True, index=True, check_company=True
    )
    subject = fields.Char(required=True, tracking=True)
    description = fields.Html(required=True)
    deadline = fields.Datetime(
        required=True,
        tracking=True,
        default=lambda self: fields.Datetime.now() + DEFAULT_DELAY,
    )
    sent_at = fields.Datetime(readonly=True, copy=False)
    reply = fields.Html()
    replied_at = fields.Datetime(readonly=True, copy=False)
    replied_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("replied", "Replied"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    escalated = fields.Boolean(compute="_compute_reply_clock", store=True)
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )

    def _clock_is_closed(self):
        return self.state in ("replied", "closed", "cancelled")

    def _clock_department(self):
        return self.to_department_id

    @api.depends("clock_ids.escalated_at", "clock_ids.breached")
    def _compute_reply_clock(self):
        for letter in self:
            line = letter._clock_lines().get("letter_reply")
            letter.escalated = bool(line and line.breached and line.escalated_at)

    @api.depends("complaint_id.area_id", "callback_id.area_id")
    def _compute_area_id(self):
        for letter in self:
            letter.area_id = letter.complaint_id.area_id or letter.callback_id.area_id

    @api.depends("deadline", "state", "replied_at")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for letter in self:
            letter.is_overdue = (
                letter.state == "sent" and letter.deadline and letter.deadline < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue letters."))
        domain = [("state", "=", "sent"), ("deadline", "<", fields.Datetime.now())]
        return domain if (operator == "=") == value else ["!", *domain]

    def _is_sender_side(self):
        """Customer service, or a member of the sending department."""
        user = self.env.user
        if self.env.su or user.has_group("property_crm.group_specialist"):
            return True
        departments = self.from_department_id
        return all(
            user in (dept.member_ids.user_id | dept.manager_id.user_id)
            for dept in departments
        ) and bool(departments)

    def _check_write_lock(self, vals):
        """The receiving department writes its reply to a sent letter, nothing
        else; the sender side changes the letter (a new deadline is a new clock)."""
        if self._is_sender_side():
            if any(letter.state not in ("draft", "sent") for letter in self) and (
                set(vals) & {"deadline", "to_department_id", "complaint_id"}
            ):
                raise UserError(
                    self.env._("A replied or closed liaison letter cannot be changed.")
                )
            return
        others = set(vals) - self._receiver_fields
        if others or any(letter.state != "sent" for letter in self):
            raise AccessError(
                self.env._(
                    "The receiving department writes only its reply to a sent "
                    "liaison letter."
                )
            )
        self._check_receiving_department()

    def _check_sender_side(self):
        if not self._is_sender_side():
            raise AccessError(
                self.env._(
                    "Only the sending department or customer service may do this "
                    "with a liaison letter."
                )
            )

    def _check_receiving_department(self):
        for letter in self:
            letter._check_department_user(
                letter.to_department_id,
                self.env._(
                    "Only %s may reply to this liaison letter.",
                    letter.to_department_id.display_name,
                ),
            )

    def action_send(self):
        self._check_sender_side()
        for letter in self:
            if letter.state != "draft":
                raise UserError(
                    self.env._("Liaison letter %s was already sent.", letter.name)
                )
            if letter.deadline <= fields.Datetime.now():
                raise UserError(
                    self.env._("The deadline of %s is already past.", letter.name)
                )
        self._workflow_write({"state": "sent", "sent_at": fields.Datetime.now()})
        for letter in self:
            manager = letter.to_department_id.manager_id.user_id
            if manager:
                letter.activity_schedule(
                    "property_crm.mail_activity_type_handling",
                    date_deadline=letter._clock_local_date(letter.deadline, manager),
                    summary=self.env._("Reply to liaison letter %s", letter.name),
                    user_id=manager.id,
                )
        return True

    def action_reply(self):
        self._check_receiving_department()
        for letter in self:
            if letter.state != "sent":
                raise UserError(
                    self.env._(
                        "Liaison letter %s is not waiting for a reply.", letter.name
                    )
                )
            if not letter.reply:
                raise UserError(self.env._("Write the reply first."))
        self._workflow_write(
            {
                "state": "replied",
                "replied_at": fields.Datetime.now(),
                "replied_by_id": self.env.user.id,
            }
        )
        self.activity_feedback(["property_crm.mail_activity_type_handling"])
        for letter in self.filtered("complaint_id"):
            letter.complaint_id.sudo().message_post(
                body=self.env._(
                    "%(department)s replied to liaison letter %(letter)s.",
                    department=letter.to_department_id.display_name,
                    letter=letter.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_close(self):
        self._check_sender_side()
        self.filtered(
            lambda letter: letter.state in ("replied", "sent")
        )._workflow_write({"state": "closed"})
        return True

    def action_cancel(self):
        self._check_sender_side()
        self.filtered(lambda letter: letter.state in ("draft", "sent"))._workflow_write(
            {"state": "cancelled"}
        )
        self.activity_unlink(["property_crm.mail_activity_type_handling"])
        return True
