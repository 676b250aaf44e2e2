from odoo import fields, models
from odoo.tools import SQL


class PropertyCrmMaintenanceBudgetReport(models.Model):
    """Budget against spending of the maintenance plans (seed 004 六3 維護費用預算):
    the costs booked on each plan's analytic account within its period, read from
    the analytic lines whatever analytic plan the account belongs to."""

    _name = "property.crm.maintenance.budget.report"
    _description = "Maintenance Plan Budget"
    _auto = False
    _order = "date_start desc"

    plan_id = fields.Many2one("property.crm.maintenance.plan", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    state = fields.Selection(
        lambda self: self.env["property.crm.maintenance.plan"]
        ._fields["state"]
        ._description_selection(self.env),
        readonly=True,
    )
    date_start = fields.Date(string="Start", readonly=True)
    analytic_account_id = fields.Many2one("account.analytic.account", readonly=True)
    budget_amount = fields.Monetary(string="Budget", readonly=True)
    spent_amount = fields.Monetary(string="Spent", readonly=True)
    remaining_amount = fields.Monetary(string="Remaining", readonly=True)

    def _line_account_condition(self):
        Line = self.env["account.analytic.line"]
        plans = self.env["account.analytic.plan"].sudo().search([])
        columns = sorted(
            {p._column_name() for p in plans if p._column_name() in Line._fields}
        )
        if not columns:
            return SQL("FALSE")
        return SQL(" OR ").join(
            SQL("l.%s = p.analytic_account_id", SQL.identifier(column))
            for column in columns
        )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT p.id, p.id AS plan_id, p.company_id, p.currency_id, p.state,
                   p.date_start, p.analytic_account_id,
                   COALESCE(p.budget_amount, 0) AS budget_amount,
                   COALESCE(s.spent, 0) AS spent_amount,
                   COALESCE(p.budget_amount, 0) - COALESCE(s.spent, 0)
                       AS remaining_amount
              FROM property_crm_maintenance_plan p
              LEFT JOIN LATERAL (
                   SELECT -SUM(l.amount) AS spent
                     FROM account_analytic_line l
                    WHERE p.analytic_account_id IS NOT NULL
                      AND (%s)
                      AND l.amount < 0
                      AND l.date >= p.date_start
                      AND l.date <= p.date_end
              ) s ON TRUE
            """,
            self._line_account_condition(),
        )
