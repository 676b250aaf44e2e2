from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import ValidationError

from .mail_thread import ADDON_MODEL_PREFIX


class IrAttachment(models.Model):
    """Files on customer-relations records are limited to the company's maximum
    attachment size (default 10 MB), whoever uploads them — through RPC or the
    chatter, which uploads as superuser on behalf of the user. Only the system itself
    (OdooBot: install, mail gateway posting, crons) is not bounded here; the mail
    gateway drops large attachments before posting (see ``mail.thread``)."""

    _inherit = "ir.attachment"

    def _property_crm_size_exempt(self):
        return self.env.su and self.env.uid == SUPERUSER_ID

    @api.model
    def _property_crm_data_size(self, vals):
        raw = vals.get("raw")
        if raw:
            return len(raw.encode("utf-8") if isinstance(raw, str) else raw)
        datas = vals.get("datas")
        if datas:
            if isinstance(datas, bytes):
                datas = datas.decode("ascii", errors="replace")
            datas = datas.strip()
            return len(datas) * 3 // 4 - datas[-2:].count("=")
        return 0

    def _property_crm_check_size(self, size, name):
        max_mb = self.env.company.sudo().property_crm_attachment_max_mb or 10
        if size > max_mb * 1024 * 1024:
            raise ValidationError(
                self.env._(
                    "The file %(name)s (%(size)s MB) is too large: files on "
                    "customer-relations records are limited to %(max)s MB.",
                    name=name or "",
                    size=round(size / 1024 / 1024, 1),
                    max=max_mb,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._property_crm_size_exempt():
            for vals in vals_list:
                if str(vals.get("res_model") or "").startswith(ADDON_MODEL_PREFIX):
                    self._property_crm_check_size(
                        self._property_crm_data_size(vals), vals.get("name")
                    )
        return super().create(vals_list)

    def write(self, vals):
        new_data = "raw" in vals or "datas" in vals
        if (new_data or "res_model" in vals) and not self._property_crm_size_exempt():
            size = self._property_crm_data_size(vals) if new_data else 0
            for attachment in self.sudo():
                res_model = vals.get("res_model", attachment.res_model)
                if not str(res_model or "").startswith(ADDON_MODEL_PREFIX):
                    continue
                self._property_crm_check_size(
                    size if new_data else attachment.file_size,
                    vals.get("name", attachment.name),
                )
        return super().write(vals)
