from odoo import api, fields, models


class ResPartner(models.Model):
    """Leases of a customer or owner, and the tenant's rent overdue."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    property_crm_lease_ids = fields.One2many(
        "property.crm.lease", "partner_id", string="Leases"
    )
    property_crm_lease_count = fields.Integer(
        string="Lease Count", compute="_compute_property_crm_rent_overdue"
    )
    property_crm_rent_overdue = fields.Monetary(
        string="Rent Overdue",
        compute="_compute_property_crm_rent_overdue",
        currency_field="property_crm_rent_currency_id",
        help="Rent of tenant leases past its due date and not paid.",
    )
    property_crm_rent_currency_id = fields.Many2one(
        "res.currency", compute="_compute_property_crm_rent_overdue"
    )

    @api.depends_context("company")
    def _compute_property_crm_rent_overdue(self):
        today = fields.Date.context_today(self)
        company = self.env.company
        Move = self.env["account.move"].sudo()
        overdue = dict.fromkeys(self.ids, 0.0)
        counts = dict.fromkeys(self.ids, 0)
        if self.ids:
            for partner, total in Move._read_group(
                [
                    ("property_crm_lease_id.kind", "=", "tenant"),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", today),
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                ],
                ["commercial_partner_id"],
                ["amount_residual_signed:sum"],
            ):
                for rec in self.filtered(
                    lambda p, c=partner: p.commercial_partner_id == c
                ):
                    overdue[rec.id] = total
            for partner, count in (
                self.env["property.crm.lease"]
                .sudo()
                ._read_group(
                    [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
                )
            ):
                counts[partner.id] = count
        for partner in self:
            partner.property_crm_rent_overdue = overdue.get(partner.id, 0.0)
            partner.property_crm_lease_count = counts.get(partner.id, 0)
            partner.property_crm_rent_currency_id = company.currency_id

    def action_view_property_crm_leases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_crm.property_crm_lease_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
