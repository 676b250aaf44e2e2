import codecs
import logging

from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)

ADDON_MODEL_PREFIX = "property.crm."


class MailThread(models.AbstractModel):
    """The mail gateway is reached through the gateway only: ``odoo-mailgate`` and
    the incoming mail servers run as an administrator or as the superuser, never as
    a handler or a finance user calling ``message_process`` over RPC (which would
    create a complaint for any customer). Incoming mails are untrusted input: an
    unknown charset does not crash the gateway, and an attachment above the
    company's size limit is dropped with a note instead of being stored on a
    customer-relations record."""

    _inherit = "mail.thread"

    def _property_crm_check_gateway_caller(self):
        if self.env.su or self.env.user.has_group("base.group_system"):
            return
        raise AccessError(
            self.env._(
                "Incoming mail is processed by the mail gateway only: "
                "you may not call it directly."
            )
        )

    @api.model
    def message_process(
        self,
        model,
        message,
        custom_values=None,
        save_original=False,
        strip_attachments=False,
        thread_id=None,
    ):
        self._property_crm_check_gateway_caller()
        return super().message_process(
            model,
            message,
            custom_values=custom_values,
            save_original=save_original,
            strip_attachments=strip_attachments,
            thread_id=thread_id,
        )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        self._property_crm_check_gateway_caller()
        return super().message_new(msg_dict, custom_values=custom_values)

    def message_update(self, msg_dict, update_vals=None):
        self._property_crm_check_gateway_caller()
        return super().message_update(msg_dict, update_vals=update_vals)

    @api.model
    def message_parse(self, message, save_original=False):
        """A part declaring a charset Python does not know is read as UTF-8 with
        replacement characters rather than crashing the whole mail."""
        for part in message.walk():
            if part.get_content_maintype() == "multipart":
                continue
            charset = part.get_content_charset()
            if not charset:
                continue
            try:
                codecs.lookup(charset)
            except LookupError:
                _logger.info(
                    "Incoming mail %s: unknown charset %r read as utf-8",
                    message.get("Message-Id"),
                    charset,
                )
                part.set_param("charset", "utf-8")
        return super().message_parse(message, save_original=save_original)

    def _message_route_process(self, message, message_dict, routes):
        if any(
            route[0] and route[0].startswith(ADDON_MODEL_PREFIX)
            for route in routes or ()
        ):
            self._property_crm_drop_large_attachments(message_dict)
        return super()._message_route_process(message, message_dict, routes)

    def _property_crm_drop_large_attachments(self, message_dict):
        max_mb = self.env.company.sudo().property_crm_attachment_max_mb or 10
        max_bytes = max_mb * 1024 * 1024
        kept, notes = [], []
        for attachment in message_dict.get("attachments") or []:
            content = attachment.content
            if isinstance(content, str):
                size = len(content.encode("utf-8", errors="replace"))
            else:
                size = len(content or b"")
            if size > max_bytes:
                notes.append(
                    self.env._(
                        "The attachment %(name)s (%(size)s MB) was not stored: "
                        "files are limited to %(max)s MB.",
                        name=attachment.fname,
                        size=round(size / 1024 / 1024, 1),
                        max=max_mb,
                    )
                )
            else:
                kept.append(attachment)
        if notes:
            message_dict["attachments"] = kept
            body = Markup(message_dict.get("body") or "")
            for note in notes:
                body += Markup("<p><i>%s</i></p>") % note
            message_dict["body"] = body

    # --- confidential customer data: suggested recipients carry the customer's
    # address, masked for masked roles and logged for the privileged

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if self._name == "res.partner":
            # res.partner adds itself after this: masked in its own override
            return recipients
        return self.env["res.partner"]._property_crm_mask_recipients(recipients)
