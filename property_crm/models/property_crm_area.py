from datetime import timedelta

from odoo import api, fields, models

from .local_time import local_date, to_utc


class PropertyCrmArea(models.Model):
    """片區: a group of buildings under one 片區經理 (area manager)."""

    _name = "property.crm.area"
    _description = "Property Area"
    _inherit = ["mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Area Manager",
        tracking=True,
        index=True,
        check_company=True,
        help="片區經理: owns the area's major complaints and their callbacks.",
    )
    building_ids = fields.One2many(
        "property.crm.building", "area_id", string="Buildings"
    )
    building_count = fields.Integer(compute="_compute_building_count")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "An area with this name already exists in this company.",
        ),
    ]

    @api.depends("building_ids")
    def _compute_building_count(self):
        counts = dict(
            self.env["property.crm.building"]._read_group(
                [("area_id", "in", self.ids)], ["area_id"], ["__count"]
            )
        )
        for area in self:
            area.building_count = counts.get(area, 0)

    # ------------------------------------------------------------------
    # the manager's board (看板): what is open, late or due today in the area,
    # counted with the reader's own rights
    open_complaint_count = fields.Integer(compute="_compute_board_counts")
    breached_complaint_count = fields.Integer(compute="_compute_board_counts")
    due_soon_complaint_count = fields.Integer(compute="_compute_board_counts")
    report_due_count = fields.Integer(
        compute="_compute_board_counts",
        help="Major complaints not reported to the head yet.",
    )
    callback_due_count = fields.Integer(
        compute="_compute_board_counts", help="Callbacks due by the end of today."
    )

    def _board_domains(self):
        end_of_today = to_utc(
            self.env,
            self.env.company,
            local_date(self.env, self.env.company, fields.Datetime.now())
            + timedelta(days=1),
        )
        open_complaint = [("state", "in", ("new", "handling"))]
        return {
            "open": ("property.crm.complaint", open_complaint),
            "breached": (
                "property.crm.complaint",
                open_complaint + [("sla_status", "=", "breached")],
            ),
            "due_soon": (
                "property.crm.complaint",
                open_complaint + [("sla_status", "=", "due_soon")],
            ),
            "report_due": (
                "property.crm.complaint",
                open_complaint
                + [("severity", "=", "major"), ("reported_at", "=", False)],
            ),
            "callback_due": (
                "property.crm.callback",
                [("state", "=", "todo"), ("deadline", "<", end_of_today)],
            ),
        }

    def _compute_board_counts(self):
        counts = {}
        for key, (model, domain) in self._board_domains().items():
            counts[key] = dict(
                self.env[model]._read_group(
                    domain + [("area_id", "in", self.ids)], ["area_id"], ["__count"]
                )
            )
        for area in self:
            area.open_complaint_count = counts["open"].get(area, 0)
            area.breached_complaint_count = counts["breached"].get(area, 0)
            area.due_soon_complaint_count = counts["due_soon"].get(area, 0)
            area.report_due_count = counts["report_due"].get(area, 0)
            area.callback_due_count = counts["callback_due"].get(area, 0)

    def action_open_board_records(self):
        """Open what a board count counts (the key comes from the card's button)."""
        self.ensure_one()
        key = self.env.context.get("board_key", "open")
        model, domain = self._board_domains().get(key, self._board_domains()["open"])
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain + [("area_id", "=", self.id)],
        }
