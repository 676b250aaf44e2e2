from odoo import fields, models
from odoo.tools import SQL


class PropertyCrmVisitScorecard(models.Model):
    """The officers' monthly visit statistics (seed 004 篇3: 每次扣2分, 每月進行一次
    統計): visits planned, made, late and missed, and the points left of 100."""

    _name = "property.crm.visit.scorecard"
    _description = "Visit Scorecard"
    _auto = False
    _order = "month desc, user_id"

    month = fields.Date(readonly=True)
    user_id = fields.Many2one("res.users", string="Officer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    planned_count = fields.Integer(string="Planned", readonly=True)
    done_count = fields.Integer(string="Made", readonly=True)
    late_count = fields.Integer(string="Late", readonly=True)
    missed_count = fields.Integer(string="Missed", readonly=True)
    points_deducted = fields.Float(readonly=True)
    score = fields.Float(readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT MIN(v.id) AS id, v.month, v.user_id, v.company_id,
                   COUNT(*) AS planned_count,
                   COUNT(*) FILTER (WHERE v.state = 'done') AS done_count,
                   COUNT(*) FILTER (WHERE v.is_late) AS late_count,
                   COUNT(*) FILTER (WHERE v.state = 'missed') AS missed_count,
                   COUNT(*) FILTER (WHERE v.is_late OR v.state = 'missed')
                       * COALESCE(c.property_crm_visit_miss_points, 0)
                       AS points_deducted,
                   100 - COUNT(*) FILTER (WHERE v.is_late OR v.state = 'missed')
                       * COALESCE(c.property_crm_visit_miss_points, 0) AS score
              FROM property_crm_visit v
              JOIN res_company c ON c.id = v.company_id
             GROUP BY v.month, v.user_id, v.company_id,
                      c.property_crm_visit_miss_points
            """
        )
