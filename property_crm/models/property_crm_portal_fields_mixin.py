from odoo import models
from odoo.exceptions import AccessError
from odoo.osv import expression


class PropertyCrmPortalFieldsMixin(models.AbstractModel):
    """What a customer reads of their own records on the portal: only the fields
    of ``_property_crm_portal_readable`` (as ``project.task`` does with its portal
    fields), whatever path the request takes — ``read``/``search_read`` (without
    fields: the whitelisted ones only), a search domain, an order, a group or an
    aggregate of ``read_group``. The internal assessment stays with the staff.

    A portal user writes nothing directly (``_property_crm_portal_writable`` is
    empty by default): records are filed by the model's ``_portal_create`` and the
    conversation goes through the chatter. Internal users and the superuser are
    not concerned; the record rules still decide which records a customer sees.
    """

    _name = "property.crm.portal.fields.mixin"
    _description = "Customer Relations Portal Field Whitelist"
    _property_crm_portal_readable = frozenset()
    _property_crm_portal_writable = frozenset()

    def _property_crm_is_portal(self):
        return not self.env.su and not self.env.user._is_internal()

    def _property_crm_check_portal_fields(self, field_names, operation="read"):
        if not field_names or not self._property_crm_is_portal():
            return
        allowed = (
            self._property_crm_portal_readable
            if operation == "read"
            else self._property_crm_portal_writable
        )
        refused = sorted(set(field_names) - allowed)
        if refused:
            raise AccessError(
                self.env._(
                    "%(model)s: you cannot access these fields: %(fields)s",
                    model=self.env["ir.model"].sudo()._get(self._name).name
                    or self._description,
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        if fname in self._fields
                        else fname
                        for fname in refused
                    ),
                )
            )

    def check_field_access_rights(self, operation, field_names):
        if field_names and operation in ("read", "write"):
            self._property_crm_check_portal_fields(field_names, operation)
        elif not field_names and self._property_crm_is_portal():
            return [
                fname
                for fname in super().check_field_access_rights(operation, field_names)
                if fname in self._property_crm_portal_readable
            ]
        return super().check_field_access_rights(operation, field_names)

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        fields_to_fetch = super()._determine_fields_to_fetch(
            field_names, ignore_when_in_cache
        )
        if not self._property_crm_is_portal():
            return fields_to_fetch
        # the dependencies Odoo adds to a whitelisted computed field are not
        # fetched for the customer (a ``compute_sudo`` field reads them as the
        # system)
        return [
            field
            for field in fields_to_fetch
            if field.name in self._property_crm_portal_readable
        ]

    def _search(self, domain, offset=0, limit=None, order=None):
        # the fields of the customer's domain, before Odoo rewrites a condition on
        # a one2many or a computed field into conditions on ``id`` or other models
        if domain and self._property_crm_is_portal():
            self._property_crm_check_portal_fields(
                [
                    leaf[0].split(".", 1)[0]
                    for leaf in domain
                    if expression.is_leaf(leaf) and isinstance(leaf[0], str)
                ]
            )
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _condition_to_sql(self, alias, fname, operator, value, query):
        self._property_crm_check_portal_fields([fname])
        return super()._condition_to_sql(alias, fname, operator, value, query)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        self._property_crm_check_portal_fields([field_name.split(".", 1)[0]])
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    def _read_group_groupby(self, groupby_spec, query):
        self._property_crm_check_portal_fields(
            [groupby_spec.split(":")[0].split(".")[0]]
        )
        return super()._read_group_groupby(groupby_spec, query)

    def _read_group_select(self, aggregate_spec, query):
        fname = aggregate_spec.partition(":")[0]
        if fname != "__count":
            self._property_crm_check_portal_fields([fname])
        return super()._read_group_select(aggregate_spec, query)
