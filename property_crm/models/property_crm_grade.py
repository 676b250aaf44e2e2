from odoo import fields, models


class PropertyCrmGrade(models.Model):
    """客戶分級: a customer grade (seed 004 §五) and the service priority it gives."""

    _name = "property.crm.grade"
    _description = "Customer Grade"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)
    sla_factor = fields.Float(
        string="SLA Factor",
        default=1.0,
        help=(
            "Multiplies the complaint clocks of this "
            "grade's customers (0.5 = twice as fast)."
        ),
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A grade with this code already exists."),
        (
            "sla_factor_positive",
            "CHECK(sla_factor > 0)",
            "The SLA factor must be positive.",
        ),
    ]
