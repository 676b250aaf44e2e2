from odoo import _lt, models

from .property_crm_confidential_mixin import is_masked


class SmsComposer(models.TransientModel):
    """The composer shows the recipient's number: masked for masked roles. The
    number is sent as computed on the server from the recipient, never from the
    masked value the client sends back."""

    _name = "sms.composer"
    _inherit = ["sms.composer", "property.crm.confidential.mixin"]
    _property_crm_confidential = {
        "recipient_single_number": "phone",
        "recipient_single_number_itf": "phone",
        "sanitized_numbers": "phone",
    }
    _property_crm_purpose = _lt("Send an SMS to the customer.")

    def _property_crm_confidential_owners(self):
        owners = {}
        for composer in self:
            partner = self.env["res.partner"]
            if composer.res_model == "res.partner" and composer.res_id:
                partner = partner.sudo().browse(composer.res_id).exists()
            owners[composer.id] = partner.id if partner.customer_kind else 0
        return owners

    def _property_crm_check_masked_vals(self, vals):
        # a masked number coming back from the form is dropped: the compute gives the
        # real one again
        return {
            fname: value
            for fname, value in vals.items()
            if not (fname in self._property_crm_confidential and is_masked(value))
        }
