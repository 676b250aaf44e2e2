from datetime import datetime

from odoo import _lt, api, fields, models
from odoo.tools import format_date, format_datetime

# the latest entries of each kind shown on the customer's timeline
TIMELINE_LIMIT = 20

# Each source of the customer's service history: the model, the field holding the
# customer, the stored date it is sorted by, the fields it shows (a many2one or a
# selection, never a confidential one), its icon and, where the entry itself has no
# form, the field of the record to open instead.
TIMELINE_SOURCES = (
    {
        "model": "property.crm.complaint",
        "kind": _lt("Complaint"),
        "partner": "partner_id",
        "date": "received_at",
        "summary": ("category_id", "severity"),
        "icon": "fa-exclamation-circle",
    },
    {
        "model": "property.crm.request",
        "kind": _lt("Demand"),
        "partner": "partner_id",
        "date": "received_at",
        "summary": ("type_id", "urgency"),
        "icon": "fa-comments",
    },
    {
        "model": "property.crm.repair.order",
        "kind": _lt("Repair"),
        "partner": "partner_id",
        "date": "reported_at",
        "summary": ("unit_id", "in_warranty"),
        "icon": "fa-wrench",
    },
    {
        "model": "property.crm.callback",
        "kind": _lt("Callback"),
        "partner": "partner_id",
        "date": "deadline",
        "summary": ("callback_type", "rating_satisfaction"),
        "icon": "fa-phone",
    },
    {
        "model": "property.crm.call",
        "kind": _lt("Call"),
        "partner": "partner_id",
        "date": "started_at",
        "summary": ("direction", "outcome"),
        "icon": "fa-headphones",
    },
    {
        "model": "survey.user_input",
        "kind": _lt("Survey"),
        "partner": "partner_id",
        "date": "create_date",
        "summary": ("survey_id",),
        "icon": "fa-list-alt",
    },
    {
        "model": "property.crm.grade.evaluation",
        "kind": _lt("Grade Evaluation"),
        "partner": "partner_id",
        "date": "create_date",
        "summary": ("current_grade_id", "proposed_grade_id"),
        "icon": "fa-star",
    },
    {
        "model": "property.crm.handover",
        "kind": _lt("Handover"),
        "partner": "partner_id",
        "date": "handover_date",
        "summary": ("unit_id",),
        "icon": "fa-key",
    },
    {
        "model": "property.crm.visit",
        "kind": _lt("Visit"),
        "partner": "partner_id",
        "date": "planned_date",
        "summary": (),
        "icon": "fa-handshake-o",
    },
    {
        "model": "property.crm.lease",
        "kind": _lt("Lease"),
        "partner": "partner_id",
        "date": "date_start",
        "summary": ("kind", "date_end"),
        "icon": "fa-file-text-o",
    },
    {
        "model": "loyalty.history",
        "kind": _lt("Points"),
        "partner": "card_id.partner_id",
        "date": "create_date",
        "summary": ("description", "issued", "used"),
        "icon": "fa-gift",
        "open": "card_id",
    },
)


class ResPartner(models.Model):
    """Customer 360 (seed 001, the owner archive): the customer's service history on
    one timeline, newest first — complaints, demands, repairs, callbacks, calls,
    surveys, grade history, handovers, visits, leases and points. Each source is read
    with the reader's own rights, so the timeline shows what the reader may open."""

    _inherit = ["res.partner"]

    property_crm_timeline = fields.Html(
        string="Service History",
        compute="_compute_property_crm_timeline",
        sanitize=False,
        groups="base.group_user",
    )

    @api.depends_context("uid", "allowed_company_ids", "lang", "tz")
    def _compute_property_crm_timeline(self):
        for partner in self:
            entries = partner._property_crm_timeline_entries() if partner.id else []
            partner.property_crm_timeline = self.env["ir.qweb"]._render(
                "property_crm.customer_timeline", {"entries": entries}
            )

    def _property_crm_timeline_entries(self, limit=TIMELINE_LIMIT):
        """The latest entries of every source the reader may read, newest first."""
        self.ensure_one()
        entries = []
        for source in TIMELINE_SOURCES:
            Model = self.env.get(source["model"])
            if Model is None or not Model.has_access("read"):
                continue
            date_field = source["date"]
            records = Model.search_fetch(
                [(source["partner"], "=", self.id)],
                [date_field, *source["summary"]],
                order=f"{date_field} desc, id desc",
                limit=limit,
            )
            for record in records:
                entries.append(self._property_crm_timeline_entry(source, record))
        entries.sort(key=lambda entry: (entry["sort"], entry["id"]), reverse=True)
        return entries

    def _property_crm_timeline_entry(self, source, record):
        when = record[source["date"]]
        moment = fields.Datetime.to_datetime(when) if when else None
        summary = []
        for fname in source["summary"]:
            field = record._fields[fname]
            value = record[fname]
            if field.type == "many2one":
                value = value.display_name
            elif field.type == "selection":
                value = dict(field._description_selection(self.env)).get(value)
            elif field.type == "boolean":
                value = field._description_string(self.env) if value else False
            elif field.type == "date":
                value = (
                    field._description_string(self.env)
                    + " "
                    + fields.Date.to_string(value)
                    if value
                    else False
                )
            elif field.type in ("char", "text"):
                value = value and value.strip()[:80]
            elif field.type == "float":
                value = (
                    f"{field._description_string(self.env)} {value:g}"
                    if value
                    else False
                )
            if value:
                summary.append(str(value))
        target = record[source["open"]] if source.get("open") else record
        return {
            "id": record.id,
            "sort": moment or fields.Datetime.to_datetime("1970-01-01"),
            "when": (
                format_datetime(self.env, when, dt_format="short")
                if isinstance(when, datetime)
                else format_date(self.env, when)
                if when
                else ""
            ),
            "kind": str(source["kind"]),
            "icon": source["icon"],
            "name": target.display_name,
            "state": self._property_crm_timeline_state(record),
            "summary": " · ".join(summary),
            "url": f"/odoo/{target._name}/{target.id}",
        }

    def _property_crm_timeline_state(self, record):
        field = record._fields.get("state")
        if not field or field.type != "selection":
            return ""
        return dict(field._description_selection(self.env)).get(record.state, "")
