from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from . import property_crm_complaint
from .property_crm_complaint import OPEN_STATES

# the longest follow-up a customer or a specialist appends at once
FOLLOWUP_MAX_LENGTH = 5000


class PropertyCrmComplaint(models.Model):
    """追加投訴: what the customer adds to a complaint that is still open (new facts,
    a new demand, the same trouble again) is appended to it instead of opening a new
    case, as the work-order platforms do. Each follow-up is a message of its own
    subtype in the complaint's thread, counted on the complaint, and an activity for
    whoever handles it; a closed complaint takes none (a new one is recorded, flagged
    as a repeat)."""

    _inherit = "property.crm.complaint"  # pylint: disable=consider-merging-classes-inherited
    _workflow_fields = (
        *property_crm_complaint.PropertyCrmComplaint._workflow_fields,
        "followup_count",
        "last_followup_at",
    )

    followup_count = fields.Integer(
        string="Follow-ups",
        readonly=True,
        copy=False,
        help="追加投訴: how many times the customer added to this complaint.",
    )
    last_followup_at = fields.Datetime(
        string="Last Follow-up", readonly=True, copy=False
    )

    def _append_followup(self, text, channel, author_partner=False):
        """Append the customer's follow-up to this open complaint, as superuser once
        the caller's right was checked: the message (in the customer's thread, so the
        customer sees it on the portal), the counter and an activity for the handler."""
        self.ensure_one()
        text = (text or "").strip()
        if not text:
            raise UserError(self.env._("Write down what the customer adds."))
        if len(text) > FOLLOWUP_MAX_LENGTH:
            raise UserError(
                self.env._(
                    "A follow-up holds at most %s characters.", FOLLOWUP_MAX_LENGTH
                )
            )
        if self.state not in OPEN_STATES:
            raise UserError(
                self.env._(
                    "Complaint %s is no longer open: record a new complaint (it is "
                    "flagged as a repeat complaint).",
                    self.name,
                )
            )
        complaint = self.sudo()
        channel_label = dict(
            complaint._fields["channel"]._description_selection(self.env)
        ).get(channel, channel)
        handler = complaint.user_id or complaint.received_by_id
        complaint.message_post(
            body=Markup("<p><b>%s</b></p>%s")
            % (
                self.env._("Follow-up (%s)", channel_label),
                plaintext2html(text),
            ),
            subtype_xmlid="property_crm.mt_complaint_followup",
            author_id=(author_partner or self.env.user.partner_id).id,
            partner_ids=(handler | complaint.received_by_id).partner_id.ids,
        )
        complaint._workflow_write(
            {
                "followup_count": complaint.followup_count + 1,
                "last_followup_at": fields.Datetime.now(),
            }
        )
        if handler:
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(complaint),
                summary=self.env._("Answer the customer's follow-up"),
                note=plaintext2html(text),
                user_id=handler.id,
            )
        return True

    def action_append_followup(self):
        """Open the 追加投訴 form on this complaint (specialists)."""
        self.ensure_one()
        self._check_group("property_crm.group_specialist")
        self._check_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Append a Follow-up"),
            "res_model": "property.crm.complaint.followup",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def _portal_append_followup(self, text):
        """The customer appends a follow-up from the portal page of their complaint
        (the controller checked the access to the complaint)."""
        self.ensure_one()
        return self._append_followup(
            text, "portal", author_partner=self.env.user.partner_id
        )
