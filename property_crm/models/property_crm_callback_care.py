from odoo import fields, models


class PropertyCrmCallback(models.Model):
    """A key account is called back after each milestone of its agreements
    (seed 004 篇2 4: 做好大客戶滿意度回訪)."""

    _inherit = "property.crm.callback"

    callback_type = fields.Selection(
        selection_add=[("key_account", "Key Account Milestone")],
        ondelete={"key_account": "cascade"},
    )
    key_account_milestone_id = fields.Many2one(
        "property.crm.key.account.milestone",
        string="Agreement Milestone",
        index=True,
        ondelete="set null",
        readonly=True,
    )
