from odoo import _lt, models


class MailFollowers(models.Model):
    """A follower's ``email`` is its partner's: confidential when the partner is a
    customer, on every document the customer follows, and in the Discuss ``Store``
    payloads (``_to_store`` reads through ``_read_format``)."""

    _name = "mail.followers"
    _inherit = ["mail.followers", "property.crm.confidential.mixin"]
    _property_crm_confidential = {"email": "email"}
    _property_crm_purpose = _lt("Notify the customers who follow a complaint.")

    def _property_crm_confidential_owners(self):
        return {
            follower.id: follower.partner_id.id
            for follower in self.sudo()
            if follower.partner_id.customer_kind
        }
