from odoo import models


class MailThread(models.AbstractModel):
    """Suggested recipients (``/mail/thread/data``) carry the customer's address:
    masked for masked roles, logged for the privileged."""

    _inherit = "mail.thread"

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if self._name == "res.partner":
            # res.partner adds itself after this: masked in its own override
            return recipients
        return self.env["res.partner"]._property_crm_mask_recipients(recipients)
