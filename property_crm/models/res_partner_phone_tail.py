import re

from odoo import api, fields, models


class ResPartner(models.Model):
    """Caller lookup (來電識別): the last four digits of a customer's numbers, which
    the masked number shows anyway (138****5678), searchable by the desk."""

    _inherit = ["res.partner"]

    property_crm_phone_tail = fields.Char(
        string="Last 4 Digits",
        compute="_compute_property_crm_phone_tail",
        store=True,
        index="trigram",
        groups="property_crm.group_specialist",
        help="The last four digits of the mobile and phone numbers, for finding a "
        "caller who gives only those.",
    )

    @api.depends("mobile", "phone")
    def _compute_property_crm_phone_tail(self):
        for partner in self:
            tails = []
            for number in (partner.mobile, partner.phone):
                digits = re.sub(r"\D", "", number or "")
                if len(digits) >= 4 and digits[-4:] not in tails:
                    tails.append(digits[-4:])
            partner.property_crm_phone_tail = " ".join(tails) or False

    @api.model
    def _property_crm_caller_domain(self, number):
        """Customers a caller's number finds: the whole number exactly, or its last
        four digits."""
        digits = re.sub(r"\D", "", number or "")
        if len(digits) == 4:
            return [
                ("customer_kind", "!=", False),
                ("property_crm_phone_tail", "ilike", digits),
            ]
        if len(digits) < 7:
            return [("id", "=", False)]
        candidates = {number.strip(), digits}
        if digits.startswith("86") and len(digits) == 13:
            candidates.add(digits[2:])
        else:
            candidates.add(f"+86{digits}")
        domain = [("customer_kind", "!=", False)]
        alternatives = []
        for candidate in candidates:
            alternatives += [("mobile", "=", candidate), ("phone", "=", candidate)]
        return domain + ["|"] * (len(alternatives) - 1) + alternatives
