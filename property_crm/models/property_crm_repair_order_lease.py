from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .property_crm_liaison_letter_lease import COOPERATION_KINDS


class PropertyCrmRepairOrder(models.Model):
    """A repair the owner's property needs (seed 000 篇3: the owner's cooperation
    on maintenance, fire safety, water and power) is a 維修工作單 linked to the lease.

    The lease must be one of the order's company that the caller may read, and the
    unit one of the lease's units or in its building.
    """

    _inherit = "property.crm.repair.order"  # pylint: disable=consider-merging-classes-inherited

    lease_id = fields.Many2one(
        "property.crm.lease",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        help="The lease of the property repaired (the owner's cooperation on an "
        "owner lease).",
    )
    lease_building_id = fields.Many2one(
        related="lease_id.building_id", string="Lease Building", readonly=True
    )
    cooperation_kind = fields.Selection(
        COOPERATION_KINDS, string="Cooperation", tracking=True
    )

    @api.constrains("lease_id", "unit_id")
    def _check_lease_unit(self):
        for order in self.sudo().filtered("lease_id"):
            lease = order.lease_id
            if order.unit_id in lease.unit_ids or (
                lease.building_id and order.unit_id.building_id == lease.building_id
            ):
                continue
            raise ValidationError(
                self.env._(
                    "Unit %(unit)s is not leased by %(lease)s.",
                    unit=order.unit_id.display_name,
                    lease=lease.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["property.crm.lease"]._check_cooperation_link_vals(vals_list)
        orders = super().create(vals_list)
        # after the defaults: a default_lease_id of the context is checked too
        orders.lease_id._check_cooperation_link()
        return orders

    def write(self, vals):
        res = super().write(vals)
        if vals.get("lease_id"):
            self.lease_id._check_cooperation_link()
        return res
