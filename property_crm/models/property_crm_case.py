from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class PropertyCrmCaseTag(models.Model):
    _name = "property.crm.case.tag"
    _description = "Case Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [("name_uniq", "unique(name)", "This tag already exists.")]


class PropertyCrmCase(models.Model):
    """案例庫 (seed 000 §四(1)3.3, 003): typical cases built from closed complaints.

    Drafted from a closed complaint (problem, handling, outcome), completed with the
    lessons learned; only supervisors and managers publish; every role reads published
    cases.
    """

    _name = "property.crm.case"
    _description = "Complaint Case"
    _inherit = ["mail.thread", "property.crm.workflow.mixin"]
    _order = "published_at desc, id desc"
    _check_company_auto = True
    _workflow_fields = ("state", "published_by_id", "published_at")

    name = fields.Char(string="Title", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    complaint_id = fields.Many2one(
        "property.crm.complaint", index=True, ondelete="set null", check_company=True
    )
    category_id = fields.Many2one(
        "property.crm.complaint.category", index=True, tracking=True
    )
    severity = fields.Selection([("minor", "Minor"), ("major", "Major")])
    tag_ids = fields.Many2many("property.crm.case.tag", string="Tags")
    problem = fields.Html(required=True)
    handling = fields.Html()
    outcome = fields.Html()
    lessons = fields.Html(string="Lessons Learned")
    author_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, index=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
    )
    published_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    published_at = fields.Datetime(readonly=True, copy=False)

    def action_publish(self):
        """Only supervisors and managers publish a case to the library."""
        if not self.env.is_superuser() and not self.env.user.has_group(
            "property_crm.group_supervisor"
        ):
            raise AccessError(
                self.env._("Only a supervisor or a manager may publish a case.")
            )
        for case in self:
            if not case.lessons:
                raise UserError(
                    self.env._(
                        "Write the lessons learned of %s before publishing it.",
                        case.name,
                    )
                )
        self._workflow_write(
            {
                "state": "published",
                "published_by_id": self.env.user.id,
                "published_at": fields.Datetime.now(),
            }
        )
        return True

    def action_unpublish(self):
        if not self.env.is_superuser() and not self.env.user.has_group(
            "property_crm.group_supervisor"
        ):
            raise AccessError(
                self.env._("Only a supervisor or a manager may withdraw a case.")
            )
        self._workflow_write({"state": "draft"})
        return True

    @api.model
    def _related_to(self, category, text, limit=5):
        """Published cases of ``category`` first, then cases whose tags appear in
        ``text``."""
        cases = self.browse()
        if category:
            cases = self.search(
                [("state", "=", "published"), ("category_id", "=", category.id)],
                limit=limit,
            )
        if len(cases) < limit and text:
            tags = (
                self.env["property.crm.case.tag"]
                .search([])
                .filtered(lambda tag: tag.name and tag.name in text)
            )
            if tags:
                cases |= self.search(
                    [
                        ("state", "=", "published"),
                        ("tag_ids", "in", tags.ids),
                        ("id", "not in", cases.ids),
                    ],
                    limit=limit - len(cases),
                )
        return cases

    @api.model
    def _values_from_complaint(self, complaint):
        sheets = complaint.handling_sheet_ids.filtered(lambda s: s.state != "cancelled")
        handling = Markup("").join(
            Markup("<p><b>%s</b></p>%s%s")
            % (
                sheet.department_id.display_name,
                sheet.handling_method or "",
                sheet.result or "",
            )
            for sheet in sheets
        )
        callbacks = complaint.callback_ids.filtered(lambda c: c.state == "done")
        outcome = Markup(complaint.resolution or "")
        for callback in callbacks:
            outcome += Markup("<p>%s: %s</p>") % (
                self.env._("Callback"),
                dict(callback._fields["outcome"]._description_selection(self.env)).get(
                    callback.outcome, ""
                ),
            )
        return {
            "name": complaint.category_id.name
            and f"{complaint.category_id.name} — {complaint.name}"
            or complaint.name,
            "company_id": complaint.company_id.id,
            "complaint_id": complaint.id,
            "category_id": complaint.category_id.id,
            "severity": complaint.severity,
            "problem": Markup(complaint.description or "")
            + (
                Markup("<p>%s</p>") % complaint.customer_demand
                if complaint.customer_demand
                else Markup("")
            ),
            "handling": handling,
            "outcome": outcome,
        }
