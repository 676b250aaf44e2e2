"""Bounds of what a client may send to the addon's models (create/write over RPC,
forms, import): refused with a clear, translated error instead of an HTTP 500 or a
database error. Called by ``property.crm.workflow.mixin`` for non-superuser callers.

The rules go by field type, so that a new field is bounded without a line of code:

- texts (Char, Text, Html): a ``str`` (or empty), no NUL byte, valid UTF-8 (no lone
  surrogate), at most ``CHAR_MAX_LENGTH`` characters (or the field's ``size``),
  ``TEXT_MAX_LENGTH`` for Text and ``HTML_MAX_LENGTH`` for Html;
- numbers (Integer, Float, Monetary): a real, finite number (no bool, no string),
  within PostgreSQL's integer range for Integer, ``FLOAT_MAX`` for Float and the
  company's maximum amount (``property_crm_max_amount``) for money;
- dates (Date, Datetime): parseable, within ``DATE_WINDOW_YEARS`` years of now; the
  moment a complaint was received is not in the future (``CLOCK_SKEW`` allowed) nor
  older than the company's backdating window (``property_crm_backdate_days``);
- Selection: one of the field's keys;
- relations: ids of records that exist (one query per comodel), well-formed
  ``Command`` lists for one2many/many2many;
- a required field cannot be emptied;
- field names the model does not have are refused.
"""

import math
from collections import defaultdict
from datetime import date, datetime, timedelta

from odoo import fields, models
from odoo.exceptions import ValidationError

CHAR_MAX_LENGTH = 1_000  # a name, a phone, an e-mail address: never more
TEXT_MAX_LENGTH = 100_000  # a long letter
HTML_MAX_LENGTH = 100_000  # a description with some markup
FLOAT_MAX = 1e12  # rates, factors, areas: far beyond any real value
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1  # PostgreSQL ``integer``
ID_MAX = 2**31 - 1
DATE_WINDOW_YEARS = 10  # dates within ten years of now, either side
CLOCK_SKEW = timedelta(minutes=5)  # a client's clock may run a little ahead
DEFAULT_MAX_AMOUNT = 1_000_000.0
DEFAULT_BACKDATE_DAYS = 30

# fields holding the moment something was received: never in the future and never
# backdated beyond the company's window (the clocks start there)
RECEIVED_AT_FIELDS = {("property.crm.complaint", "received_at")}

TEXT_TYPES = ("char", "text", "html")
NUMBER_TYPES = ("integer", "float", "monetary")
X2MANY_TYPES = ("one2many", "many2many")


def _shorten(value, limit=40):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Validator:
    """Checks one ``vals`` dict for ``records`` (an empty recordset on create)."""

    def __init__(self, records, vals):
        self.records = records
        self.vals = vals
        self.env = records.env
        self.model_name = (
            self.env["ir.model"].sudo()._get(records._name).name or records._description
        )
        # comodel -> {id: field} of every id to check for existence
        self.ids_to_check = defaultdict(dict)

    # ------------------------------------------------------------------
    # errors
    # ------------------------------------------------------------------

    def label(self, field):
        return field._description_string(self.env)

    def fail(self, field, reason):
        raise ValidationError(
            self.env._(
                "%(model)s, field “%(field)s”: %(reason)s",
                model=self.model_name,
                field=self.label(field),
                reason=reason,
            )
        )

    # ------------------------------------------------------------------
    # company settings
    # ------------------------------------------------------------------

    def companies(self):
        """The companies the values are written for."""
        Company = self.env["res.company"].sudo()
        company_id = self.vals.get("company_id")
        if (
            "company_id" in self.records._fields
            and isinstance(company_id, int)
            and not isinstance(company_id, bool)
            and 0 < company_id <= ID_MAX
        ):
            company = Company.browse(company_id).exists()
            if company:
                return company
        if "company_id" in self.records._fields and self.records:
            companies = self.records.sudo().mapped("company_id")
            if companies:
                return companies
        return self.env.company.sudo()

    def max_amount(self):
        amounts = [
            company.property_crm_max_amount or DEFAULT_MAX_AMOUNT
            for company in self.companies()
        ]
        return min(amounts)

    def backdate_days(self):
        days = [
            company.property_crm_backdate_days or DEFAULT_BACKDATE_DAYS
            for company in self.companies()
        ]
        return min(days)

    # ------------------------------------------------------------------
    # by type
    # ------------------------------------------------------------------

    def check(self):
        fields_ = self.records._fields
        unknown = [fname for fname in self.vals if fname not in fields_]
        if unknown:
            raise ValidationError(
                self.env._(
                    "%(model)s has no field %(fields)s.",
                    model=self.model_name,
                    fields=", ".join(_shorten(str(fname)) for fname in unknown),
                )
            )
        for fname, value in self.vals.items():
            field = fields_[fname]
            if (
                field.required
                and field.store
                and not field.compute
                and (value is False or value is None or value == "")
            ):
                # refused here rather than by the database's NOT NULL
                self.fail(field, self.env._("a value is required."))
            checker = getattr(self, f"check_{field.type}", None)
            if checker:
                checker(field, value)
        self.check_ids_exist()

    def check_text(self, field, value, max_length=TEXT_MAX_LENGTH):
        if value is False or value is None:
            return
        if not isinstance(value, str):
            self.fail(field, self.env._("a text is expected, not %s.", _shorten(value)))
        if "\x00" in value:
            self.fail(field, self.env._("the text contains a NUL character."))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail(field, self.env._("the text contains invalid characters."))
        if len(value) > max_length:
            self.fail(
                field,
                self.env._(
                    "the text has %(length)s characters, at most %(max)s are allowed.",
                    length=len(value),
                    max=max_length,
                ),
            )

    def check_char(self, field, value):
        self.check_text(field, value, field.size or CHAR_MAX_LENGTH)

    def check_html(self, field, value):
        self.check_text(field, value, HTML_MAX_LENGTH)

    def check_number(self, field, value, low, high):
        if value is False or value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(
                field, self.env._("a number is expected, not %s.", _shorten(value))
            )
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(field, self.env._("%s is not a number.", value))
        if not low <= value <= high:
            self.fail(
                field,
                self.env._(
                    "%(value)s is outside the allowed range (%(low)s to %(high)s).",
                    value=value,
                    low=low,
                    high=high,
                ),
            )

    def check_integer(self, field, value):
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        elif isinstance(value, float) and math.isfinite(value):
            self.fail(field, self.env._("a whole number is expected, not %s.", value))
        self.check_number(field, value, INTEGER_MIN, INTEGER_MAX)

    def check_float(self, field, value):
        self.check_number(field, value, -FLOAT_MAX, FLOAT_MAX)

    def check_monetary(self, field, value):
        if value is False or value is None:
            return
        self.check_number(field, value, -math.inf, math.inf)
        maximum = self.max_amount()
        if abs(value) > maximum:
            self.fail(
                field,
                self.env._(
                    "%(value)s is above the maximum amount of %(max)s.",
                    value=value,
                    max=maximum,
                ),
            )

    def check_boolean(self, field, value):
        if value is None or isinstance(value, bool) or value in (0, 1):
            return
        self.fail(field, self.env._("yes or no is expected, not %s.", _shorten(value)))

    def parse_moment(self, field, value):
        """The value as a datetime (a Date as midnight), or a clear error."""
        try:
            if field.type == "date":
                parsed = fields.Date.to_date(value)
                return datetime.combine(parsed, datetime.min.time())
            if isinstance(value, date) and not isinstance(value, datetime):
                return datetime.combine(value, datetime.min.time())
            return fields.Datetime.to_datetime(value)
        except (TypeError, ValueError, OverflowError):
            self.fail(
                field,
                self.env._(
                    "%s is not a valid date (expected YYYY-MM-DD HH:MM:SS).",
                    _shorten(value),
                ),
            )

    def check_datetime(self, field, value):
        if value is False or value is None or value == "":
            return
        if not isinstance(value, str | date):
            self.fail(field, self.env._("a date is expected, not %s.", _shorten(value)))
        moment = self.parse_moment(field, value)
        now = fields.Datetime.now()
        low = now.replace(year=now.year - DATE_WINDOW_YEARS, day=1)
        high = now.replace(year=now.year + DATE_WINDOW_YEARS, day=28)
        if not low <= moment <= high:
            self.fail(
                field,
                self.env._(
                    "%(value)s is not within %(years)s years of today.",
                    value=_shorten(value),
                    years=DATE_WINDOW_YEARS,
                ),
            )
        if (self.records._name, field.name) in RECEIVED_AT_FIELDS:
            if moment > now + CLOCK_SKEW:
                self.fail(field, self.env._("%s is in the future.", _shorten(value)))
            days = self.backdate_days()
            if moment < now - timedelta(days=days):
                self.fail(
                    field,
                    self.env._(
                        "%(value)s is more than %(days)s days ago: "
                        "it cannot be backdated that far.",
                        value=_shorten(value),
                        days=days,
                    ),
                )

    check_date = check_datetime

    def check_selection(self, field, value):
        if value is False or value is None:
            return
        try:
            valid = value in field.get_values(self.env)
        except TypeError:  # an unhashable value
            valid = False
        if not valid:
            self.fail(
                field,
                self.env._(
                    "%(value)s is not one of the allowed values (%(values)s).",
                    value=_shorten(value),
                    values=", ".join(str(v) for v in field.get_values(self.env)),
                ),
            )

    def add_id(self, field, comodel, value):
        if isinstance(value, models.BaseModel):
            if value._name != comodel or len(value) > 1:
                self.fail(
                    field,
                    self.env._("a record is expected, not %s.", _shorten(value)),
                )
            return
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(
                field,
                self.env._("a record id is expected, not %s.", _shorten(value)),
            )
        if not 0 < value <= ID_MAX:
            self.fail(field, self.env._("no record has the id %s.", value))
        self.ids_to_check[comodel][value] = field

    def check_many2one(self, field, value):
        if value is False or value is None:
            return
        self.add_id(field, field.comodel_name, value)

    def check_x2many(self, field, value):
        comodel = field.comodel_name
        if value is False or value is None:
            return
        if isinstance(value, models.BaseModel):
            if value._name != comodel:
                self.fail(
                    field,
                    self.env._("records are expected, not %s.", _shorten(value)),
                )
            return
        if not isinstance(value, list | tuple):
            self.fail(
                field,
                self.env._("a list of commands is expected, not %s.", _shorten(value)),
            )
        for command in value:
            if isinstance(command, dict):
                continue  # values of a new record, checked by the comodel's create
            if isinstance(command, int | models.BaseModel) and not isinstance(
                command, bool
            ):
                self.add_id(field, comodel, command)
                continue
            self.check_command(field, comodel, command)

    def check_command(self, field, comodel, command):
        invalid = self.env._("%s is not a valid command.", _shorten(command))
        if (
            not isinstance(command, list | tuple)
            or not command
            or len(command) > 3
            or isinstance(command[0], bool)
            or command[0] not in list(fields.Command)
        ):
            self.fail(field, invalid)
        code = fields.Command(command[0])
        if code == fields.Command.CREATE:
            if len(command) != 3 or not isinstance(command[2], dict):
                self.fail(field, invalid)
        elif code == fields.Command.UPDATE:
            if len(command) != 3 or not isinstance(command[2], dict):
                self.fail(field, invalid)
            self.add_id(field, comodel, command[1])
        elif code in (
            fields.Command.DELETE,
            fields.Command.UNLINK,
            fields.Command.LINK,
        ):
            if len(command) < 2:
                self.fail(field, invalid)
            self.add_id(field, comodel, command[1])
        elif code == fields.Command.SET:
            if len(command) != 3 or not isinstance(command[2], list | tuple):
                self.fail(field, invalid)
            for record_id in command[2]:
                self.add_id(field, comodel, record_id)

    check_one2many = check_x2many
    check_many2many = check_x2many

    def check_ids_exist(self):
        for comodel, ids in self.ids_to_check.items():
            existing = set(self.env[comodel].browse(list(ids)).exists().ids)
            for record_id, field in ids.items():
                if record_id not in existing:
                    self.fail(
                        field,
                        self.env._("no record has the id %s.", record_id),
                    )


def validate_vals(records, vals):
    """Raise ``ValidationError`` when ``vals`` holds a value ``records`` cannot take."""
    if not isinstance(vals, dict):
        raise ValidationError(
            records.env._("The values to write must be a dictionary of fields.")
        )
    _Validator(records, vals).check()
