from odoo import fields, models


class PropertyCrmRepairOrder(models.Model):
    """A repair order converted from a customer demand or logged from a hotline call
    keeps the link to it and its first responsible (首問責任人)."""

    _inherit = "property.crm.repair.order"

    request_id = fields.Many2one(
        "property.crm.request",
        string="From Customer Demand",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    first_contact_user_id = fields.Many2one(
        "res.users",
        string="First Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="首問責任人: who first took the customer's call or demand.",
    )
