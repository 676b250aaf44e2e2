from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    # account adds its own "Currency" (currency_id) to the settings: two fields
    # of one label are a warning at every load
    property_crm_currency_id = fields.Many2one(string="Claim Limit Currency")
