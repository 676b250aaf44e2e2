from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression


class IrAttachment(models.Model):
    """The documents of a customer's archive (copies of ID cards, contracts, forms)
    are confidential data: only the privileged roles open them, and each opening is
    logged."""

    _inherit = "ir.attachment"

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
