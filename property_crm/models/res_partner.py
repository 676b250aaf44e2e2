import re

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

# Confidential customer data (seed 002 §二(三), 003) and how each field is masked.
CONFIDENTIAL_FIELDS = {
    "phone": "phone",
    "mobile": "phone",
    "phone_sanitized": "phone",
    "email": "email",
    "email_normalized": "email",
    "email_formatted": "email",
    "id_number": "id",
}
# search operators that cannot be used to guess a value character by character
EXACT_OPERATORS = ("=", "in")
EMAIL_RE = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+")
PRC_ID_RE = re.compile(r"^\d{17}[\dX]$")
PRC_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
PRC_ID_CHECK = "10X98765432"
CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


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


def prc_id_is_valid(number):
    if not PRC_ID_RE.match(number):
        return False
    total = sum(
        int(digit) * weight
        for digit, weight in zip(number[:17], PRC_ID_WEIGHTS, strict=False)
    )
    return PRC_ID_CHECK[total % 11] == number[17]


class ResPartner(models.Model):
    """Customer archive 客戶檔案 (seed 002 §二): individual and enterprise customers.

    Phone, mobile, email and ID number of customers are confidential: users without the
    privilege (below 客戶關係主管) get masked values from every read, export, search and
    group-by; every read of the real values is logged in ``property.crm.access.log``.
    """

    _inherit = "res.partner"

    customer_kind = fields.Selection(
        [("individual", "Individual"), ("enterprise", "Enterprise")],
        string="Customer Type",
        tracking=True,
        index=True,
        help="Set for property customers; empty for partners that are not customers.",
    )
    mobile = fields.Char(tracking=True)
    # individual
    gender = fields.Selection(
        [("male", "Male"), ("female", "Female"), ("other", "Other")], tracking=True
    )
    birthday = fields.Date(tracking=True)
    age = fields.Integer(compute="_compute_age")
    household_size = fields.Integer(string="Household Members")
    # enterprise
    legal_representative = fields.Char(tracking=True)
    business_scope = fields.Text(tracking=True)
    # identity
    id_type = fields.Selection(
        [
            ("prc_id", "Resident Identity Card"),
            ("hk_macau", "Mainland Travel Permit (HK/Macau)"),
            ("passport", "Passport"),
            ("credit_code", "Unified Social Credit Code"),
            ("other", "Other"),
        ],
        string="ID Type",
        default="prc_id",
    )
    id_number = fields.Char(string="ID Number", tracking=True, copy=False)
    # property
    unit_ids = fields.Many2many(
        "property.crm.unit",
        "property_crm_unit_partner_rel",
        "partner_id",
        "unit_id",
        string="Units",
    )
    property_unit_id = fields.Many2one(
        "property.crm.unit",
        string="Main Unit",
        compute="_compute_property_unit",
        store=True,
        index=True,
    )
    property_building_id = fields.Many2one(
        "property.crm.building",
        string="Building",
        compute="_compute_property_unit",
        store=True,
        index=True,
    )
    property_area_id = fields.Many2one(
        "property.crm.area",
        string="Area",
        compute="_compute_property_unit",
        store=True,
        index=True,
    )
    property_layout = fields.Char(
        string="Layout", compute="_compute_property_unit", store=True
    )
    property_floor_area = fields.Float(
        string="Floor Area (m²)", compute="_compute_property_unit", store=True
    )
    # consent to collection (seed 002 §二(一)1)
    consent_date = fields.Date(tracking=True)
    consent_channel = fields.Selection(
        [
            ("paper", "Signed Form"),
            ("online", "Online"),
            ("phone", "Phone (recorded)"),
            ("wechat", "WeChat"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    consent_purpose = fields.Text(
        string="Purpose Shown",
        tracking=True,
        help="Purpose, use and protection of the data as shown to the customer.",
    )
    # grading (seed 004 §五)
    grade_id = fields.Many2one(
        "property.crm.grade",
        string="Customer Grade",
        tracking=True,
        index=True,
        readonly=True,
        help="Changed only by an approved customer relationship evaluation.",
    )
    grade_evaluation_ids = fields.One2many(
        "property.crm.grade.evaluation", "partner_id", string="Grade History"
    )

    @api.depends("birthday")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for partner in self:
            birthday = partner.birthday
            partner.age = (
                today.year
                - birthday.year
                - ((today.month, today.day) < (birthday.month, birthday.day))
                if birthday
                else 0
            )

    @api.depends(
        "unit_ids",
        "unit_ids.building_id",
        "unit_ids.area_id",
        "unit_ids.layout",
        "unit_ids.area_sqm",
    )
    def _compute_property_unit(self):
        for partner in self:
            unit = partner.unit_ids[:1]
            partner.property_unit_id = unit
            partner.property_building_id = unit.building_id
            partner.property_area_id = unit.area_id
            partner.property_layout = unit.layout
            partner.property_floor_area = sum(partner.unit_ids.mapped("area_sqm"))

    @api.constrains("id_type", "id_number")
    def _check_id_number(self):
        for partner in self:
            number = (partner.id_number or "").strip().upper()
            if not number:
                continue
            if partner.id_type == "prc_id" and not prc_id_is_valid(number):
                raise ValidationError(
                    self.env._(
                        "The resident ID number of %s is not valid: it must "
                        "have 18 characters (17 digits and a final digit or X) "
                        "with a correct check digit.",
                        partner.name,
                    )
                )
            if partner.id_type == "credit_code" and not CREDIT_CODE_RE.match(number):
                raise ValidationError(
                    self.env._(
                        "The unified social credit code of "
                        "%s is not valid (18 characters).",
                        partner.name,
                    )
                )

    @api.constrains("customer_kind", "name", "is_company")
    def _check_enterprise_name(self):
        for partner in self:
            if (
                partner.customer_kind == "enterprise"
                and not (partner.name or "").strip()
            ):
                raise ValidationError(
                    self.env._("An enterprise customer needs its company name.")
                )

    @api.onchange("customer_kind")
    def _onchange_customer_kind(self):
        if self.customer_kind:
            self.is_company = self.customer_kind == "enterprise"
            if self.customer_kind == "enterprise" and self.id_type == "prc_id":
                self.id_type = "credit_code"

    def action_property_crm_send_survey(self):
        """Send the 客戶意見調查表 to the selected customers (by building, grade...)."""
        survey = self.env.ref("property_crm.survey_customer_satisfaction")
        action = survey.action_send_survey()
        action["context"] = dict(
            action["context"], default_partner_ids=self.filtered("customer_kind").ids
        )
        return action

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_customer_vals(vals)
            if vals.get("customer_kind") == "enterprise":
                vals.setdefault("is_company", True)
        return super().create(vals_list)

    def write(self, vals):
        self._check_customer_vals(vals, records=self)
        if (
            "grade_id" in vals
            and not self.env.su
            and any(partner.grade_id.id != vals["grade_id"] for partner in self)
        ):
            raise UserError(
                self.env._(
                    "A customer's grade can only be changed by an approved customer "
                    "relationship evaluation (客戶關係評估表)."
                )
            )
        if len(self) == 1 and self._property_crm_access_level() != "full":
            # a masked value sent back unchanged by a form must not overwrite the
            # real one
            for fname, kind in CONFIDENTIAL_FIELDS.items():
                if (
                    fname in vals
                    and isinstance(vals[fname], str)
                    and "*" in vals[fname]
                ):
                    if vals[fname] == mask_value(kind, self[fname] or ""):
                        del vals[fname]
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_logged_customer(self):
        logged = (
            self.env["property.crm.access.log"]
            .sudo()
            .search_count([("partner_id", "in", self.ids)], limit=1)
        )
        if logged:
            raise UserError(
                self.env._(
                    "This customer's data was read and the reads are kept in the "
                    "access log for the retention period: archive the customer instead."
                )
            )

    def _check_customer_vals(self, vals, records=None):
        if "id_number" in vals and vals["id_number"]:
            vals["id_number"] = vals["id_number"].strip().upper()
        kind = vals.get("customer_kind")
        if kind == "enterprise" or (kind is None and records and "name" in vals):
            if "name" in vals or records is None:
                if not (vals.get("name") or "").strip() and (
                    kind == "enterprise"
                    or any(r.customer_kind == "enterprise" for r in (records or []))
                ):
                    raise ValidationError(
                        self.env._("An enterprise customer needs its company name.")
                    )
        if "grade_id" in vals and vals["grade_id"] and records is None:
            if not self.env.su:
                raise UserError(
                    self.env._(
                        "A customer's grade can only be set by an approved customer "
                        "relationship evaluation (客戶關係評估表)."
                    )
                )

    # ------------------------------------------------------------------
    # Confidential data: masking, logging
    # ------------------------------------------------------------------

    @api.model
    def _property_crm_access_level(self):
        """``full`` (real values), ``masked`` or ``hidden`` (department handlers)."""
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

    @api.model
    def _property_crm_confidential_fnames(self):
        return [fname for fname in CONFIDENTIAL_FIELDS if fname in self._fields]

    def _property_crm_mask_text(self, text, hide=False):
        """Replace this customer's real contact data inside ``text`` (e.g. a display
        name); with ``hide``, drop the email that ``show_email`` appends instead of
        masking it."""
        if not text or not self.customer_kind:
            return text
        if hide and self.email:
            text = text.replace(f" <{self.email}>", "")
        for fname in ("email", "phone", "mobile"):
            value = self[fname]
            if value and value in text:
                text = text.replace(
                    value, mask_value(CONFIDENTIAL_FIELDS[fname], value)
                )
        return mask_email(text) if "@" in text else text

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        confidential = [f for f in fnames if f in CONFIDENTIAL_FIELDS]
        if not result or not (confidential or "display_name" in fnames):
            return result
        records = {record.id: record for record in self}
        level = self._property_crm_access_level()
        if level == "full":
            seen = self.browse()
            for vals in result:
                record = records.get(vals["id"])
                if (
                    record
                    and record.customer_kind
                    and any(vals.get(f) for f in confidential)
                ):
                    seen |= record
            if seen:
                self.env["property.crm.access.log"]._log_access_for(seen, confidential)
            return result
        for vals in result:
            record = records.get(vals["id"])
            if not record or not record.customer_kind:
                continue
            for fname in confidential:
                if vals.get(fname):
                    vals[fname] = (
                        mask_value(CONFIDENTIAL_FIELDS[fname], vals[fname])
                        if level == "masked"
                        else False
                    )
            if vals.get("display_name"):
                vals["display_name"] = record._property_crm_mask_text(
                    vals["display_name"], hide=level == "hidden"
                )
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        confidential = sorted(
            {path[0] for path in fields if path and path[0] in CONFIDENTIAL_FIELDS}
            & set(self._fields)
        )
        customers = self.filtered("customer_kind") if confidential else self.browse()
        if not customers:
            return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        level = self._property_crm_access_level()
        if level == "full":
            self.env["property.crm.access.log"]._log_access_for(
                customers, confidential, access_type="export"
            )
            return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        # Export reads values from the cache: fill it with the masked values for the
        # duration of the export, then drop them so the real values are reloaded.
        for partner in customers:
            for fname in confidential:
                field = self._fields[fname]
                value = partner[fname]
                masked = (
                    mask_value(CONFIDENTIAL_FIELDS[fname], value)
                    if level == "masked"
                    else False
                )
                self.env.cache.set(partner, field, masked)
        try:
            return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        finally:
            customers.invalidate_recordset(confidential)

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        result = super().name_search(
            name=name, args=args, operator=operator, limit=limit
        )
        level = self._property_crm_access_level()
        if level == "full":
            return result
        partners = self.browse([pid for pid, _name in result])
        by_id = {partner.id: partner for partner in partners}
        return [
            (pid, by_id[pid]._property_crm_mask_text(label, hide=level == "hidden"))
            for pid, label in result
        ]

    def _condition_to_sql(self, alias, fname, operator, value, query):
        sql = super()._condition_to_sql(alias, fname, operator, value, query)
        if (
            fname in CONFIDENTIAL_FIELDS
            and self._fields[fname].store
            and operator not in EXACT_OPERATORS
            and not (operator in ("!=", "not in") and not value)
            and self._property_crm_access_level() != "full"
        ):
            # A partial match on a customer's confidential data would reveal it bit by
            # bit: without the privilege, only an exact value finds a customer.
            sql = SQL(
                "(%s AND %s IS NULL)", sql, SQL.identifier(alias, "customer_kind")
            )
        return sql

    def _search_phone_mobile_search(self, operator, value):
        # phone_validation's "Phone/Mobile" search matches digits by raw SQL, around
        # _condition_to_sql: apply the same rule, only an exact number finds a customer.
        domain = super()._search_phone_mobile_search(operator, value)
        if (
            operator not in EXACT_OPERATORS
            and not (operator in ("!=", "not in") and not value)
            and self._property_crm_access_level() != "full"
        ):
            domain = expression.AND([domain, [("customer_kind", "=", False)]])
        return domain

    def _property_crm_check_groupable(self, fname):
        if fname in CONFIDENTIAL_FIELDS and self._property_crm_access_level() != "full":
            raise AccessError(
                self.env._(
                    "You are not allowed to group or aggregate "
                    "customers by confidential data (%s).",
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

    def _mail_track(self, tracked_fields, initial_values):
        changes, tracking_value_ids = super()._mail_track(
            tracked_fields, initial_values
        )
        if self.customer_kind and tracking_value_ids:
            masked_ids = {
                self.env["ir.model.fields"]._get(self._name, fname).id: kind
                for fname, kind in CONFIDENTIAL_FIELDS.items()
                if fname in self._fields
            }
            for command in tracking_value_ids:
                vals = command[2]
                kind = masked_ids.get(vals.get("field_id"))
                if kind:
                    for key in ("old_value_char", "new_value_char"):
                        if vals.get(key):
                            vals[key] = mask_value(kind, vals[key])
        return changes, tracking_value_ids
