from odoo import api, fields, models

# the kinds a customer files on the portal by themself; a service request is
# agreed with the desk (price, visit), a type may still be opened to the portal
PORTAL_KINDS = ("enquiry", "suggestion", "report")


class PropertyCrmRequestType(models.Model):
    """Which kinds of demand (seed 002 §三 客戶需求) a customer files on the portal."""

    _inherit = ["property.crm.request.type"]

    portal_ok = fields.Boolean(
        string="On the Portal",
        compute="_compute_portal_ok",
        store=True,
        readonly=False,
        precompute=True,
        help="Customers file demands of this type on the portal (My Demands).",
    )

    @api.depends("kind")
    def _compute_portal_ok(self):
        for request_type in self:
            request_type.portal_ok = request_type.kind in PORTAL_KINDS
