from odoo import api, models
from odoo.exceptions import UserError

from . import input_validation


class PropertyCrmWorkflowMixin(models.AbstractModel):
    """Workflow fields (states, clock timestamps, approvals, signers) change only
    through the business methods, which check the caller's role and the record's state
    and then write as superuser (``_workflow_write``). ``create``/``write`` refuse them
    from every other caller — RPC, one2many commands of a parent, import — whatever the
    context says: ``env.su`` is the only bypass. A default sent by a form on create and
    an unchanged value sent back on write are no transition.

    Numbers come from the model's sequence (``_sequence_code``) only.
    """

    _name = "property.crm.workflow.mixin"
    _description = "Customer Relations Workflow Guard"
    _workflow_fields = ("state",)
    _sequence_code = None

    def _workflow_field_labels(self, fnames):
        return ", ".join(
            self._fields[fname]._description_string(self.env) for fname in fnames
        )

    def _raise_workflow_fields(self, fnames):
        raise UserError(
            self.env._(
                "%(model)s: %(fields)s change only through the workflow buttons.",
                model=self.env["ir.model"]._get(self._name).name or self._description,
                fields=self._workflow_field_labels(fnames),
            )
        )

    def _is_unchanged(self, fname, value):
        """``value`` (as a client sends it) equals the stored value of every record."""
        field = self._fields[fname]
        for record in self:
            try:
                new = field.convert_to_cache(value, record, validate=False)
            except (TypeError, ValueError):
                return False
            old = field.convert_to_cache(record[fname], record, validate=False)
            if field.type in ("many2one",):
                new, old = (new or False), (old or False)
            if new != old and not (not new and not old):
                return False
        return True

    def _workflow_clean_context(self):
        """The records without the context's ``default_<field>`` keys of the workflow
        fields: a context key is no authority, not even as a default."""
        names = set(self._workflow_fields) | (
            {"name"} if self._sequence_code else set()
        )
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[len("default_") :] in names)
        }
        if len(context) == len(self.env.context):
            return self
        return self.with_env(self.env(context=context))

    def _is_default(self, fname, value):
        field = self._fields[fname]
        records = self._workflow_clean_context()
        default = records.default_get([fname]).get(fname) if field.default else False
        if field.type == "many2one":
            value = value or False
        return (value or False) == (default or False)

    def _check_workflow_create_vals(self, vals):
        if self.env.su:
            return
        input_validation.validate_vals(self, vals)
        name = vals.get("name")
        if self._sequence_code and name and name not in (self.env._("New"), "New"):
            raise UserError(
                self.env._(
                    "The number of a %s is given by its sequence.",
                    self.env["ir.model"]._get(self._name).name or self._description,
                )
            )
        touched = [
            fname
            for fname in self._workflow_fields
            if fname in vals and not self._is_default(fname, vals[fname])
        ]
        if touched:
            self._raise_workflow_fields(touched)

    def _check_workflow_write_vals(self, vals):
        if self.env.su:
            return
        input_validation.validate_vals(self, vals)
        fnames = list(self._workflow_fields)
        if self._sequence_code:
            fnames.append("name")
        touched = [
            fname
            for fname in fnames
            if fname in vals and not self._is_unchanged(fname, vals[fname])
        ]
        if touched:
            self._raise_workflow_fields(touched)
        self._check_write_lock(vals)

    def _check_write_lock(self, vals):
        """Hook: refuse what the caller's role may not change in the record's state
        (called for non-superuser writes, after the workflow fields were checked)."""

    def _workflow_system_vals(self, vals):
        """Hook: ``vals`` plus what the system derives from them (written with them,
        after the caller's values were checked)."""
        return vals

    @api.model
    def _workflow_system_create_vals(self, vals):
        """Hook: creation values plus what the system derives from them."""
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        # the defaults Odoo adds below come without the context's workflow defaults
        clean = self if self.env.su else self._workflow_clean_context()
        for vals in vals_list:
            self._check_workflow_create_vals(vals)
            if self._sequence_code and vals.get("name", "New") in (
                "New",
                self.env._("New"),
                False,
            ):
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(
                    self._sequence_code
                ) or self.env._("New")
        vals_list = [self._workflow_system_create_vals(vals) for vals in vals_list]
        records = super(PropertyCrmWorkflowMixin, clean).create(vals_list)
        return records.with_env(self.env)

    def write(self, vals):
        self._check_workflow_write_vals(vals)
        return super().write(self._workflow_system_vals(vals))

    def _workflow_write(self, vals):
        """Write workflow fields on behalf of a business method that checked the
        rules; the tracking still names the user."""
        return self.sudo().write(vals)
