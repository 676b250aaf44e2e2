from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    property_crm_head_user_id = fields.Many2one(
        "res.users",
        string="Head of Asset Management",
        help="資產管理部負責人: receives major-complaint reports and escalations. "
        "When empty, every Customer Service Manager does.",
    )
    property_crm_claim_limit = fields.Monetary(
        string="Claim Approval Limit",
        currency_field="currency_id",
        default=10000.0,
        help="Claims above this amount can only be approved by a Customer Service Manager.",
    )
