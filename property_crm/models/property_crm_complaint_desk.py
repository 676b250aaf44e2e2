from odoo import fields, models


class PropertyCrmComplaint(models.Model):
    """A complaint converted from a customer demand or logged from a hotline call
    keeps the link to it (and its first responsible, 首問責任人)."""

    _inherit = ["property.crm.complaint"]

    request_id = fields.Many2one(
        "property.crm.request",
        string="From Customer Demand",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    first_contact_user_id = fields.Many2one(
        related="received_by_id", string="First Contact"
    )
