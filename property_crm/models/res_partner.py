import re
from datetime import timedelta

from odoo import _lt, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from . import input_validation
from .property_crm_confidential_mixin import (  # noqa: F401 (used by other models)
    EMAIL_RE,
    EXACT_OPERATORS,
    is_masked,
    mask_email,
    mask_id,
    mask_phone,
    mask_value,
)

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
# a number revealed for a case stays visible for a call, then is masked again
REVEAL_MINUTES = 15
PRC_ID_RE = re.compile(r"^\d{17}[\dX]$")
PRC_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
PRC_ID_CHECK = "10X98765432"
CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


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

    Phone, mobile, email and ID number of customers are confidential
    (``property.crm.confidential.mixin``): users without the privilege (below
    客戶關係主管) get masked values from every read, export, search and group-by, the
    display name with ``show_email`` included; every read of the real values is logged
    in ``property.crm.access.log``.
    """

    _name = "res.partner"
    _inherit = ["res.partner", "property.crm.confidential.mixin"]
    _property_crm_confidential = CONFIDENTIAL_FIELDS
    _property_crm_purpose = _lt(
        "Customer archive: contact the customer about their complaints, "
        "repairs, callbacks and care visits (seed 002 §二)."
    )

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
        if not self.env.su:
            # the customer archive's own fields are bounded like the addon's models
            # (a 1 MB phone number is refused with a clear error, not an index error)
            input_validation.validate_vals(
                self,
                {
                    fname: vals[fname]
                    for fname in ("name", "phone", "mobile", "email", "id_number")
                    if fname in vals
                },
            )
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
    # Confidential data (property.crm.confidential.mixin)
    # ------------------------------------------------------------------

    def _property_crm_confidential_owners(self):
        return {partner.id: partner.id for partner in self if partner.customer_kind}

    def _property_crm_search_restrict(self, alias, sql, query):
        # only non-customers can be found by a partial match
        return SQL("(%s AND %s IS NULL)", sql, SQL.identifier(alias, "customer_kind"))

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
        for fname in ("email", "phone", "mobile", "id_number"):
            value = self[fname]
            if value and value in text:
                text = text.replace(
                    value,
                    "" if hide else mask_value(CONFIDENTIAL_FIELDS[fname], value),
                )
        if "@" in text:
            text = mask_email(text)
        return text

    @api.depends_context(
        "show_address",
        "partner_show_db_id",
        "address_inline",
        "show_email",
        "show_vat",
        "lang",
        "uid",
    )
    def _compute_display_name(self):
        """``show_email`` and the other formatting flags put contact data in the name
        itself; the name is computed per user, masked for masked roles (the many2one
        value of any record carries it, even when read as superuser)."""
        super()._compute_display_name()
        formatted = any(
            self.env.context.get(key)
            for key in ("show_email", "show_address", "address_inline", "show_vat")
        )
        if not formatted:
            return
        level = self._property_crm_access_level()
        own = self._property_crm_own_partner_id()
        if level == "full":
            customers = self.filtered(lambda p: p.customer_kind and p.id != own)
            if self.env.context.get("show_email"):
                self.env["property.crm.access.log"]._log_reads(
                    self._name,
                    [(p.id, p.id, ["email"]) for p in customers.filtered("email")],
                )
            return
        for partner in self:
            if partner.customer_kind and partner.id != own:
                partner.display_name = partner._property_crm_mask_text(
                    partner.display_name, hide=level == "hidden"
                )

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

    def _build_vcard(self):
        """The vCard (``/web/partner/vcard``) carries the same data as a read."""
        vcard = super()._build_vcard()
        if not vcard or not self.customer_kind:
            return vcard
        level = self._property_crm_access_level()
        if self.id == self._property_crm_own_partner_id():
            return vcard
        if level == "full":
            shown = [f for f in ("email", "phone", "mobile") if self[f]]
            self.env["property.crm.access.log"]._log_reads(
                self._name, [(self.id, self.id, shown)], access_type="export"
            )
            return vcard
        for key, kind in (("email", "email"), ("tel", "phone")):
            for line in vcard.contents.get(key, []):
                line.value = "" if level == "hidden" else mask_value(kind, line.value)
        return vcard

    def action_property_crm_open_reveal(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reveal Number for a Call"),
            "res_model": "res.partner.reveal",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_property_crm_reveal_number(self, purpose, res_model, res_id):
        """Unmasking tied to a case (GB/T 35273-2020 §7.1, PIPL Art. 51): a masked
        role sees this customer's number for a call only while it is the assignee of
        an open complaint or callback of the customer, stating the purpose. The
        reveal is logged with the case and expires after REVEAL_MINUTES."""
        self.ensure_one()
        if self._property_crm_access_level() == "full":
            return self.mobile or self.phone
        purpose = (purpose or "").strip()
        if not purpose:
            raise UserError(self.env._("State why you need the customer's number."))
        open_states = {
            "property.crm.complaint": ("new", "handling"),
            "property.crm.callback": ("todo",),
        }
        if res_model not in open_states:
            raise UserError(
                self.env._("A number is revealed for a complaint or a callback only.")
            )
        case = self.env[res_model].sudo().browse(int(res_id)).exists()
        if (
            not case
            or case.state not in open_states[res_model]
            or case.user_id != self.env.user
            or case.partner_id.commercial_partner_id != self.commercial_partner_id
        ):
            raise AccessError(
                self.env._(
                    "You may reveal %(customer)s's number only while you are "
                    "assigned to an open complaint or callback of this customer.",
                    customer=self.name,
                )
            )
        self.env["property.crm.access.log"].sudo().create(
            {
                "user_id": self.env.uid,
                "partner_id": self.id,
                "res_model": res_model,
                "res_id": case.id,
                "field_names": "mobile,phone",
                "access_type": "reveal",
                "purpose": purpose,
                "expires_at": fields.Datetime.now() + timedelta(minutes=REVEAL_MINUTES),
                "company_id": self.env.company.id,
            }
        )
        return self.mobile or self.phone

    def _message_get_suggested_recipients(self):
        return self._property_crm_mask_recipients(
            super()._message_get_suggested_recipients()
        )

    def _property_crm_mask_recipients(self, recipients):
        """Mask the customers' addresses of suggested recipients or
        ``/mail/partner/from_email`` results for masked roles; log them for the
        privileged."""
        level = self._property_crm_access_level()
        ids = [r.get("partner_id") or r.get("id") for r in recipients]
        partners = self.browse([pid for pid in ids if pid]).exists()
        customers = {p.id: p for p in partners if p.customer_kind}
        own = self._property_crm_own_partner_id()
        logged = []
        for recipient, pid in zip(recipients, ids, strict=True):
            partner = customers.get(pid)
            if not partner or partner.id == own:
                continue
            if level == "full":
                logged.append((partner.id, partner.id, ["email"]))
                continue
            for key in ("email", "name", "email_normalized"):
                if isinstance(recipient.get(key), str):
                    recipient[key] = partner._property_crm_mask_text(
                        recipient[key], hide=level == "hidden"
                    )
            recipient.pop("create_values", None)
        if logged:
            self.env["property.crm.access.log"]._log_reads(self._name, logged)
        return recipients
