from odoo import api, fields, models
from odoo.tools import SQL


class PropertyCrmComplaintReport(models.Model):
    """客戶投訴分析 (ZC-QR-029) figures, one row per complaint, computed from the
    records.

    Each on-time measure is 100 (on time), 0 (late) or empty (clock not applicable or
    still running), so that its average over any grouping is the on-time rate of that
    clock. ``received_date`` is the local day (the company's timezone): months group
    from local midnight whatever the viewer's timezone. The callback rate counts the
    customers reached; those marked unreachable are counted apart.
    """

    _name = "property.crm.complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _order = "received_at desc"
    _rec_name = "name"

    complaint_id = fields.Many2one("property.crm.complaint", readonly=True)
    name = fields.Char(string="Number", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    received_at = fields.Datetime(readonly=True)
    received_date = fields.Date(
        string="Received On",
        readonly=True,
        help="The local day the complaint was received (the company's timezone).",
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    unit_id = fields.Many2one("property.crm.unit", readonly=True)
    building_id = fields.Many2one("property.crm.building", readonly=True)
    area_id = fields.Many2one("property.crm.area", readonly=True)
    category_id = fields.Many2one("property.crm.complaint.category", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    received_by_id = fields.Many2one(
        "res.users", string="First Responsible", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Handled By", readonly=True)
    channel = fields.Selection(
        selection=lambda self: self.env["property.crm.complaint"]
        ._fields["channel"]
        .selection,
        readonly=True,
    )
    severity = fields.Selection([("minor", "Minor"), ("major", "Major")], readonly=True)
    major_reason = fields.Selection(
        selection=lambda self: self.env["property.crm.complaint"]
        ._fields["major_reason"]
        .selection,
        readonly=True,
    )
    validity = fields.Selection(
        [("valid", "Valid"), ("unreasonable", "Unreasonable")], readonly=True
    )
    state = fields.Selection(
        selection=lambda self: self.env["property.crm.complaint"]
        ._fields["state"]
        .selection,
        readonly=True,
    )
    is_group_complaint = fields.Boolean(string="Group Complaint", readonly=True)
    major_count = fields.Integer(string="Major Complaints", readonly=True)
    repeat_count = fields.Integer(
        string="Repeat Complaints",
        readonly=True,
        help="The same customer or unit complained in the 90 days before.",
    )
    feedback_late_count = fields.Integer(string="Late Feedbacks", readonly=True)
    report_late_count = fields.Integer(string="Late Reports", readonly=True)
    feedback_on_time = fields.Float(
        string="24 h Feedback On Time (%)", aggregator="avg", readonly=True
    )
    response_on_time = fields.Float(
        string="1 h Response On Time (%)", aggregator="avg", readonly=True
    )
    report_on_time = fields.Float(
        string="10 min Report On Time (%)", aggregator="avg", readonly=True
    )
    resolve_on_time = fields.Float(
        string="12 h Resolution On Time (%)", aggregator="avg", readonly=True
    )
    sheet_count = fields.Integer(string="Handling Sheets", readonly=True)
    callback_rate = fields.Float(
        string="Callback Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the due callbacks where the customer was reached.",
    )
    callback_unreachable_count = fields.Integer(
        string="Unreachable Callbacks", readonly=True
    )
    satisfaction = fields.Float(
        string="Satisfaction (1-5)", aggregator="avg", readonly=True
    )
    first_response_hours = fields.Float(
        string="First Response (hours)", aggregator="avg", readonly=True
    )
    claim_amount = fields.Float(readonly=True)

    def _without_jit(self):
        """PostgreSQL's JIT compiles this query (one lateral look-up per complaint,
        a high estimated cost) for seconds, to save milliseconds: off for the rest
        of this transaction (bench/README.md, reports at 1,000,000 complaints)."""
        self.env.cr.execute(SQL("SET LOCAL jit = off"))

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), *args, **kwargs):
        self._without_jit()
        return super()._read_group(domain, groupby, aggregates, *args, **kwargs)

    @api.model
    def _search(self, domain, *args, **kwargs):
        self._without_jit()
        return super()._search(domain, *args, **kwargs)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT
                c.id AS id,
                c.id AS complaint_id,
                c.name AS name,
                c.company_id AS company_id,
                c.received_at AS received_at,
                timezone(
                    COALESCE(company_partner.tz, %(tz)s),
                    timezone('UTC', c.received_at)
                )::date AS received_date,
                c.partner_id AS partner_id,
                c.unit_id AS unit_id,
                c.building_id AS building_id,
                c.area_id AS area_id,
                c.category_id AS category_id,
                sheet.department_id AS department_id,
                c.received_by_id AS received_by_id,
                c.user_id AS user_id,
                c.channel AS channel,
                c.severity AS severity,
                c.major_reason AS major_reason,
                c.validity AS validity,
                c.state AS state,
                c.is_group_complaint AS is_group_complaint,
                CASE WHEN c.severity = 'major' THEN 1 ELSE 0 END AS major_count,
                CASE WHEN c.is_repeat THEN 1 ELSE 0 END AS repeat_count,
                CASE WHEN clk.feedback_breached THEN 1 ELSE 0 END
                    AS feedback_late_count,
                CASE WHEN clk.report_breached THEN 1 ELSE 0 END AS report_late_count,
                -- on time: met 100, breached 0, still running (or no clock) NULL
                CASE WHEN clk.feedback_breached THEN 0.0
                     WHEN clk.feedback_met THEN 100.0 END AS feedback_on_time,
                sheet.response_on_time AS response_on_time,
                CASE WHEN clk.report_breached THEN 0.0
                     WHEN clk.report_met THEN 100.0 END AS report_on_time,
                CASE WHEN clk.resolve_breached THEN 0.0
                     WHEN clk.resolve_met THEN 100.0 END AS resolve_on_time,
                COALESCE(sheet.sheet_count, 0) AS sheet_count,
                cb.callback_rate AS callback_rate,
                COALESCE(cb.unreachable_count, 0) AS callback_unreachable_count,
                cb.satisfaction AS satisfaction,
                CASE WHEN c.feedback_at IS NOT NULL
                     THEN EXTRACT(EPOCH FROM (c.feedback_at - c.received_at))
                          / 3600.0
                     END AS first_response_hours,
                c.claim_amount AS claim_amount
            FROM property_crm_complaint c
            JOIN res_company company ON company.id = c.company_id
            JOIN res_partner company_partner ON company_partner.id = company.partner_id
            LEFT JOIN LATERAL (
                -- the complaint's clock lines (property.crm.clock), one per clock
                SELECT
                    bool_or(l.breached) FILTER (
                        WHERE l.code = 'complaint_feedback') AS feedback_breached,
                    bool_or(l.state = 'met') FILTER (
                        WHERE l.code = 'complaint_feedback') AS feedback_met,
                    bool_or(l.breached) FILTER (
                        WHERE l.code = 'complaint_report') AS report_breached,
                    bool_or(l.state = 'met') FILTER (
                        WHERE l.code = 'complaint_report') AS report_met,
                    bool_or(l.breached) FILTER (
                        WHERE l.code = 'complaint_resolve') AS resolve_breached,
                    bool_or(l.state = 'met') FILTER (
                        WHERE l.code = 'complaint_resolve') AS resolve_met
                FROM property_crm_clock l
                WHERE l.res_model = 'property.crm.complaint'
                  AND l.res_id = c.id
                  AND l.state != 'cancelled'
            ) clk ON TRUE
            LEFT JOIN LATERAL (
                SELECT
                    (array_agg(s.department_id ORDER BY s.id))[1] AS department_id,
                    count(*) AS sheet_count,
                    100.0 * count(*) FILTER (
                        WHERE l.state = 'met'
                    ) / NULLIF(count(*) FILTER (
                        WHERE l.state = 'met' OR l.breached
                    ), 0) AS response_on_time
                FROM property_crm_handling_sheet s
                LEFT JOIN property_crm_clock l
                       ON l.res_model = 'property.crm.handling.sheet'
                      AND l.res_id = s.id
                      AND l.code = 'sheet_response'
                      AND l.state != 'cancelled'
                WHERE s.complaint_id = c.id AND s.sent_at IS NOT NULL
            ) sheet ON TRUE
            LEFT JOIN LATERAL (
                SELECT
                    100.0 * count(*) FILTER (
                        WHERE cb.state = 'done'
                    ) / NULLIF(count(*), 0) AS callback_rate,
                    count(*) FILTER (
                        WHERE cb.state = 'unreachable'
                    ) AS unreachable_count,
                    avg(NULLIF(cb.rating_satisfaction, '0')::integer)
                        FILTER (WHERE cb.state = 'done') AS satisfaction
                FROM property_crm_callback cb
                WHERE cb.complaint_id = c.id AND cb.state != 'cancelled'
                  AND (cb.deadline <= %(now)s
                       OR cb.state IN ('done', 'unreachable'))
            ) cb ON TRUE
            WHERE c.state != 'cancelled'
            """,
            now=fields.Datetime.now(),
            tz=self.env.user.tz or "UTC",
        )
