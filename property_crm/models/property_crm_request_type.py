from odoo import api, fields, models
from odoo.exceptions import ValidationError

REQUEST_KINDS = [
    ("enquiry", "Enquiry"),
    ("suggestion", "Suggestion"),
    ("report", "Report"),
    ("service", "Service Request"),
]
URGENCIES = [
    ("normal", "Normal"),
    ("urgent", "Urgent"),
    ("emergency", "Emergency"),
]
ASSIGN_TO = [
    ("pool", "Department Pool (Claim)"),
    ("area_manager", "Area Manager of the Unit"),
    ("department_manager", "Department Manager"),
]
# when a type has no line for an urgency: the seeds' 24 h answer, a working week
DEFAULT_HOURS = (24.0, 72.0)


class PropertyCrmRequestType(models.Model):
    """A kind of customer demand (seed 002 §三(二) 客戶需求響應): the department it is
    routed to, who in it gets it, its response and completion deadlines per urgency,
    whether the customer is called back and after how many chases (催辦) the
    department manager is escalated to."""

    _name = "property.crm.request.type"
    _description = "Customer Demand Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    kind = fields.Selection(REQUEST_KINDS, required=True, default="enquiry")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    department_id = fields.Many2one(
        "hr.department",
        string="Responsible Department",
        help="The demands of this type are routed to this department.",
    )
    assign_to = fields.Selection(
        ASSIGN_TO,
        string="Routed To",
        required=True,
        default="pool",
        help="Pool: the department's handlers claim the demand (搶單) or a "
        "supervisor dispatches it; otherwise it goes at once to that person.",
    )
    needs_callback = fields.Boolean(
        help="The customer is called back before the demand is closed."
    )
    chase_limit = fields.Integer(
        string="Chases Before Escalation",
        default=2,
        help="催辦: after this many chases by the customer the department manager "
        "(or the head) is escalated to.",
    )
    deadline_ids = fields.One2many(
        "property.crm.request.type.deadline", "type_id", string="Deadlines"
    )

    @api.constrains("chase_limit")
    def _check_chase_limit(self):
        for request_type in self:
            if request_type.chase_limit < 1:
                raise ValidationError(
                    self.env._("A demand is escalated after one chase at the least.")
                )

    def _deadline_hours(self, urgency):
        """(response hours, completion hours) of this type for ``urgency``."""
        self.ensure_one()
        lines = self.deadline_ids
        line = (
            lines.filtered(lambda d: d.urgency == urgency)[:1]
            or lines.filtered(lambda d: d.urgency == "normal")[:1]
        )
        if not line:
            return DEFAULT_HOURS
        return line.response_hours, line.completion_hours


class PropertyCrmRequestTypeDeadline(models.Model):
    """The response and completion time of a demand type for one urgency."""

    _name = "property.crm.request.type.deadline"
    _description = "Customer Demand Deadline"
    _order = "type_id, response_hours"

    type_id = fields.Many2one(
        "property.crm.request.type", required=True, ondelete="cascade", index=True
    )
    urgency = fields.Selection(URGENCIES, required=True, default="normal")
    response_hours = fields.Float(
        required=True, help="Hours to respond (someone takes it up)."
    )
    completion_hours = fields.Float(required=True, help="Hours to complete it.")

    _sql_constraints = [
        (
            "type_urgency_uniq",
            "unique(type_id, urgency)",
            "One deadline per urgency and demand type.",
        ),
    ]

    @api.constrains("response_hours", "completion_hours")
    def _check_hours(self):
        for line in self:
            if line.response_hours <= 0 or line.completion_hours < line.response_hours:
                raise ValidationError(
                    self.env._(
                        "A demand is answered after some time and completed no "
                        "sooner than it is answered."
                    )
                )
