from odoo import models

from .property_crm_confidential_mixin import mask_value


class MailTrackingValue(models.Model):
    """Tracking keeps the real old and new values of confidential fields (the
    history of a customer's number is part of the archive); the chatter shows them
    masked to masked roles and logs the privileged reads. Notification mails never
    carry them."""

    _inherit = "mail.tracking.value"

    def _property_crm_confidential_split(self, model):
        """``{tracking id: (kind, owner)}`` of the trackings of confidential fields
        of customers."""
        Model = self.env[model] if model in self.env else None
        kinds = getattr(Model, "_property_crm_confidential", None) or {}
        trackings = self.sudo().filtered(lambda t: t.field_id.name in kinds)
        if not trackings:
            return {}
        records = Model.browse(trackings.mail_message_id.mapped("res_id")).exists()
        owners = records._property_crm_confidential_owners()
        return {
            tracking.id: (
                kinds[tracking.field_id.name],
                owners[tracking.mail_message_id.res_id],
            )
            for tracking in trackings
            if tracking.mail_message_id.res_id in owners
        }

    def _tracking_value_format_model(self, model):
        formatted = super()._tracking_value_format_model(model)
        if not model or not formatted:
            return formatted
        confidential = self._property_crm_confidential_split(model)
        if not confidential:
            return formatted
        Model = self.env[model]
        level = Model._property_crm_access_level()
        own = Model._property_crm_own_partner_id()
        logged = []
        for values in formatted:
            kind, owner = confidential.get(values["id"], (None, None))
            if not kind or (own and owner == own):
                continue
            if level == "full":
                logged.append((values["id"], owner, [values["fieldName"]]))
                continue
            for key in ("oldValue", "newValue"):
                value = values[key]["value"]
                if isinstance(value, str) and value:
                    values[key]["value"] = (
                        mask_value(kind, value) if level == "masked" else False
                    )
        if logged:
            self.env["property.crm.access.log"]._log_reads(self._name, logged)
        return formatted

    def _filter_free_field_access(self):
        # the tracking summary of a notification mail goes to every follower
        result = super()._filter_free_field_access()
        return result.filtered(
            lambda tracking: tracking.field_id.name
            not in (
                getattr(
                    self.env.get(tracking.field_id.model),
                    "_property_crm_confidential",
                    None,
                )
                or {}
            )
        )
