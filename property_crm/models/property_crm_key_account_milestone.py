from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .property_crm_callback import CALLBACK_DELAY


class PropertyCrmKeyAccountMilestone(models.Model):
    """A milestone of a key account's agreement (大客戶合作協議, seed 004 篇2 3–4):
    once reached, the key account gets a satisfaction callback, face to face, by its
    officer within 24 hours."""

    _name = "property.crm.key.account.milestone"
    _description = "Key Account Agreement Milestone"
    _inherit = ["mail.thread", "property.crm.workflow.mixin"]
    _order = "planned_date, id"
    _check_company_auto = True
    _workflow_fields = ("state", "done_at", "callback_id")

    name = fields.Char(string="Milestone", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        required=True,
        index=True,
        domain=[("is_key_account", "=", True)],
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    planned_date = fields.Date(tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("reached", "Reached")],
        default="planned",
        required=True,
        tracking=True,
    )
    done_at = fields.Datetime(string="Reached At", readonly=True, copy=False)
    callback_id = fields.Many2one(
        "property.crm.callback", string="Satisfaction Callback", readonly=True
    )

    def action_reached(self):
        """The milestone is reached: the satisfaction callback is due 24 h later."""
        if not self.env.su and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(self.env._("Only customer service records milestones."))
        now = fields.Datetime.now()
        for milestone in self:
            if milestone.state != "planned":
                raise UserError(
                    self.env._("Milestone %s is already reached.", milestone.name)
                )
            partner = milestone.partner_id
            officer = partner.key_account_user_id or self.env.user
            callback = (
                self.env["property.crm.callback"]
                .sudo()
                .create(
                    {
                        "callback_type": "key_account",
                        "method": "face_to_face",
                        "partner_id": partner.id,
                        "company_id": milestone.company_id.id,
                        "user_id": officer.id,
                        "deadline": now + CALLBACK_DELAY,
                        "key_account_milestone_id": milestone.id,
                    }
                )
            )
            milestone._workflow_write(
                {"state": "reached", "done_at": now, "callback_id": callback.id}
            )
        return True
