from odoo import _lt, models
from odoo.exceptions import AccessError

# What a customer may read of their own complaint on the portal (as project.task
# does with its portal fields): the internal assessment (validity, explanation,
# feedback note, claim, breaches, clocks) stays with the staff.
PORTAL_READABLE_FIELDS = {
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
# a portal user writes nothing directly: complaints are filed by _portal_create and
# the conversation goes through the chatter
PORTAL_WRITABLE_FIELDS = set()


class PropertyCrmComplaint(models.Model):
    """The sender address of a mailed complaint (``email_from``) is the customer's
    confidential email (``property.crm.confidential.mixin``); portal users read only
    the whitelisted fields of their own complaints."""

    _name = "property.crm.complaint"
    _inherit = ["property.crm.complaint", "property.crm.confidential.mixin"]
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

    # ------------------------------------------------------------------
    # portal whitelist
    # ------------------------------------------------------------------

    def _property_crm_is_portal(self):
        return not self.env.su and not self.env.user._is_internal()

    def _property_crm_check_portal_fields(self, field_names, operation="read"):
        if not field_names or not self._property_crm_is_portal():
            return
        allowed = (
            PORTAL_READABLE_FIELDS if operation == "read" else PORTAL_WRITABLE_FIELDS
        )
        refused = sorted(set(field_names) - allowed)
        if refused:
            raise AccessError(
                self.env._(
                    "You cannot access these fields of your complaints: %(fields)s",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        if fname in self._fields
                        else fname
                        for fname in refused
                    ),
                )
            )

    def check_field_access_rights(self, operation, field_names):
        if field_names and operation in ("read", "write"):
            self._property_crm_check_portal_fields(field_names, operation)
        elif not field_names and self._property_crm_is_portal():
            return [
                fname
                for fname in super().check_field_access_rights(operation, field_names)
                if fname in PORTAL_READABLE_FIELDS
            ]
        return super().check_field_access_rights(operation, field_names)

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        if self._property_crm_is_portal():
            field_names = [f for f in field_names if f in PORTAL_READABLE_FIELDS]
        return super()._determine_fields_to_fetch(field_names, ignore_when_in_cache)

    def _condition_to_sql(self, alias, fname, operator, value, query):
        self._property_crm_check_portal_fields([fname])
        return super()._condition_to_sql(alias, fname, operator, value, query)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        self._property_crm_check_portal_fields([field_name.split(".", 1)[0]])
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    def _read_group_groupby(self, groupby_spec, query):
        self._property_crm_check_portal_fields(
            [groupby_spec.split(":")[0].split(".")[0]]
        )
        return super()._read_group_groupby(groupby_spec, query)

    def _read_group_select(self, aggregate_spec, query):
        fname = aggregate_spec.partition(":")[0]
        if fname != "__count":
            self._property_crm_check_portal_fields([fname])
        return super()._read_group_select(aggregate_spec, query)
