from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from .property_crm_request import OPEN_STATES

# What a customer reads of their own demand on the portal: what they asked, where
# it stands and by when it is promised. The internal handling (department,
# handler, dispatch, first responsible, chase escalation, extension, SLA status,
# clocks, callbacks, conversions, the handler's working answer) stays with the
# staff; the answer is shown once the demand is done (``portal_answer``).
PORTAL_READABLE_FIELDS = frozenset(
    {
        "id",
        "name",
        "display_name",
        "company_id",
        "type_id",
        "kind",
        "urgency",
        "partner_id",
        "unit_id",
        "building_id",
        "channel",
        "received_at",
        "description",
        "state",
        "response_deadline",
        "completion_deadline",
        "responded_at",
        "done_at",
        "closed_at",
        "chase_count",
        "last_chase_at",
        "portal_answer",
        "access_url",
        "access_token",
        "access_warning",
        "create_date",
        "write_date",
        "message_ids",
        "website_message_ids",
        "message_follower_ids",
        "message_partner_ids",
        "message_is_follower",
        "message_attachment_count",
        "has_message",
    }
)
# the answer the customer gets: the department's, once it is done
ANSWERED_STATES = ("done", "closed")
# a customer chases a demand from the portal at most once in this interval (a
# chase notifies the handler and may escalate to the department manager)
PORTAL_CHASE_INTERVAL = timedelta(hours=1)


class PropertyCrmRequest(models.Model):
    """客戶需求 on the portal (seed 002 §三 客戶需求, 需求記錄 and 處理跟蹤): a
    customer files an enquiry, a suggestion or a report (報事) of a type open to
    the portal about one of their own units, follows it at ``/my/requests`` —
    state, deadlines, the department's answer, the conversation — and chases it
    (催辦) as they would on the hotline. Portal users read only the whitelisted
    fields of their own demands (``property.crm.portal.fields.mixin``)."""

    _name = "property.crm.request"
    _inherit = [
        "property.crm.request",
        "portal.mixin",
        "property.crm.portal.fields.mixin",
    ]
    _property_crm_portal_readable = PORTAL_READABLE_FIELDS

    portal_answer = fields.Html(
        string="Answer",
        compute="_compute_portal_answer",
        compute_sudo=True,
        sanitize=False,  # the stored answer is sanitized already
        help="The department's answer, as the customer sees it once the demand "
        "is done.",
    )

    @api.depends("answer", "state")
    def _compute_portal_answer(self):
        for request in self:
            request.portal_answer = (
                request.answer if request.state in ANSWERED_STATES else False
            )

    def _compute_access_url(self):
        for request in self:
            request.access_url = f"/my/requests/{request.id}"

    # ------------------------------------------------------------------
    # portal intake and chase
    # ------------------------------------------------------------------

    @api.model
    def _portal_create(self, partner, values):
        """A demand filed by ``partner`` on the portal (channel portal): a type
        open to the portal, one of the customer's own units, a description. It is
        created as superuser once checked; routing and clocks run as for any
        channel; the customer and the first responsible follow it."""
        env = self.env
        description = (values.get("description") or "").strip()
        if not description:
            raise UserError(env._("Describe what you need."))
        customer = partner.commercial_partner_id
        units = (customer.unit_ids | partner.unit_ids).sudo()
        unit = units[:1]
        if values.get("unit_id"):
            unit = units.filtered(lambda u: u.id == values["unit_id"])
            if not unit:
                raise UserError(env._("Choose one of your own units."))
        company = unit.company_id or env.company
        request_type = (
            env["property.crm.request.type"]
            .sudo()
            .search(
                [
                    ("id", "=", values.get("type_id") or 0),
                    ("portal_ok", "=", True),
                    ("company_id", "in", [False, company.id]),
                ],
                limit=1,
            )
        )
        if not request_type:
            raise UserError(env._("Choose one of the listed kinds of demand."))
        # 首問責任人 of a portal demand: the area manager of the unit, else the head
        first_responsible = (
            unit.area_id.manager_id
            or self._sla_head_users(company)[:1]
            or env.ref("base.user_admin")
        )
        demand = self.sudo().create(
            {
                "company_id": company.id,
                "partner_id": customer.id,
                "unit_id": unit.id,
                "type_id": request_type.id,
                "channel": "portal",
                "description": plaintext2html(description),
                "received_by_id": first_responsible.id,
                "first_contact_user_id": first_responsible.id,
            }
        )
        demand.message_subscribe(
            partner_ids=(partner | first_responsible.partner_id).ids
        )
        return demand.with_env(self.env)

    def _portal_chase(self, note=False):
        """催辦 from the portal: the customer's chase is counted, noted and
        escalated as the hotline's (``action_chase``), at most once in
        ``PORTAL_CHASE_INTERVAL``. The caller checked the demand is the
        customer's."""
        self.ensure_one()
        demand = self.sudo()
        if demand.state not in OPEN_STATES:
            raise UserError(
                self.env._("Demand %s is finished: it cannot be chased.", demand.name)
            )
        now = fields.Datetime.now()
        if demand.last_chase_at and demand.last_chase_at > now - PORTAL_CHASE_INTERVAL:
            raise UserError(
                self.env._(
                    "Demand %s was chased less than an hour ago: the department "
                    "is on it.",
                    demand.name,
                )
            )
        if note:
            demand.write({"chase_note": note})
        return demand.action_chase()
