from odoo import api, fields, models


class PropertyCrmBuilding(models.Model):
    """樓宇: a building of an area; its units house the customers."""

    _name = "property.crm.building"
    _description = "Building"
    _inherit = ["mail.thread"]
    _order = "area_id, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    area_id = fields.Many2one(
        "property.crm.area",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="area_id.company_id", store=True, index=True, precompute=True
    )
    street = fields.Char(string="Address")
    city = fields.Char()
    unit_ids = fields.One2many("property.crm.unit", "building_id", string="Units")
    unit_count = fields.Integer(compute="_compute_unit_count")

    _sql_constraints = [
        (
            "name_area_uniq",
            "unique(name, area_id)",
            "A building with this name already exists in this area.",
        ),
    ]

    @api.depends("unit_ids")
    def _compute_unit_count(self):
        counts = dict(
            self.env["property.crm.unit"]._read_group(
                [("building_id", "in", self.ids)], ["building_id"], ["__count"]
            )
        )
        for building in self:
            building.unit_count = counts.get(building, 0)
