from dateutil.relativedelta import relativedelta

from odoo import fields, models

from .property_crm_complaint_analysis import BREAKDOWNS
from .svg_chart import bar_chart_svg

EMPTY = "—"
# the value_key of a breakdown line counting complaints without a value
NONE_KEY = "none"
# rate field → (the complaint-report column whose non-NULL rows are its denominator,
# the field counting them)
RATE_BASES = {
    "feedback_rate": ("feedback_on_time", "feedback_clock_count"),
    "response_rate": ("response_on_time", "response_clock_count"),
    "report_rate": ("report_on_time", "report_clock_count"),
    "resolve_rate": ("resolve_on_time", "resolve_clock_count"),
    "callback_rate": ("callback_rate", "callback_due_count"),
    "satisfaction": ("satisfaction", "satisfaction_count"),
}
TREND_MONTHS = 12


class PropertyCrmComplaintAnalysis(models.Model):
    """What the printed 客戶投訴分析報告表 ZC-QR-029 needs beyond the figures: how many
    complaints each rate is taken over, so that a month where a clock never ran (no
    major complaint: no 10-minute report, no 12-hour resolution) prints "—" and not
    0.0 %; the stored rates keep their meaning (0.0 when nothing was measured)."""

    _inherit = "property.crm.complaint.analysis"

    feedback_clock_count = fields.Integer(
        string="24 h Feedback Clocks Measured", readonly=True
    )
    response_clock_count = fields.Integer(
        string="1 h Response Clocks Measured", readonly=True
    )
    report_clock_count = fields.Integer(
        string="10 min Report Clocks Measured", readonly=True
    )
    resolve_clock_count = fields.Integer(
        string="12 h Resolution Clocks Measured", readonly=True
    )
    callback_due_count = fields.Integer(
        string="Complaints With Callbacks Due", readonly=True
    )
    satisfaction_count = fields.Integer(
        string="Complaints With a Satisfaction Rating", readonly=True
    )

    def action_compute(self):
        res = super().action_compute()
        Report = self.env["property.crm.complaint.report"].sudo()
        for analysis in self:
            domain = analysis._domain()
            [counts] = Report._read_group(
                domain,
                aggregates=[f"{column}:count" for column, _f in RATE_BASES.values()],
            )
            vals = {
                count_field: count or 0
                for (_column, count_field), count in zip(
                    RATE_BASES.values(), counts, strict=True
                )
            }
            analysis.write(vals)
            analysis._print_store_line_keys(domain)
        return res

    def _print_store_line_keys(self, domain):
        """Keep with each breakdown line the value it counts (the selection key or
        the record id), so that the PDF names it in the reader's language."""
        Report = self.env["property.crm.complaint.report"].sudo()
        for dimension in BREAKDOWNS:
            field = Report._fields[dimension]
            by_label = {}
            for [value] in Report._read_group(domain, [dimension]):
                if not value:
                    by_label[self.env._("Undefined")] = NONE_KEY
                elif isinstance(value, models.BaseModel):
                    by_label[value.display_name] = str(value.id)
                else:
                    label = dict(field._description_selection(self.env)).get(value)
                    by_label[label] = value
            for line in self.line_ids.filtered(
                lambda li, d=dimension: li.dimension == d
            ):
                key = by_label.get(line.label)
                if key:
                    line.value_key = key

    # ------------------------------------------------------------------
    # printed values
    # ------------------------------------------------------------------

    def _print_rate(self, fname, digits=1):
        """The rate as printed: "—" when no clock of its kind was measured."""
        self.ensure_one()
        count_field = RATE_BASES[fname][1]
        value = self[fname]
        # an analysis computed before the counts existed: trust a non-zero rate
        if not self[count_field] and not value:
            return EMPTY
        return f"{value:.{digits}f}"

    def _print_survey_satisfaction(self):
        self.ensure_one()
        if not self.survey_count:
            return EMPTY
        return f"{self.survey_satisfaction:.2f}"

    def _print_change(self):
        self.ensure_one()
        if not self.previous_count:
            return EMPTY
        return f"{self.change_pct:+.1f}"

    def _print_breakdown(self, dimension):
        """``[(label, count, share)]`` of one dimension, labels in the reader's
        language."""
        self.ensure_one()
        # the complaint's own field: its selection labels are the translated ones
        field = self.env["property.crm.complaint.report"]._fields[dimension]
        Complaint = self.env["property.crm.complaint"]
        if dimension in Complaint._fields:
            field = Complaint._fields[dimension]
        selection = (
            dict(field._description_selection(self.env))
            if field.type == "selection"
            else {}
        )
        rows = []
        for line in self.line_ids.filtered(lambda li: li.dimension == dimension):
            label = line.label
            if line.value_key == NONE_KEY:
                label = self.env._("Undefined")
            elif line.value_key and field.type == "selection":
                label = selection.get(line.value_key, label)
            elif line.value_key and field.type == "many2one":
                record = self.env[field.comodel_name].sudo().browse(int(line.value_key))
                if record.exists():
                    label = record.display_name
            rows.append((label, line.complaint_count, line.share))
        return sorted(rows, key=lambda row: -row[1])

    def _print_category_bars(self):
        """Complaints by category as horizontal bars: ``[(label, count, width %)]``,
        the widest bar the largest category."""
        rows = self._print_breakdown("category_id")
        peak = max([count for _label, count, _share in rows] + [1])
        return [
            (label, count, round(100.0 * count / peak, 1)) for label, count, _s in rows
        ]

    def _print_trend(self):
        """The 12 months up to the analysed one: ``[(YYYY-MM, complaints, major)]``,
        counted as the monthly figures are (local months, the same area)."""
        self.ensure_one()
        Report = self.env["property.crm.complaint.report"].sudo()
        first = self.month - relativedelta(months=TREND_MONTHS - 1)
        start = self._period(first)[0]
        end = self._period()[1]
        domain = [
            ("company_id", "=", self.company_id.id),
            ("received_at", ">=", start),
            ("received_at", "<", end),
        ]
        if self.area_id:
            domain.append(("area_id", "=", self.area_id.id))
        months = [first + relativedelta(months=i) for i in range(TREND_MONTHS)]
        # received_date is the local day (the company's timezone), as _period cuts
        figures = {
            fields.Date.to_date(month).replace(day=1): (count, major or 0)
            for month, count, major in Report._read_group(
                domain,
                ["received_date:month"],
                ["__count", "major_count:sum"],
            )
        }
        return [
            (month.strftime("%Y-%m"), *figures.get(month, (0, 0))) for month in months
        ]

    def _print_trend_svg(self):
        self.ensure_one()
        return bar_chart_svg(
            [(label[2:], count, major) for label, count, major in self._print_trend()]
        )


class PropertyCrmComplaintAnalysisLine(models.Model):
    _inherit = "property.crm.complaint.analysis.line"

    value_key = fields.Char(
        readonly=True,
        help="The selection key or record id counted: the printed label is taken "
        "from it in the reader's language.",
    )
