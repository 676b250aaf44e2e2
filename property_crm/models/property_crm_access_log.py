from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

PENDING_KEY = "property_crm.access_log.pending"


class PropertyCrmAccessLog(models.Model):
    """客戶信息查閱記錄 (seed 002 §二(三)): every read of a customer's real confidential
    data.

    Written by the system only; managers read it; nobody edits it. Only the retention
    cron removes entries past the retention period. Reads are collected during the
    transaction and written in one batch (no query per record read), at the latest
    when the transaction commits or when the log itself is searched.
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
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    res_model = fields.Char(string="Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", readonly=True
    )
    field_names = fields.Char(string="Fields", required=True, readonly=True)
    accessed_at = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    access_type = fields.Selection(
        [("read", "Read"), ("export", "Export"), ("reveal", "Reveal for a Case")],
        default="read",
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", readonly=True, default=lambda self: self.env.company
    )
    purpose = fields.Char(readonly=True, help="Why a masked role revealed a number.")
    expires_at = fields.Datetime(
        readonly=True,
        index=True,
        help="A number revealed for a case is shown unmasked until then.",
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
        self._log_reads(
            "res.partner",
            [(partner.id, partner.id, sorted(field_names)) for partner in partners],
            access_type=access_type,
            system=True,
        )

    @api.model
    def _log_reads(self, res_model, entries, access_type="read", system=False):
        """Queue ``entries`` — ``(res_id, partner_id, field names)`` — read unmasked
        by the current user; written in one batch before the transaction commits."""
        if not entries or (self.env.uid == SUPERUSER_ID and not system):
            return
        cr = self.env.cr
        pending = cr.precommit.data.get(PENDING_KEY)
        if pending is None:
            pending = cr.precommit.data[PENDING_KEY] = []
            cr.precommit.add(self._flush_pending)
        now = fields.Datetime.now()
        pending.extend(
            {
                "user_id": self.env.uid,
                "partner_id": partner_id or False,
                "res_model": res_model,
                "res_id": res_id,
                "field_names": ",".join(sorted(field_names)),
                "accessed_at": now,
                "access_type": access_type,
                "company_id": self.env.company.id,
            }
            for res_id, partner_id, field_names in entries
            if field_names
        )

    @api.model
    def _flush_pending(self):
        pending = self.env.cr.precommit.data.pop(PENDING_KEY, None)
        if pending:
            self.sudo().with_context(property_crm_access_log_flush=True).create(pending)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        self._flush_pending()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _revealed_partner_ids(self, partner_ids):
        """The customers among ``partner_ids`` whose number the current user
        revealed for a case and may still see (one query)."""
        if not partner_ids:
            return set()
        self.env.cr.execute(
            "SELECT DISTINCT partner_id FROM property_crm_access_log"
            " WHERE user_id = %s AND access_type = 'reveal' AND expires_at > %s"
            " AND partner_id = ANY(%s)",
            [self.env.uid, fields.Datetime.now(), list(partner_ids)],
        )
        return {row[0] for row in self.env.cr.fetchall()}
