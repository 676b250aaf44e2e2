from odoo import fields, models
from odoo.tools import SQL


class PropertyCrmStaffKpiReport(models.Model):
    """Staff KPIs (seed 002 §五(二)): one row per thing someone did, credited to who did
    it — the 24 h feedback to the complaint's first responsible (首問責任人), the 1 h
    response to the department the handling sheet went to (and its signer), the
    callback to whoever made it (else the person it is assigned to) — never all of it
    to the complaint's handler.

    Each on-time measure is 100 (on time), 0 (late) or empty (not applicable or still
    running), so that its average over any grouping is a rate.
    """

    _name = "property.crm.staff.kpi.report"
    _description = "Staff KPIs"
    _auto = False
    _order = "date desc"

    kind = fields.Selection(
        [
            ("feedback", "24 h Feedback"),
            ("response", "1 h Response"),
            ("callback", "Callback"),
        ],
        readonly=True,
    )
    complaint_id = fields.Many2one("property.crm.complaint", readonly=True)
    handling_sheet_id = fields.Many2one("property.crm.handling.sheet", readonly=True)
    callback_id = fields.Many2one("property.crm.callback", readonly=True)
    callback_type = fields.Selection(
        selection=lambda self: self.env["property.crm.callback"]
        ._fields["callback_type"]
        .selection,
        readonly=True,
    )
    company_id = fields.Many2one("res.company", readonly=True)
    area_id = fields.Many2one("property.crm.area", readonly=True)
    date = fields.Datetime(
        readonly=True,
        help="Complaint received, handling sheet sent, or callback due.",
    )
    user_id = fields.Many2one("res.users", string="Credited To", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    feedback_on_time = fields.Float(
        string="24 h Feedback On Time (%)", aggregator="avg", readonly=True
    )
    first_response_hours = fields.Float(
        string="First Response (hours)", aggregator="avg", readonly=True
    )
    response_on_time = fields.Float(
        string="1 h Response On Time (%)", aggregator="avg", readonly=True
    )
    callback_rate = fields.Float(
        string="Callback Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Customers reached; the unreachable ones are counted apart.",
    )
    callback_unreachable_count = fields.Integer(
        string="Unreachable Callbacks", aggregator="sum", readonly=True
    )
    satisfaction = fields.Float(
        string="Satisfaction (1-5)", aggregator="avg", readonly=True
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT
                c.id * 3 AS id,
                'feedback' AS kind,
                c.id AS complaint_id,
                NULL::integer AS handling_sheet_id,
                NULL::integer AS callback_id,
                NULL::varchar AS callback_type,
                c.company_id AS company_id,
                c.area_id AS area_id,
                c.received_at AS date,
                c.received_by_id AS user_id,
                NULL::integer AS department_id,
                CASE WHEN c.feedback_at IS NOT NULL
                          AND c.feedback_at <= c.feedback_deadline THEN 100.0
                     WHEN c.feedback_at IS NULL
                          AND NOT COALESCE(c.feedback_escalated, FALSE)
                          AND c.feedback_deadline > %(now)s THEN NULL
                     ELSE 0.0 END AS feedback_on_time,
                CASE WHEN c.feedback_at IS NOT NULL
                     THEN EXTRACT(EPOCH FROM (c.feedback_at - c.received_at))
                          / 3600.0
                     END AS first_response_hours,
                NULL::float AS response_on_time,
                NULL::float AS callback_rate,
                0 AS callback_unreachable_count,
                NULL::float AS satisfaction
            FROM property_crm_complaint c
            WHERE c.state != 'cancelled' AND c.feedback_deadline IS NOT NULL
            UNION ALL
            SELECT
                s.id * 3 + 1,
                'response',
                s.complaint_id,
                s.id,
                NULL::integer,
                NULL::varchar,
                s.company_id,
                s.area_id,
                s.sent_at,
                s.signer_id,
                s.department_id,
                NULL::float,
                NULL::float,
                CASE WHEN s.signed_at IS NOT NULL
                          AND s.signed_at <= s.response_deadline THEN 100.0
                     WHEN s.signed_at IS NOT NULL
                          OR s.response_deadline <= %(now)s THEN 0.0
                     END,
                NULL::float,
                0,
                NULL::float
            FROM property_crm_handling_sheet s
            JOIN property_crm_complaint sc ON sc.id = s.complaint_id
            WHERE s.sent_at IS NOT NULL AND sc.state != 'cancelled'
            UNION ALL
            SELECT
                cb.id * 3 + 2,
                'callback',
                cb.complaint_id,
                NULL::integer,
                cb.id,
                cb.callback_type,
                cb.company_id,
                cb.area_id,
                cb.deadline,
                COALESCE(cb.done_by_id, cb.user_id),
                NULL::integer,
                NULL::float,
                NULL::float,
                NULL::float,
                CASE WHEN cb.state = 'done' THEN 100.0 ELSE 0.0 END,
                CASE WHEN cb.state = 'unreachable' THEN 1 ELSE 0 END,
                CASE WHEN cb.state = 'done'
                     THEN NULLIF(cb.rating_satisfaction, '0')::integer END
            FROM property_crm_callback cb
            WHERE cb.state != 'cancelled'
              AND (cb.deadline <= %(now)s OR cb.state IN ('done', 'unreachable'))
            """,
            now=fields.Datetime.now(),
        )
