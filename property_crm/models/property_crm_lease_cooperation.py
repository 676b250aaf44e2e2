from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError


class PropertyCrmLease(models.Model):
    """Owner relations on the lease (seed 000 篇3, a hotel company leasing
    properties from their owners for 10–15 years): the owner's cooperation requests
    (工作聯繫函 Z-QR-025 and 維修工作單 on maintenance, fire safety, water and power)
    and the leads of other properties the owner group offers.

    A request is linked only to a lease the caller may read.
    """

    _inherit = "property.crm.lease"  # pylint: disable=consider-merging-classes-inherited

    liaison_letter_ids = fields.One2many(
        "property.crm.liaison.letter",
        "lease_id",
        string="Cooperation Requests",
        readonly=True,
    )
    repair_order_ids = fields.One2many(
        "property.crm.repair.order", "lease_id", string="Repair Orders", readonly=True
    )
    owner_lead_ids = fields.One2many(
        "property.crm.owner.lead", "lease_id", string="Property Leads", readonly=True
    )
    liaison_letter_count = fields.Integer(
        string="Cooperation Request Count", compute="_compute_cooperation_counts"
    )
    repair_order_count = fields.Integer(compute="_compute_cooperation_counts")
    owner_lead_count = fields.Integer(
        string="Property Lead Count", compute="_compute_cooperation_counts"
    )

    def _compute_cooperation_counts(self):
        counts = {}
        for model in (
            "property.crm.liaison.letter",
            "property.crm.repair.order",
            "property.crm.owner.lead",
        ):
            Model = self.env[model]
            # what the caller may see, nothing for a role without access
            counts[model] = (
                dict(
                    Model._read_group(
                        [("lease_id", "in", self.ids)], ["lease_id"], ["__count"]
                    )
                )
                if self.ids and Model.has_access("read")
                else {}
            )
        for lease in self:
            lease.liaison_letter_count = counts["property.crm.liaison.letter"].get(
                lease, 0
            )
            lease.repair_order_count = counts["property.crm.repair.order"].get(lease, 0)
            lease.owner_lead_count = counts["property.crm.owner.lead"].get(lease, 0)

    def _check_cooperation_link(self):
        """The caller links a request or a lead only to a lease they may read."""
        if self.env.su or not self:
            return
        try:
            self.check_access("read")
        except AccessError:
            raise AccessError(
                self.env._(
                    "You may not link a record to lease %s: you cannot read it.",
                    ", ".join(self.sudo().mapped("name")),
                )
            ) from None

    @api.model
    def _check_cooperation_link_vals(self, vals_list):
        """Before a create: the leases named in the values or as the context's
        default (checked again on the records once created)."""
        ids = {vals.get("lease_id") for vals in vals_list}
        ids.add(self.env.context.get("default_lease_id"))
        self.browse(
            i for i in ids if isinstance(i, int) and not isinstance(i, bool) and i > 0
        ).exists()._check_cooperation_link()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def _cooperation_context(self):
        self.ensure_one()
        return {
            "default_lease_id": self.id,
            "default_company_id": self.company_id.id,
        }

    def action_new_cooperation_request(self):
        """A liaison letter asking for the owner's cooperation, prefilled from the
        lease: its subject, the lease (and so its area and owner)."""
        self.ensure_one()
        self.env["property.crm.liaison.letter"].check_access("create")
        context = self._cooperation_context()
        place = self.building_id.display_name or ", ".join(
            self.unit_ids.mapped("display_name")
        )
        context.update(
            {
                "default_subject": self.env._(
                    "Cooperation request to %(owner)s (%(lease)s)",
                    owner=self.partner_id.name,
                    lease=self.name,
                ),
                "default_description": Markup("<p>%s</p>")
                % self.env._(
                    "Owner: %(owner)s. Lease: %(lease)s. Property: %(place)s.",
                    owner=self.partner_id.name,
                    lease=self.name,
                    place=place or "-",
                ),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cooperation Request"),
            "res_model": "property.crm.liaison.letter",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def action_new_repair_order(self):
        """A repair work order of the leased property, prefilled from the lease."""
        self.ensure_one()
        self.env["property.crm.repair.order"].check_access("create")
        context = self._cooperation_context()
        context["default_partner_id"] = self.partner_id.id
        if self.unit_ids:
            context["default_unit_id"] = self.unit_ids[:1].id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Repair Order"),
            "res_model": "property.crm.repair.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def _action_linked(self, xmlid, extra_context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("lease_id", "=", self.id)]
        action["context"] = dict(self._cooperation_context(), **(extra_context or {}))
        return action

    def action_view_liaison_letters(self):
        return self._action_linked("property_crm.property_crm_liaison_letter_action")

    def action_view_repair_orders(self):
        return self._action_linked(
            "property_crm.property_crm_repair_order_action",
            {"default_partner_id": self.partner_id.id},
        )

    def action_view_owner_leads(self):
        return self._action_linked(
            "property_crm.property_crm_owner_lead_action",
            {"default_partner_id": self.partner_id.id},
        )
