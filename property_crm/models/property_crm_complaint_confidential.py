from odoo import _lt, models

# What a customer may read of their own complaint on the portal (as project.task
# does with its portal fields): the internal assessment (validity, explanation,
# feedback note, claim, breaches, clocks) stays with the staff.
PORTAL_READABLE_FIELDS = frozenset(
    {
        "id",
        "name",
        "display_name",
        "active",
        "company_id",
        "currency_id",
        "partner_id",
        "unit_id",
        "building_id",
        "channel",
        "received_at",
        "category_id",
        "description",
        "customer_demand",
        "state",
        "feedback_at",
        "resolution",
        "resolved_at",
        "closed_at",
        "access_url",
        "access_token",
        "access_warning",
        "create_date",
        "write_date",
        "message_ids",
        "website_message_ids",
        "message_follower_ids",
        "message_partner_ids",
        "message_is_follower",
        "message_attachment_count",
        "has_message",
        "email_from",
    }
)


class PropertyCrmComplaint(models.Model):
    """The sender address of a mailed complaint (``email_from``) is the customer's
    confidential email (``property.crm.confidential.mixin``); portal users read only
    the whitelisted fields of their own complaints
    (``property.crm.portal.fields.mixin``)."""

    _name = "property.crm.complaint"
    # the whitelist is checked before the masking of the confidential fields
    _inherit = [
        "property.crm.complaint",
        "property.crm.portal.fields.mixin",
        "property.crm.confidential.mixin",
    ]
    _property_crm_portal_readable = PORTAL_READABLE_FIELDS
    _property_crm_confidential = {"email_from": "email"}
    _property_crm_purpose = _lt("Answer a complaint received by email (ZC-QR-027).")

    def _property_crm_confidential_owners(self):
        return {
            complaint.id: complaint.partner_id.id
            if complaint.partner_id.customer_kind
            else 0
            for complaint in self.sudo()
            if complaint.email_from
        }
