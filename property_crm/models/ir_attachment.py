from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression

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

    # --- confidential customer data: the documents of a customer's archive (ID card
    # copies, contracts) open for the privileged roles only, each opening logged

    def _property_crm_customer_ids(self, values=None):
        pairs = {(a.res_model, a.res_id) for a in self.sudo()}
        if values and values.get("res_model") and values.get("res_id"):
            pairs.add((values["res_model"], values["res_id"]))
        partner_ids = [rid for model, rid in pairs if model == "res.partner" and rid]
        if not partner_ids:
            return set()
        partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
        return set(partners.filtered("customer_kind").ids)

    @api.model
    def check(self, mode, values=None):
        res = super().check(mode, values=values)
        if self.env.is_superuser():
            return res
        customers = self._property_crm_customer_ids(values)
        if not customers:
            return res
        Partner = self.env["res.partner"]
        if Partner._property_crm_access_level() != "full":
            raise AccessError(
                self.env._(
                    "The documents of a customer's archive are confidential "
                    "customer data: only a Customer Relations Supervisor opens them."
                )
            )
        if mode == "read":
            self._property_crm_log_customer_documents(customers)
        return res

    def _property_crm_log_customer_documents(self, customers):
        self.env["property.crm.access.log"]._log_reads(
            "ir.attachment",
            [
                (attachment.id, attachment.res_id, ["attachment"])
                for attachment in self.sudo()
                if attachment.res_model == "res.partner"
                and attachment.res_id in customers
            ],
        )

    def _read_format(self, fnames, load="_classic_read"):
        # masked roles never find these documents (_search); the privileged read
        # their content, logged
        result = super()._read_format(fnames, load=load)
        if {"raw", "datas", "db_datas"} & set(fnames) and not self.env.is_superuser():
            customers = self._property_crm_customer_ids()
            if customers:
                self._property_crm_log_customer_documents(customers)
        return result

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if (
            not self.env.is_superuser()
            and self.env["res.partner"]._property_crm_access_level() != "full"
        ):
            non_customers = (
                self.env["res.partner"]
                .sudo()
                .with_context(active_test=False)
                ._search([("customer_kind", "=", False)])
            )
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        ("res_model", "!=", "res.partner"),
                        ("res_id", "in", non_customers),
                    ],
                ]
            )
        return super()._search(domain, offset=offset, limit=limit, order=order)
