from odoo import fields, models


class ResCompany(models.Model):
    """The visit scorecard's rules (seed 004 篇3), kept apart from the complaint
    settings so that the branches merge."""

    # pylint: disable=consider-merging-classes-inherited
    _inherit = "res.company"

    property_crm_visit_miss_points = fields.Float(
        string="Points Deducted per Missed Visit",
        default=2.0,
        help="Seed 004 篇3: each visit not made as planned (missed or late) costs "
        "the officer this many of their 100 monthly points.",
    )
    property_crm_visit_plan_day = fields.Integer(
        string="Visit Plan Day",
        default=25,
        help="From this day of the month the next month's visit plan is made.",
    )
