from odoo import api, fields, models


class PropertyCrmUnit(models.Model):
    """單元/房屋: a unit of a building, with its occupants and owners."""

    _name = "property.crm.unit"
    _description = "Unit"
    _inherit = ["mail.thread"]
    _order = "building_id, floor, name"
    _check_company_auto = True

    name = fields.Char(string="Unit Code", required=True, tracking=True)
    active = fields.Boolean(default=True)
    building_id = fields.Many2one(
        "property.crm.building",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    area_id = fields.Many2one(
        related="building_id.area_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="building_id.company_id", store=True, index=True, precompute=True
    )
    floor = fields.Integer()
    area_sqm = fields.Float(string="Floor Area (m²)", digits=(10, 2))
    layout = fields.Char(help="戶型, e.g. 3室2廳")
    usage = fields.Selection(
        [
            ("residential", "Residential"),
            ("commercial", "Commercial"),
            ("office", "Office"),
            ("parking", "Parking"),
            ("other", "Other"),
        ],
        default="residential",
        required=True,
    )
    handover_date = fields.Date(help="Date the unit was handed over to its owner.")
    partner_ids = fields.Many2many(
        "res.partner",
        "property_crm_unit_partner_rel",
        "unit_id",
        "partner_id",
        string="Occupants / Owners",
        domain=[("customer_kind", "!=", False)],
    )

    _sql_constraints = [
        (
            "name_building_uniq",
            "unique(name, building_id)",
            "This unit code is already used in this building.",
        ),
        (
            "area_sqm_positive",
            "CHECK(area_sqm >= 0)",
            "The floor area cannot be negative.",
        ),
    ]

    @api.depends("name", "building_id.name")
    def _compute_display_name(self):
        for unit in self:
            unit.display_name = (
                f"{unit.building_id.name} {unit.name}"
                if unit.building_id
                else unit.name
            )
