import hmac
import secrets

from odoo import fields, models


class ResCompany(models.Model):
    """The token the company's telephony system (Asterisk/FreeSWITCH AGI, a cloud
    call centre's webhook) sends with each call to /property_crm/telephony/call."""

    _inherit = ["res.company"]

    property_crm_telephony_token = fields.Char(
        string="Telephony Token",
        copy=False,
        groups="base.group_system",
        help="Shared secret of the hotline: sent by the telephony system in the "
        "X-Property-CRM-Token header (or as a Bearer token).",
    )

    def action_property_crm_new_telephony_token(self):
        for company in self:
            company.sudo().property_crm_telephony_token = secrets.token_urlsafe(32)
        return True

    def _property_crm_company_for_token(self, token):
        """The company whose token is ``token`` (compared in constant time)."""
        if not token:
            return self.browse()
        companies = self.sudo().search([("property_crm_telephony_token", "!=", False)])
        found = self.browse()
        for company in companies:
            if hmac.compare_digest(
                company.property_crm_telephony_token.encode(), token.encode()
            ):
                found = company
        return found
