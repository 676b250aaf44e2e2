from odoo import fields, models
from odoo.exceptions import UserError


class ResPartnerReveal(models.TransientModel):
    """Reveal a customer's number for a call on one's own open complaint or
    callback, stating the purpose; logged with the case, expires after 15 minutes
    (GB/T 35273-2020 §7.1 minimum access)."""

    _name = "res.partner.reveal"
    _description = "Reveal a Customer's Number for a Case"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    complaint_id = fields.Many2one(
        "property.crm.complaint",
        domain="[('partner_id', '=', partner_id), ('state', 'in', ('new', 'handling')),"
        " ('user_id', '=', uid)]",
    )
    callback_id = fields.Many2one(
        "property.crm.callback",
        domain="[('partner_id', '=', partner_id), ('state', '=', 'todo'),"
        " ('user_id', '=', uid)]",
    )
    purpose = fields.Char(required=True)
    number = fields.Char(readonly=True)

    def action_reveal(self):
        self.ensure_one()
        if bool(self.complaint_id) == bool(self.callback_id):
            raise UserError(
                self.env._("Choose the complaint or the callback you call for.")
            )
        case = self.complaint_id or self.callback_id
        self.number = self.partner_id.action_property_crm_reveal_number(
            self.purpose, case._name, case.id
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
