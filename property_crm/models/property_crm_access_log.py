from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyCrmAccessLog(models.Model):
    """客戶信息查閱記錄 (seed 002 §二(三)): every read of a customer's real confidential
    data.

    Written by the system only; managers read it; nobody edits it. Only the retention
    cron removes entries past the retention period.
    """

    _name = "property.crm.access.log"
    _description = "Confidential Customer Data Access Log"
    _order = "accessed_at desc, id desc"
    _log_access = False

    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    field_names = fields.Char(string="Fields", required=True, readonly=True)
    accessed_at = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    access_type = fields.Selection(
        [("read", "Read"), ("export", "Export")],
        default="read",
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", readonly=True, default=lambda self: self.env.company
    )

    def write(self, vals):
        if self:
            raise UserError(self.env._("The access log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_retention(self):
        if not self.env.context.get("property_crm_retention"):
            raise UserError(self.env._("The access log cannot be deleted."))

    @api.model
    def _log_access_for(self, partners, field_names, access_type="read"):
        """Record that the current user saw the real ``field_names`` of ``partners``."""
        if not partners or not field_names:
            return
        user = self.env.user
        names = ",".join(sorted(field_names))
        now = fields.Datetime.now()
        self.sudo().create(
            [
                {
                    "user_id": user.id,
                    "partner_id": partner.id,
                    "field_names": names,
                    "accessed_at": now,
                    "access_type": access_type,
                    "company_id": self.env.company.id,
                }
                for partner in partners
            ]
        )
