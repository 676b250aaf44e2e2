from odoo import models


class PropertyCrmCallback(models.Model):
    """A satisfied callback earns the customer membership points."""

    _inherit = "property.crm.callback"  # pylint: disable=consider-merging-classes-inherited

    def action_done(self):
        res = super().action_done()
        Card = self.env["loyalty.card"].sudo()
        for callback in self.filtered(
            lambda c: c.state == "done" and c.outcome == "satisfied" and c.partner_id
        ):
            Card._property_crm_earn(
                callback.partner_id,
                "callback_satisfied",
                callback,
                callback.company_id,
            )
        return res
