import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

OUTCOMES = [
    ("answered", "Answered on the Phone"),
    ("request", "Demand Logged"),
    ("complaint", "Complaint Logged"),
    ("repair", "Repair Logged"),
    ("missed", "Missed"),
    ("other", "Other"),
]
# what the telephony system and the call log fix once and for all
LOCKED_FIELDS = ("direction", "number", "started_at", "external_ref", "company_id")
NON_DIGITS = re.compile(r"[^\d]")


def national_number(number):
    """The digits a customer's number is stored with in China: without the +86 /
    0086 country prefix, a landline with its trunk 0 (+86 755 8600 1234 is
    0755 8600 1234), a mobile as its 11 digits."""
    digits = NON_DIGITS.sub("", number or "")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) >= 12:
        digits = digits[2:]
    else:
        return digits
    return digits if digits.startswith(("1", "0")) else "0" + digits


class PropertyCrmCall(models.Model):
    """呼叫中心: one hotline call (seed 001, the 400 hotline; 002 §三(一)1, 24 h
    客服熱線), posted by the telephony system or logged by the agent: the number
    (confidential, masked for the masked roles), the customer matched by it, the
    agent who took it (首問責任人 of everything logged from it), when it started
    and ended, and the demand, complaint or repair it produced."""

    _name = "property.crm.call"
    _description = "Hotline Call"
    _inherit = ["mail.thread", "property.crm.confidential.mixin"]
    _order = "started_at desc, id desc"
    _check_company_auto = True
    _rec_name = "name"
    _property_crm_confidential = {"number": "phone"}
    _property_crm_purpose = "Hotline call log: the caller's number (seed 001)"

    name = fields.Char(
        string="Reference",
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")],
        required=True,
        default="inbound",
    )
    number = fields.Char(
        string="Phone Number",
        required=True,
        help="The caller's number: confidential, masked without the privilege.",
    )
    external_ref = fields.Char(
        string="Telephony Reference",
        readonly=True,
        copy=False,
        help="The call's id in the telephony system: a second event of the same "
        "call updates this record.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        domain=[("customer_kind", "!=", False)],
    )
    unit_id = fields.Many2one(
        "property.crm.unit",
        compute="_compute_unit_id",
        store=True,
        readonly=False,
        check_company=True,
    )
    started_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    ended_at = fields.Datetime(tracking=True)
    duration = fields.Float(
        string="Duration (min)", compute="_compute_duration", store=True
    )
    agent_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        help="首問責任人: the agent who took the call.",
    )
    extension = fields.Char(
        string="Phone Extension", help="The agent's extension the call rang on."
    )
    outcome = fields.Selection(OUTCOMES, tracking=True)
    note = fields.Text()
    request_ids = fields.One2many("property.crm.request", "call_id", string="Demands")
    complaint_ids = fields.One2many(
        "property.crm.complaint", "call_id", string="Complaints"
    )
    repair_order_ids = fields.One2many(
        "property.crm.repair.order", "call_id", string="Repairs"
    )
    produced_count = fields.Integer(compute="_compute_produced_count")

    _sql_constraints = [
        (
            "external_ref_company_uniq",
            "unique(external_ref, company_id)",
            "A telephony call is logged once.",
        ),
    ]

    @api.depends("partner_id")
    def _compute_unit_id(self):
        for call in self:
            if not call.unit_id or call.unit_id not in call.partner_id.unit_ids:
                call.unit_id = call.partner_id.sudo().unit_ids[:1]

    @api.depends("started_at", "ended_at")
    def _compute_duration(self):
        for call in self:
            call.duration = (
                (call.ended_at - call.started_at).total_seconds() / 60
                if call.ended_at and call.started_at and call.ended_at > call.started_at
                else 0.0
            )

    @api.depends("request_ids", "complaint_ids", "repair_order_ids")
    def _compute_produced_count(self):
        for call in self:
            call.produced_count = (
                len(call.request_ids)
                + len(call.complaint_ids)
                + len(call.repair_order_ids)
            )

    def _property_crm_confidential_owners(self):
        # an unknown caller's number is personal data too (owner 0: masked)
        return {call.id: call.partner_id.id or 0 for call in self.sudo()}

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def _check_agent(self):
        if not self.env.su and not self.env.user.has_group(
            "property_crm.group_call_agent"
        ):
            raise AccessError(self.env._("Only call agents log hotline calls."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_agent()
        for vals in vals_list:
            if not self.env.su:
                vals.pop("external_ref", None)
            if vals.get("name", "New") in ("New", self.env._("New"), False):
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(
                    "property.crm.call"
                ) or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            for call in self:
                for fname in LOCKED_FIELDS + ("name",):
                    if fname in vals and not call._is_unchanged_value(
                        fname, vals[fname]
                    ):
                        raise UserError(
                            self.env._(
                                "%s of a logged call cannot be changed.",
                                self._fields[fname]._description_string(self.env),
                            )
                        )
        return super().write(vals)

    def _is_unchanged_value(self, fname, value):
        self.ensure_one()
        field = self._fields[fname]
        if field.type == "many2one":
            return (self[fname].id or False) == (value or False)
        if field.type == "datetime":
            return self[fname] == fields.Datetime.to_datetime(value)
        return (self[fname] or False) == (value or False)

    # ------------------------------------------------------------------
    # matching and notifying (the telephony endpoint calls these as superuser)
    # ------------------------------------------------------------------

    @api.model
    def _match_customer(self, number):
        """The one customer whose phone or mobile is ``number`` (formatting and
        the +86 prefix ignored); nobody when none or several match."""
        national = national_number(number)
        if len(national) < 5:
            return self.env["res.partner"]
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=True)
            .search(
                [
                    ("customer_kind", "!=", False),
                    ("phone_mobile_search", "=", national),
                ],
                limit=2,
            )
        )
        return partners if len(partners) == 1 else partners.browse()

    @api.model
    def _telephony_agents(self, company, payload):
        """(agent, users to tell): the agent the call rang for (login or
        extension), else nobody and the company's agents on duty."""
        Users = self.env["res.users"].sudo().with_context(active_test=True)
        group = self.env.ref("property_crm.group_call_agent")
        domain = [("groups_id", "in", group.ids), ("company_ids", "in", company.ids)]
        for key, fname in (
            ("agent_login", "login"),
            ("extension", "property_crm_extension"),
        ):
            if payload.get(key):
                users = Users.search(domain + [(fname, "=", payload[key])], limit=1)
                if users:
                    return users, users
        return Users.browse(), Users.search(
            domain + [("property_crm_on_duty", "=", True)], limit=20
        )

    @api.model
    def _telephony_event(self, company, payload):
        """Log a call event posted by the telephony system (checked payload, see
        controllers/telephony.py), as superuser: (call, created, users told). A
        further event of a known call (same ``call_ref``) updates it."""
        Call = self.sudo().with_company(company)
        call = Call.browse()
        if payload.get("call_ref"):
            call = Call.search(
                [
                    ("external_ref", "=", payload["call_ref"]),
                    ("company_id", "=", company.id),
                ],
                limit=1,
            )
        agent, notified = self._telephony_agents(company, payload)
        ended = payload.get("event") == "ended"
        if call:
            vals = {}
            if ended:
                vals["ended_at"] = payload.get("ended_at") or fields.Datetime.now()
                if not call.outcome and not call.agent_id:
                    vals["outcome"] = "missed"
            if agent and not call.agent_id:
                vals["agent_id"] = agent.id
            if vals:
                call.write(vals)
            if ended:
                return call, False, agent.browse()
            call._notify_agents(notified)
            return call, False, notified
        partner = Call._match_customer(payload["number"])
        call = Call.create(
            {
                "company_id": company.id,
                "direction": payload.get("direction") or "inbound",
                "number": payload["number"],
                "external_ref": payload.get("call_ref") or False,
                "partner_id": partner.id,
                "agent_id": agent.id,
                "extension": payload.get("extension") or False,
                "started_at": payload.get("started_at") or fields.Datetime.now(),
                "ended_at": payload.get("ended_at") or False,
            }
        )
        call._notify_agents(notified)
        return call, True, notified

    def _notify_agents(self, users):
        """Tell the agents on the bus: their web client opens the call."""
        for call in self:
            payload = {
                "call_id": call.id,
                "name": call.name,
                "partner_id": call.partner_id.id,
                "partner_name": call.partner_id.name or "",
                "unit": call.unit_id.display_name or "",
            }
            for user in users:
                self.env["bus.bus"]._sendone(
                    user.partner_id, "property_crm.incoming_call", payload
                )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_take(self):
        """An on-duty agent answers a call that rang for all."""
        self._check_agent()
        self.ensure_one()
        if self.agent_id and self.agent_id != self.env.user:
            raise UserError(
                self.env._("%s already took this call.", self.agent_id.name)
            )
        self.sudo().agent_id = self.env.user
        return True

    def action_end(self):
        self._check_agent()
        self.filtered(lambda c: not c.ended_at).sudo().write(
            {"ended_at": fields.Datetime.now()}
        )
        for call in self.filtered(lambda c: not c.outcome):
            call.sudo().outcome = "answered"
        return True

    def _from_call_context(self, outcome):
        self.ensure_one()
        self._check_agent()
        if self.agent_id != self.env.user and not self.env.user.has_group(
            "property_crm.group_specialist"
        ):
            raise AccessError(
                self.env._("Only the agent of call %s logs from it.", self.name)
            )
        if not self.partner_id:
            raise UserError(
                self.env._("Choose the customer of call %s first.", self.name)
            )
        if not self.outcome or self.outcome == "answered":
            self.sudo().outcome = outcome
        return {
            "default_partner_id": self.partner_id.id,
            "default_unit_id": self.unit_id.id,
            "default_call_id": self.id,
        }

    def action_new_request(self):
        context = self._from_call_context("request")
        context.update(
            default_channel="hotline",
            default_first_contact_user_id=(self.agent_id or self.env.user).id,
        )
        return self._open_new("property.crm.request", context)

    def action_new_complaint(self):
        context = self._from_call_context("complaint")
        context.update(
            default_channel="hotline",
            default_received_by_id=(self.agent_id or self.env.user).id,
        )
        return self._open_new("property.crm.complaint", context)

    def action_new_repair(self):
        context = self._from_call_context("repair")
        context.update(
            default_first_contact_user_id=(self.agent_id or self.env.user).id
        )
        return self._open_new("property.crm.repair.order", context)

    def _open_new(self, model, context):
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "view_mode": "form",
            "target": "current",
            "context": context,
        }

    def action_open_customer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    def action_view_produced(self):
        self.ensure_one()
        records = self.request_ids or self.complaint_ids or self.repair_order_ids
        return {
            "type": "ir.actions.act_window",
            "res_model": records._name,
            "view_mode": "list,form",
            "domain": [("id", "in", records.ids)],
        }
