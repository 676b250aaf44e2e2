import re

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

EMAIL_RE = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+")
# a value that contains this was masked: it is never stored over the real one
MASK_MARK = "***"
# search operators that cannot be used to guess a value character by character
EXACT_OPERATORS = ("=", "in")
NEGATIVE_OPERATORS = ("!=", "not in")
# how many exact values an ``in`` may list before it is a list of candidates: a
# masked number leaves 10,000 possibilities (one value at a time), an address far
# more, and core looks up a few addresses at once (mail gateway, invitations)
IN_LIMIT = {"phone": 1, "id": 1, "email": 20}


def mask_phone(value):
    value = value.strip()
    if len(value) <= 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


def mask_email(value):
    def _mask(match):
        local, _sep, domain = match.group(0).partition("@")
        return f"{local[:1]}***@{domain}"

    return EMAIL_RE.sub(_mask, value)


def mask_id(value):
    value = value.strip()
    if len(value) <= 6:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 5)}{value[-2:]}"


MASKERS = {"phone": mask_phone, "email": mask_email, "id": mask_id}


def mask_value(kind, value):
    if not value or not isinstance(value, str):
        return value
    return MASKERS[kind](value)


def is_masked(value):
    return isinstance(value, str) and ("****" in value or "***@" in value)


class PropertyCrmConfidentialMixin(models.AbstractModel):
    """Confidential customer data (seed 002 §二(三), 003; PIPL Art. 51).

    A model lists its confidential fields in ``_property_crm_confidential``
    (field name → kind of mask) and says whose data a record holds in
    ``_property_crm_confidential_owners``. Every path that hands a value to a client
    goes through the ORM methods below: read, web_read, search_read, Store payloads
    (``_read_format``), onchange, export, read_group, search and order. Users below
    客戶關係主管 get masked values (department handlers: none), cannot group, order
    or partially match on them, and a masked value written back is never stored.
    Every unmasked read by a privileged user is written to the access log, in one
    batch per transaction. Python attribute access (sending mail or SMS) keeps the
    real values.
    """

    _name = "property.crm.confidential.mixin"
    _description = "Confidential Customer Data"

    _property_crm_confidential = {}
    # why the addon holds these fields (register of processing, PIPL Art. 51, 55)
    _property_crm_purpose = ""

    @api.model
    def _property_crm_processing_register(self):
        """The register of processing, generated from the models' own declarations
        (``_property_crm_confidential``, ``_property_crm_purpose``), so that it
        cannot drift from the code: one row per confidential field."""
        Mixin = self.env.registry[self._name]
        company = self.env.company
        unmasked = ", ".join(
            self.env.ref(xmlid).sudo().full_name
            for xmlid in ("property_crm.group_supervisor", "property_crm.group_manager")
        )
        rows = []
        for model_name in sorted(self.env.registry):
            Model = self.env[model_name]
            if (
                model_name == self._name
                or Model._abstract
                or not issubclass(type(Model), Mixin)
            ):
                continue
            for fname, kind in sorted(Model._property_crm_confidential.items()):
                if fname not in Model._fields:
                    continue
                rows.append(
                    {
                        "model": self.env["ir.model"]._get(model_name).name
                        or model_name,
                        "model_name": model_name,
                        "field": Model._fields[fname]._description_string(self.env),
                        "field_name": fname,
                        "kind": kind,
                        "purpose": str(Model._property_crm_purpose),
                        "unmasked": unmasked,
                        "retention": self.env._(
                            "%(years)s years after the complaint is closed; "
                            "the access log as long",
                            years=company.property_crm_retention_years,
                        ),
                    }
                )
        return rows

    # ------------------------------------------------------------------
    # who sees what
    # ------------------------------------------------------------------

    @api.model
    def _property_crm_access_level(self):
        """``full`` (real values), ``masked`` or ``hidden`` (department handlers).

        Decided by the real user, whatever ``sudo``: a client payload built as
        superuser for a specialist stays masked."""
        if self.env.uid == SUPERUSER_ID:
            return "full"
        user = self.env.user
        if user.has_group("property_crm.group_supervisor"):
            return "full"
        if user.has_group("property_crm.group_specialist"):
            return "masked"
        if user.has_group("property_crm.group_department_handler"):
            return "hidden"
        return "masked"

    def _property_crm_confidential_owners(self):
        """``{record id: customer partner id or 0}`` for the records of ``self``
        whose confidential fields hold a customer's data; records not listed are not
        confidential (a supplier's phone is no secret)."""
        return dict.fromkeys(self.ids, 0)

    def _property_crm_own_partner_id(self):
        """A customer always sees their own data."""
        user = self.env.user
        if user._is_internal():
            return None
        return user.partner_id.commercial_partner_id.id

    def _property_crm_mask(self, fname, value, level):
        if not value or level == "full":
            return value
        if level == "hidden":
            return False
        return mask_value(self._property_crm_confidential[fname], value)

    # ------------------------------------------------------------------
    # read paths
    # ------------------------------------------------------------------

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        confidential = [f for f in fnames if f in self._property_crm_confidential]
        if not result or not confidential:
            return result
        owners = self._property_crm_confidential_owners()
        if not owners:
            return result
        level = self._property_crm_access_level()
        own = self._property_crm_own_partner_id()
        phones = [
            f for f in confidential if self._property_crm_confidential[f] == "phone"
        ]
        revealed = (
            self.env["property.crm.access.log"]._revealed_partner_ids(
                {owner for owner in owners.values() if owner}
            )
            if level == "masked" and phones
            else set()
        )
        seen = []
        for vals in result:
            if vals["id"] not in owners:
                continue
            owner = owners[vals["id"]]
            if own and owner == own:
                continue
            if level == "full":
                read = sorted(f for f in confidential if vals.get(f))
                if read:
                    seen.append((vals["id"], owner, read))
                continue
            unmasked = phones if owner in revealed else ()
            for fname in confidential:
                if vals.get(fname) and fname not in unmasked:
                    vals[fname] = self._property_crm_mask(fname, vals[fname], level)
            read = sorted(f for f in unmasked if vals.get(f))
            if read:
                seen.append((vals["id"], owner, read))
        if seen:
            self.env["property.crm.access.log"]._log_reads(self._name, seen)
        return result

    def _property_crm_shown(self, fname):
        """The value of a confidential field as the current user may see it, for
        printed reports and QWeb pages that read fields as attributes
        (``<span t-out="doc.partner_id._property_crm_shown('mobile')"/>``)."""
        self.ensure_one()
        return self._read_format([fname])[0][fname] if self else False

    def onchange(self, values, field_names, fields_spec):
        result = super().onchange(values, field_names, fields_spec)
        level = self._property_crm_access_level()
        if level == "full":
            return result
        for fname, value in result.get("value", {}).items():
            if fname in self._property_crm_confidential and isinstance(value, str):
                result["value"][fname] = self._property_crm_mask(fname, value, level)
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        confidential = sorted(
            {path[0] for path in fields if path and path[0] in self._fields}
            & set(self._property_crm_confidential)
        )
        owners = self._property_crm_confidential_owners() if confidential else {}
        own = self._property_crm_own_partner_id()
        records = self.browse(
            [rid for rid, owner in owners.items() if not own or owner != own]
        )
        if not records:
            return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        level = self._property_crm_access_level()
        if level == "full":
            self.env["property.crm.access.log"]._log_reads(
                self._name,
                [(record.id, owners[record.id], confidential) for record in records],
                access_type="export",
            )
            return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        # Export reads values from the cache: fill it with the masked values for the
        # duration of the export, then drop them so the real values are reloaded.
        for record in records:
            for fname in confidential:
                masked = self._property_crm_mask(fname, record[fname], level)
                self.env.cache.set(record, self._fields[fname], masked)
        try:
            return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        finally:
            records.invalidate_recordset(confidential)

    # ------------------------------------------------------------------
    # search, order, group: no oracle
    # ------------------------------------------------------------------

    def _property_crm_search_restrict(self, alias, sql, query):
        """The condition a partial match on a confidential field becomes for a
        masked role: by default nothing matches."""
        return SQL("FALSE")

    def _condition_to_sql(self, alias, fname, operator, value, query):
        sql = super()._condition_to_sql(alias, fname, operator, value, query)
        if fname not in self._property_crm_confidential:
            return sql
        exact = (operator == "=") or (
            operator == "in"
            and isinstance(value, list | tuple | set)
            and len(value) <= IN_LIMIT[self._property_crm_confidential[fname]]
        )
        if operator in NEGATIVE_OPERATORS and not value:
            exact = True
        if exact or self._property_crm_access_level() == "full":
            return sql
        # A partial match (like, a list of candidates, a comparison) on a customer's
        # confidential data would reveal it bit by bit: without the privilege,
        # only an exact value finds a customer.
        return self._property_crm_search_restrict(alias, sql, query)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        fname = field_name.split(".", 1)[0]
        if (
            fname in self._property_crm_confidential
            and self._property_crm_access_level() != "full"
        ):
            raise AccessError(
                self.env._(
                    "You are not allowed to sort by confidential customer data (%s).",
                    self._fields[fname]._description_string(self.env),
                )
            )
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    def _property_crm_check_groupable(self, fname):
        if (
            fname in self._property_crm_confidential
            and self._property_crm_access_level() != "full"
        ):
            raise AccessError(
                self.env._(
                    "You are not allowed to group or aggregate "
                    "by confidential customer data (%s).",
                    self._fields[fname]._description_string(self.env),
                )
            )

    def _read_group_groupby(self, groupby_spec, query):
        self._property_crm_check_groupable(groupby_spec.split(":")[0].split(".")[0])
        return super()._read_group_groupby(groupby_spec, query)

    def _read_group_select(self, aggregate_spec, query):
        fname, _sep, func = aggregate_spec.partition(":")
        if func not in ("count", "count_distinct", ""):
            self._property_crm_check_groupable(fname)
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------
    # write paths: a masked value is never stored
    # ------------------------------------------------------------------

    def _property_crm_check_masked_vals(self, vals):
        """Drop a masked value sent back unchanged (a form saving what it showed);
        refuse any other masked value: the real one would be lost."""
        if self.env.su:
            return vals
        for fname in set(vals) & set(self._property_crm_confidential):
            value = vals[fname]
            if not is_masked(value):
                continue
            kind = self._property_crm_confidential[fname]
            if self and all(
                mask_value(kind, record[fname] or "") == value for record in self
            ):
                vals = dict(vals)
                del vals[fname]
                continue
            raise ValidationError(
                self.env._(
                    "%(field)s: %(value)s is a masked value. Enter the complete "
                    "new value; the masked one would overwrite the real data.",
                    field=self._fields[fname]._description_string(self.env),
                    value=value,
                )
            )
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._property_crm_check_masked_vals(vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._property_crm_check_masked_vals(vals))
