from odoo import _lt, models
from odoo.tools import SQL

from .res_partner import CONFIDENTIAL_FIELDS


class ResUsers(models.Model):
    """A customer's portal user carries the customer's contact data (``_inherits``
    res.partner): it is as confidential there as in the customer archive."""

    _name = "res.users"
    _inherit = ["res.users", "property.crm.confidential.mixin"]
    _property_crm_confidential = {
        fname: kind
        for fname, kind in CONFIDENTIAL_FIELDS.items()
        if fname != "id_number"
    }
    _property_crm_purpose = _lt(
        "Portal access of the customer to follow their complaints."
    )

    def _property_crm_confidential_owners(self):
        return {
            user.id: user.partner_id.id
            for user in self.sudo()
            if user.partner_id.customer_kind
        }

    def _property_crm_search_restrict(self, alias, sql, query):
        return SQL(
            "(%s AND %s NOT IN (SELECT id FROM res_partner"
            " WHERE customer_kind IS NOT NULL))",
            sql,
            SQL.identifier(alias, "partner_id"),
        )

    def _get_portal_access_update_body(self, access_granted):
        # the note stays in the customer's chatter, which every role reads: it
        # must not carry the customer's address
        body = super()._get_portal_access_update_body(access_granted)
        if self.partner_id.customer_kind and self.partner_id.email:
            body = body.replace(f" ({self.partner_id.email})", "")
        return body
