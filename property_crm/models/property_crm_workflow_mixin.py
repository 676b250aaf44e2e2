from odoo import api, models
from odoo.exceptions import UserError

WORKFLOW_CONTEXT = "property_crm_workflow"


class PropertyCrmWorkflowMixin(models.AbstractModel):
    """Workflow fields (states, clock timestamps, approvals) change only through the
    buttons that check the rules and the roles — never by a plain write over RPC or a
    kanban drag. The system (superuser, crons) is not restricted."""

    _name = "property.crm.workflow.mixin"
    _description = "Customer Relations Workflow Guard"
    _workflow_fields = ("state",)

    def _check_workflow_vals(self, vals):
        if self.env.su or self.env.context.get(WORKFLOW_CONTEXT):
            return
        touched = [fname for fname in self._workflow_fields if fname in vals]
        if touched:
            raise UserError(
                self.env._(
                    "%(model)s: %(fields)s change only through the workflow buttons.",
                    model=self._description,
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        for fname in touched
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_vals(vals)
        return super().write(vals)

    def _workflow_write(self, vals):
        """Write workflow fields on behalf of a button that checked the rules."""
        return self.with_context(**{WORKFLOW_CONTEXT: True}).write(vals)
