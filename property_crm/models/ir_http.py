from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The portal's complaint page shows Odoo's chatter (mail): its texts in the
        customer's language too ("The conversation is empty." and the rest)."""
        modules = super()._get_translation_frontend_modules_name()
        return modules + ["mail", "property_crm"]
