from odoo import api, fields, models


class PropertyCrmArea(models.Model):
    """片區: a group of buildings under one 片區經理 (area manager)."""

    _name = "property.crm.area"
    _description = "Property Area"
    _inherit = ["mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Area Manager",
        tracking=True,
        index=True,
        check_company=True,
        help="片區經理: owns the area's major complaints and their callbacks.",
    )
    building_ids = fields.One2many(
        "property.crm.building", "area_id", string="Buildings"
    )
    building_count = fields.Integer(compute="_compute_building_count")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "An area with this name already exists in this company.",
        ),
    ]

    @api.depends("building_ids")
    def _compute_building_count(self):
        counts = dict(
            self.env["property.crm.building"]._read_group(
                [("area_id", "in", self.ids)], ["area_id"], ["__count"]
            )
        )
        for area in self:
            area.building_count = counts.get(area, 0)
