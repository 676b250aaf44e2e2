from odoo import fields, models

LEAD_GROUPS = (
    "property_crm.group_finance,property_crm.group_manager,"
    "property_crm.group_area_manager"
)


class ResPartner(models.Model):
    """The leads of other properties an owner group offers (seed 000 篇3), counted
    on the owner."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    property_crm_owner_lead_ids = fields.One2many(
        "property.crm.owner.lead",
        "partner_id",
        string="Property Leads",
        groups=LEAD_GROUPS,
    )
    property_crm_owner_lead_count = fields.Integer(
        string="Property Lead Count",
        compute="_compute_property_crm_owner_lead_count",
        groups=LEAD_GROUPS,
    )

    def _compute_property_crm_owner_lead_count(self):
        Lead = self.env["property.crm.owner.lead"]
        counts = (
            dict(
                Lead._read_group(
                    [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
                )
            )
            if self.ids and Lead.has_access("read")
            else {}
        )
        for partner in self:
            partner.property_crm_owner_lead_count = counts.get(partner, 0)

    def action_view_property_crm_owner_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_crm.property_crm_owner_lead_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
