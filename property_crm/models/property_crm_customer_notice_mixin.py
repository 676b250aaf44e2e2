from odoo import models

from .local_time import company_tz


class PropertyCrmCustomerNoticeMixin(models.AbstractModel):
    """The customer told on receipt, progress and closing (受理、處理進度、結案告知):
    a mail and/or an SMS from a template in the customer's language, as the
    company's setting says, logged in the record's chatter. Templates are
    ``property_crm.mail_template_<prefix>_<stage>`` and
    ``property_crm.sms_template_<prefix>_<stage>``."""

    _name = "property.crm.customer.notice.mixin"
    _description = "Customer Notices"

    # state the record reaches -> the notice the customer gets
    _customer_notice_states = {}
    _customer_notice_prefix = ""

    def _property_crm_states_before(self, vals):
        """The states before a write that may bring a notice (for
        :meth:`_property_crm_notify_state_change`)."""
        if vals.get("state") in self._customer_notice_states:
            return {record.id: record.state for record in self}
        return {}

    def _property_crm_notify_state_change(self, before):
        if not before:
            return
        changed = self.filtered(lambda r: r.id in before and before[r.id] != r.state)
        for state, records in changed.grouped("state").items():
            if state in self._customer_notice_states:
                records._property_crm_notify_customer(
                    self._customer_notice_states[state]
                )

    def _property_crm_notify_customer(self, stage):
        """Send the ``stage`` notice (received, handling, resolved, closed)."""
        for company, complaints in self.grouped("company_id").items():
            mode = company.property_crm_customer_notice
            if mode == "none":
                continue
            complaints = complaints.filtered(
                lambda c: c.partner_id and c.state != "cancelled"
            )
            if mode in ("email", "email_sms"):
                template = self.env.ref(
                    f"property_crm.mail_template_{self._customer_notice_prefix}_{stage}",
                    raise_if_not_found=False,
                )
                to_mail = complaints.filtered(lambda c: c.partner_id.email)
                if template and to_mail:
                    to_mail.sudo().message_post_with_source(
                        template,
                        subtype_xmlid="mail.mt_comment",
                        message_type="comment",
                    )
            if mode in ("sms", "email_sms"):
                template = self.env.ref(
                    f"property_crm.sms_template_{self._customer_notice_prefix}_{stage}",
                    raise_if_not_found=False,
                )
                for complaint in complaints.filtered(lambda c: c.partner_id.mobile):
                    complaint.sudo()._message_sms_with_template(
                        template=template,
                        partner_ids=complaint.partner_id.ids,
                    )

    def _property_crm_notice_tz(self):
        """The timezone a notice shows its times in: the customer's, else the
        service centre's."""
        self.ensure_one()
        return self.partner_id.tz or company_tz(self.env, self.company_id).zone
