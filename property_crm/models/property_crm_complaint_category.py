from odoo import fields, models


class PropertyCrmComplaintCategory(models.Model):
    """投訴類別: what a complaint is about, and the department that usually handles
    it."""

    _name = "property.crm.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    department_id = fields.Many2one(
        "hr.department",
        string="Default Department",
        help="Department the handling sheet (處置表) goes to by default.",
    )

    _sql_constraints = [
        (
            "name_uniq",
            "unique(name)",
            "A complaint category with this name already exists.",
        ),
    ]
