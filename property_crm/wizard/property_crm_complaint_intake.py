from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..models.property_crm_complaint import OPEN_STATES


class PropertyCrmComplaintIntake(models.TransientModel):
    """Phone intake (來電登記): the caller found by the whole number or its last four
    digits, the unit, the category with the department it goes to, severity and
    the customer's words on one screen; saving logs the 客戶投訴記錄表 ZC-QR-027."""

    _name = "property.crm.complaint.intake"
    _description = "Complaint Phone Intake"

    caller_number = fields.Char(
        string="Caller's Number",
        help="The whole number, or only its last four digits.",
    )
    match_ids = fields.Many2many(
        "res.partner", string="Matching Customers", compute="_compute_match_ids"
    )
    match_count = fields.Integer(compute="_compute_match_ids")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        domain=[("customer_kind", "!=", False)],
        compute="_compute_partner_id",
        store=True,
        readonly=False,
    )
    new_customer_name = fields.Char(
        string="New Customer",
        help="A caller who is not in the archive yet: the customer is created with "
        "this name and the caller's number.",
    )
    unit_id = fields.Many2one(
        "property.crm.unit",
        compute="_compute_unit_id",
        store=True,
        readonly=False,
    )
    category_id = fields.Many2one("property.crm.complaint.category")
    department_id = fields.Many2one(
        related="category_id.department_id", string="Goes To"
    )
    severity = fields.Selection(
        [("minor", "Minor"), ("major", "Major")], required=True, default="minor"
    )
    major_reason = fields.Selection(
        selection=lambda self: self.env["property.crm.complaint"]
        ._fields["major_reason"]
        ._description_selection(self.env),
        string="Why Major",
    )
    channel = fields.Selection(
        selection=lambda self: self.env["property.crm.complaint"]
        ._fields["channel"]
        ._description_selection(self.env),
        required=True,
        default="phone",
    )
    open_complaint_ids = fields.Many2many(
        "property.crm.complaint",
        compute="_compute_open_complaint_ids",
        string="Open Complaints",
    )
    append_to_id = fields.Many2one(
        "property.crm.complaint",
        string="Append to Complaint",
        help="追加投訴: the caller adds to one of their open complaints.",
    )
    description = fields.Html(string="What Happened")
    customer_demand = fields.Text(string="The Customer's Demand")

    @api.depends("caller_number")
    def _compute_match_ids(self):
        Partner = self.env["res.partner"]
        for intake in self:
            matches = Partner.browse()
            if intake.caller_number:
                matches = Partner.search(
                    Partner._property_crm_caller_domain(intake.caller_number),
                    limit=20,
                )
            intake.match_ids = matches
            intake.match_count = len(matches)

    @api.depends("match_ids")
    def _compute_partner_id(self):
        for intake in self:
            if len(intake.match_ids) == 1:
                intake.partner_id = intake.match_ids
            elif intake.partner_id not in intake.match_ids:
                intake.partner_id = False

    @api.depends("partner_id")
    def _compute_open_complaint_ids(self):
        Complaint = self.env["property.crm.complaint"]
        for intake in self:
            intake.open_complaint_ids = (
                Complaint.search(
                    [
                        ("partner_id", "=", intake.partner_id.id),
                        ("state", "in", OPEN_STATES),
                    ],
                    limit=20,
                )
                if intake.partner_id
                else Complaint
            )

    @api.depends("partner_id")
    def _compute_unit_id(self):
        for intake in self:
            units = intake.partner_id.unit_ids
            intake.unit_id = (
                intake.partner_id.property_unit_id or units[:1]
                if intake.partner_id
                else False
            )

    def _customer(self):
        self.ensure_one()
        if self.partner_id:
            return self.partner_id
        if not self.new_customer_name:
            raise UserError(
                self.env._(
                    "Choose the customer among the matches, or give the new "
                    "customer's name."
                )
            )
        vals = {"name": self.new_customer_name, "customer_kind": "individual"}
        if self.caller_number and len(self.caller_number.strip()) > 4:
            vals["mobile"] = self.caller_number.strip()
        if self.unit_id:
            vals["unit_ids"] = [Command.link(self.unit_id.id)]
        return self.env["res.partner"].create(vals)

    def action_log_complaint(self):
        """Create the complaint with the caller's rights (the complaint's own rules
        apply) and open it."""
        self.ensure_one()
        if not self.description:
            raise UserError(self.env._("Write down what the customer told you."))
        complaint = self.env["property.crm.complaint"].create(
            {
                "partner_id": self._customer().id,
                "unit_id": self.unit_id.id,
                "category_id": self.category_id.id,
                "severity": self.severity,
                "major_reason": self.severity == "major" and self.major_reason,
                "channel": self.channel,
                "description": self.description,
                "customer_demand": self.customer_demand,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.crm.complaint",
            "res_id": complaint.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_append_to_complaint(self):
        """追加投訴: what the caller says is appended to their open complaint."""
        self.ensure_one()
        complaint = self.append_to_id
        if not complaint:
            raise UserError(self.env._("Choose the open complaint to append to."))
        complaint.check_access("read")
        complaint._check_group("property_crm.group_specialist")
        if complaint.partner_id != self.partner_id:
            raise UserError(
                self.env._("Complaint %s is not this caller's.", complaint.name)
            )
        complaint._append_followup(html2plaintext(self.description or ""), self.channel)
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.crm.complaint",
            "res_id": complaint.id,
            "view_mode": "form",
            "target": "current",
        }
