from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyCrmWarrantyComponent(models.Model):
    """A component of a home and its minimum warranty (《建設工程質量管理條例》
    第四十條): foundations and main structure for the design life, roof and
    waterproofing 5 years, heating and cooling 2 heating / cooling periods,
    electrical and plumbing 2 years, decoration 2 years — counted from the
    handover (交房). The company may set longer periods."""

    _name = "property.crm.warranty.component"
    _description = "Warranty Component"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    years = fields.Float(
        string="Warranty (Years)",
        required=True,
        default=2.0,
        help="Years after the handover during which a defect of this component "
        "is repaired under warranty (a heating period counts as a year).",
    )
    basis = fields.Char(
        string="Legal Basis", translate=True, help="The rule the period comes from."
    )

    @api.constrains("years")
    def _check_years(self):
        for component in self:
            if component.years <= 0:
                raise ValidationError(
                    self.env._("A warranty period is a positive number of years.")
                )
