from odoo import fields, models

SUPERVISOR = [("supervisor", "Supervisor")]
ONDELETE = {"supervisor": "set null"}


class PropertyCrmClockType(models.Model):
    """Maintenance tasks escalate to the plan's supervisor (seed 004 七(二))."""

    _inherit = "property.crm.clock.type"

    warn_to = fields.Selection(selection_add=SUPERVISOR, ondelete=ONDELETE)
    escalate_to = fields.Selection(selection_add=SUPERVISOR, ondelete=ONDELETE)


class PropertyCrmClockLevel(models.Model):
    _inherit = "property.crm.clock.level"

    escalate_to = fields.Selection(
        selection_add=SUPERVISOR, ondelete={"supervisor": "cascade"}
    )
