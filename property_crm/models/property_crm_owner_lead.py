from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class PropertyCrmOwnerLead(models.Model):
    """業主集團提供的其他物業資源 (seed 000 篇3): a property the owner group offers
    the hotel company besides the one it leases, kept as a lead on the owner.

    Each new lead is noted on the owner's chatter; finance or a manager follows it up
    through the buttons (new → evaluating → accepted / declined), the only way its
    state changes.
    """

    _name = "property.crm.owner.lead"
    _description = "Owner Property Lead"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "property.crm.workflow.mixin",
    ]
    _workflow_fields = ("state",)
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Property", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    lease_id = fields.Many2one(
        "property.crm.lease",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('kind', '=', 'owner'), ('partner_id', '=', partner_id)]",
        help="The owner lease through which the owner group offered the property.",
    )
    address = fields.Char()
    area_sqm = fields.Float(string="Area (m²)", digits=(16, 2), tracking=True)
    expected_rent = fields.Monetary(
        string="Expected Monthly Rent", currency_field="currency_id", tracking=True
    )
    description = fields.Html()
    user_id = fields.Many2one(
        "res.users",
        string="Followed Up By",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("evaluating", "Evaluating"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
        ],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )

    @api.constrains("area_sqm", "expected_rent")
    def _check_figures(self):
        for lead in self:
            if lead.area_sqm < 0:
                raise ValidationError(
                    self.env._(
                        "The area of property lead %s must be more than zero.",
                        lead.name,
                    )
                )
            if lead.currency_id.compare_amounts(lead.expected_rent, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "The expected rent of property lead %s cannot be negative.",
                        lead.name,
                    )
                )

    @api.constrains("lease_id", "partner_id")
    def _check_lease_partner(self):
        for lead in self.sudo().filtered("lease_id"):
            lease = lead.lease_id
            if (
                lease.kind != "owner"
                or lease.partner_id.commercial_partner_id
                != lead.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "Lease %(lease)s is no owner lease of %(owner)s.",
                        lease=lease.name,
                        owner=lead.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["property.crm.lease"]._check_cooperation_link_vals(vals_list)
        leads = super().create(vals_list)
        leads.lease_id._check_cooperation_link()
        leads._note_on_owner()
        return leads

    def write(self, vals):
        res = super().write(vals)
        if vals.get("lease_id"):
            self.lease_id._check_cooperation_link()
        return res

    def _note_on_owner(self):
        """The lead as an internal note on the owner's chatter, with its link."""
        for lead in self:
            lead.partner_id.sudo().message_post(
                body=self.env._(
                    "The owner group offers another property: %(lead)s.",
                    lead=lead._get_html_link(),
                ),
                subtype_xmlid="mail.mt_note",
                author_id=self.env.user.partner_id.id,
            )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def _check_finance_role(self):
        if self.env.su:
            return
        if not (
            self.env.user.has_group("property_crm.group_finance")
            or self.env.user.has_group("property_crm.group_manager")
        ):
            raise AccessError(
                self.env._(
                    "Only Finance or a Customer Service Manager follows up property "
                    "leads."
                )
            )

    def _move(self, states, target):
        self._check_finance_role()
        self.check_access("write")
        labels = dict(self._fields["state"]._description_selection(self.env))
        for lead in self:
            if lead.state not in states:
                raise UserError(
                    self.env._(
                        "Property lead %(name)s cannot become %(target)s from "
                        "%(state)s.",
                        name=lead.name,
                        target=labels[target],
                        state=labels[lead.state],
                    )
                )
        self._workflow_write({"state": target})
        return True

    def action_evaluate(self):
        return self._move(("new",), "evaluating")

    def action_accept(self):
        return self._move(("evaluating",), "accepted")

    def action_decline(self):
        return self._move(("new", "evaluating"), "declined")

    def action_reset(self):
        return self._move(("accepted", "declined"), "new")
