from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers.thread import ThreadController


class PropertyCrmThreadController(ThreadController):
    """``/mail/partner/from_email`` answers with the partners' addresses: a
    customer's is confidential."""

    @http.route()
    def mail_thread_partner_from_email(self, emails, additional_values=None):
        partners = super().mail_thread_partner_from_email(
            emails, additional_values=additional_values
        )
        return request.env["res.partner"]._property_crm_mask_recipients(partners)
