from odoo import api, fields, models


class PropertyCrmComplaintFollowup(models.TransientModel):
    """追加投訴: a specialist appends what the customer adds (by phone, in person...)
    to an open complaint."""

    _name = "property.crm.complaint.followup"
    _description = "Complaint Follow-up"

    complaint_id = fields.Many2one(
        "property.crm.complaint", required=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="complaint_id.partner_id")
    channel = fields.Selection(
        selection=lambda self: self.env["property.crm.complaint"]
        ._fields["channel"]
        ._description_selection(self.env),
        required=True,
        default="phone",
    )
    description = fields.Text(string="What the Customer Adds", required=True)

    @api.model_create_multi
    def create(self, vals_list):
        # the complaint must be one the caller may read (its rules apply)
        records = super().create(vals_list)
        records.complaint_id.check_access("read")
        return records

    def action_append(self):
        self.ensure_one()
        complaint = self.complaint_id
        complaint.check_access("read")
        complaint._check_group("property_crm.group_specialist")
        complaint._append_followup(self.description, self.channel)
        return {"type": "ir.actions.act_window_close"}
