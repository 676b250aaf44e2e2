from odoo import api, fields, models


class PropertyCrmGrade(models.Model):
    """How often the customers of a grade are visited (seed 002 §三(一)4 定期走訪)."""

    _inherit = "property.crm.grade"

    visit_interval_months = fields.Integer(
        string="Visit Every (Months)",
        help="The monthly visit plan includes this grade's customers every so many "
        "months (0: only key accounts, every month).",
    )

    @api.model
    def _care_default_intervals(self, intervals):
        """Give the grades of the data their visit frequency ({xml id: months}) once:
        a grade whose frequency was never set (NULL) gets it, a configured one keeps
        its own."""
        for xmlid, months in intervals.items():
            grade = self.env.ref(xmlid, raise_if_not_found=False)
            if grade:
                self.env.cr.execute(
                    "UPDATE property_crm_grade SET visit_interval_months = %s "
                    "WHERE id = %s AND visit_interval_months IS NULL",
                    (months, grade.id),
                )
        self.invalidate_model(["visit_interval_months"])
