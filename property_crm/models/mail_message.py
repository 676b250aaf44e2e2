from odoo import _lt, models

from .property_crm_confidential_mixin import mask_email


class MailMessage(models.Model):
    """The sender address of a message from a customer, or from an unknown sender, is
    the customer's confidential email: masked in reads, exports, searches and in the
    author payloads of the chatter (``_author_to_store``)."""

    _name = "mail.message"
    _inherit = ["mail.message", "property.crm.confidential.mixin"]
    _property_crm_confidential = {"email_from": "email"}
    _property_crm_purpose = _lt(
        "Keep the conversation with the customer on a complaint."
    )

    def _property_crm_confidential_owners(self):
        owners = {}
        for message in self.sudo():
            author = message.author_id
            if author.customer_kind:
                owners[message.id] = author.id
            elif not author and message.email_from:
                owners[message.id] = 0
            elif (
                author
                and not author.user_ids.filtered(lambda user: not user.share)
                and message.model == "property.crm.complaint"
            ):
                owners[message.id] = 0
        return owners

    def _author_to_store(self, store):
        super()._author_to_store(store)
        confidential = self._property_crm_confidential_owners()
        if not confidential:
            return
        level = self._property_crm_access_level()
        own = self._property_crm_own_partner_id()
        logged = []
        for message in self.filtered(lambda m: m.id in confidential):
            owner = confidential[message.id]
            if (own and owner == own) or not message.email_from:
                continue
            if level == "full":
                if owner:
                    logged.append((message.id, owner, ["email_from"]))
                continue
            store.add(
                message,
                {
                    "email_from": mask_email(message.email_from)
                    if level == "masked"
                    else False
                },
            )
        if logged:
            self.env["property.crm.access.log"]._log_reads(self._name, logged)
