from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from . import local_time

BREAKDOWNS = (
    "category_id",
    "building_id",
    "department_id",
    "channel",
    "severity",
    "validity",
)


class PropertyCrmComplaintAnalysis(models.Model):
    """客戶投訴分析報告表 ZC-QR-029: one month of one area, figures computed from the
    records.

    The area manager fills it before month-end for the head (seed 000 §四(2)6); the
    monthly cron produces it, attaches the PDF and sends it to the head with an
    activity. One per area and month; the month runs from local midnight of the 1st
    (the company's timezone), not UTC midnight.
    """

    _name = "property.crm.complaint.analysis"
    _description = "Monthly Complaint Analysis"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "month desc, area_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    area_id = fields.Many2one(
        "property.crm.area", index=True, check_company=True, help="Empty: all areas."
    )
    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="First day of the month analysed.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent to the Head")],
        default="draft",
        required=True,
        tracking=True,
    )
    computed_at = fields.Datetime(readonly=True)
    sent_at = fields.Datetime(readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    valid_count = fields.Integer(string="Valid", readonly=True)
    unreasonable_count = fields.Integer(string="Unreasonable", readonly=True)
    major_count = fields.Integer(string="Major", readonly=True)
    group_count = fields.Integer(string="Group Complaints", readonly=True)
    repeat_count = fields.Integer(string="Repeat Complaints", readonly=True)
    previous_count = fields.Integer(string="Previous Month", readonly=True)
    change_pct = fields.Float(string="Change vs Previous Month (%)", readonly=True)
    feedback_rate = fields.Float(string="24 h Feedback On Time (%)", readonly=True)
    response_rate = fields.Float(string="1 h Response On Time (%)", readonly=True)
    report_rate = fields.Float(string="10 min Report On Time (%)", readonly=True)
    resolve_rate = fields.Float(string="12 h Resolution On Time (%)", readonly=True)
    callback_rate = fields.Float(
        string="Callback Rate (%)",
        readonly=True,
        help="Customers reached; the unreachable ones are counted apart.",
    )
    callback_unreachable_count = fields.Integer(
        string="Unreachable Callbacks", readonly=True
    )
    satisfaction = fields.Float(string="Callback Satisfaction (1-5)", readonly=True)
    survey_satisfaction = fields.Float(
        string="Survey Satisfaction (1-5)", readonly=True
    )
    survey_count = fields.Integer(string="Surveys Returned", readonly=True)
    line_ids = fields.One2many(
        "property.crm.complaint.analysis.line", "analysis_id", readonly=True
    )
    analysis = fields.Html(
        string="Causes and Improvements",
        help="原因分析與改進措施, written by the area manager.",
    )

    _sql_constraints = [
        (
            "area_month_uniq",
            # "all areas" (no area) is one analysis per month too
            "UNIQUE NULLS NOT DISTINCT (company_id, area_id, month)",
            "This month of this area is already analysed.",
        ),
    ]

    @api.depends("area_id", "month")
    def _compute_name(self):
        for analysis in self:
            month = analysis.month and analysis.month.strftime("%Y-%m") or ""
            area = analysis.area_id.name or self.env._("All Areas")
            analysis.name = f"ZC-QR-029 {area} {month}"

    @api.onchange("month")
    def _onchange_month(self):
        if self.month:
            self.month = self.month.replace(day=1)

    def _period(self, month=None):
        """[start, end) of the month as naive UTC datetimes, cut at local
        midnight."""
        return local_time.month_bounds(
            self.env, self.company_id, fields.Date.to_date(month or self.month)
        )

    @api.model
    def _normalize_month(self, vals):
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return vals

    def _raise_if_analysed(self, company_id, area_id, month, exclude_ids=()):
        """A clear error before the SQL constraint refuses a second analysis."""
        if not month:
            return
        domain = [
            ("company_id", "=", company_id),
            ("area_id", "=", area_id or False),
            ("month", "=", month),
        ]
        if exclude_ids:
            domain.append(("id", "not in", list(exclude_ids)))
        if self.sudo().with_context(active_test=False).search_count(domain, limit=1):
            raise ValidationError(
                self.env._(
                    "The analysis of %(area)s for %(month)s already exists.",
                    area=self.env["property.crm.area"].browse(area_id).display_name
                    if area_id
                    else self.env._("All Areas"),
                    month=month.strftime("%Y-%m"),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_month(vals)
            self._raise_if_analysed(
                vals.get("company_id") or self.env.company.id,
                vals.get("area_id"),
                vals.get("month") or self.default_get(["month"]).get("month"),
            )
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_month(vals)
        if {"company_id", "area_id", "month"} & set(vals):
            for analysis in self:
                self._raise_if_analysed(
                    vals.get("company_id", analysis.company_id.id),
                    vals.get("area_id", analysis.area_id.id),
                    vals.get("month", analysis.month),
                    exclude_ids=self.ids,
                )
        return super().write(vals)

    def _domain(self, month=None):
        self.ensure_one()
        start, end = self._period(month)
        domain = [
            ("company_id", "=", self.company_id.id),
            ("received_at", ">=", start),
            ("received_at", "<", end),
        ]
        if self.area_id:
            domain.append(("area_id", "=", self.area_id.id))
        return domain

    def action_compute(self):
        """Fill the form's figures from the complaint analysis (no number is typed)."""
        Report = self.env["property.crm.complaint.report"].sudo()
        for analysis in self:
            analysis.month = analysis.month.replace(day=1)
            domain = analysis._domain()
            [
                [
                    count,
                    major,
                    repeat,
                    feedback,
                    response,
                    report,
                    resolve,
                    callback,
                    unreachable,
                    satisfaction,
                ]
            ] = Report._read_group(
                domain,
                aggregates=[
                    "__count",
                    "major_count:sum",
                    "repeat_count:sum",
                    "feedback_on_time:avg",
                    "response_on_time:avg",
                    "report_on_time:avg",
                    "resolve_on_time:avg",
                    "callback_rate:avg",
                    "callback_unreachable_count:sum",
                    "satisfaction:avg",
                ],
            )
            validity = dict(Report._read_group(domain, ["validity"], ["__count"]))
            groups = Report.search_count(domain + [("is_group_complaint", "=", True)])
            previous = Report.search_count(
                analysis._domain(analysis.month - relativedelta(months=1))
            )
            lines = [fields.Command.clear()]
            for dimension in BREAKDOWNS:
                for value, line_count in Report._read_group(
                    domain, [dimension], ["__count"]
                ):
                    label = (
                        value.display_name
                        if isinstance(value, models.BaseModel)
                        else dict(
                            Report._fields[dimension]._description_selection(self.env)
                        ).get(value)
                    )
                    lines.append(
                        fields.Command.create(
                            {
                                "dimension": dimension,
                                "label": label or self.env._("Undefined"),
                                "complaint_count": line_count,
                                "share": 100.0 * line_count / count if count else 0.0,
                            }
                        )
                    )
            survey_count, survey_rating = analysis._survey_figures()
            analysis.write(
                {
                    "complaint_count": count,
                    "valid_count": validity.get("valid", 0),
                    "unreasonable_count": validity.get("unreasonable", 0),
                    "major_count": major or 0,
                    "group_count": groups,
                    "repeat_count": repeat or 0,
                    "previous_count": previous,
                    "change_pct": 100.0 * (count - previous) / previous
                    if previous
                    else 0.0,
                    "feedback_rate": feedback or 0.0,
                    "response_rate": response or 0.0,
                    "report_rate": report or 0.0,
                    "resolve_rate": resolve or 0.0,
                    "callback_rate": callback or 0.0,
                    "callback_unreachable_count": unreachable or 0,
                    "satisfaction": satisfaction or 0.0,
                    "survey_count": survey_count,
                    "survey_satisfaction": survey_rating,
                    "line_ids": lines,
                    "computed_at": fields.Datetime.now(),
                }
            )
        return True

    def _survey_figures(self):
        """Returned 客戶意見調查表 of the month (customers of the area): count and
        average rating."""
        self.ensure_one()
        start, end = self._period()
        domain = [
            ("user_input_id.state", "=", "done"),
            ("user_input_id.survey_id.property_crm_satisfaction", "=", True),
            ("user_input_id.end_datetime", ">=", start),
            ("user_input_id.end_datetime", "<", end),
            ("suggested_answer_id.property_crm_rating", ">", 0),
        ]
        if self.area_id:
            domain.append(
                ("user_input_id.partner_id.property_area_id", "=", self.area_id.id)
            )
        lines = self.env["survey.user_input.line"].sudo().search(domain)
        ratings = lines.mapped("suggested_answer_id.property_crm_rating")
        return len(lines.user_input_id), (
            sum(ratings) / len(ratings) if ratings else 0.0
        )

    def action_send_to_head(self):
        """Attach the PDF and send it to the head (資產管理部負責人) with an
        activity."""
        report = self.env.ref("property_crm.action_report_complaint_analysis")
        for analysis in self:
            heads = self.env["property.crm.complaint"]._sla_head_users(
                analysis.company_id
            )
            if not heads:
                raise UserError(
                    self.env._("Configure the head of asset management first.")
                )
            lang = heads[:1].lang or self.env.lang
            # fresh figures, their labels in the language the head reads
            analysis.with_context(lang=lang).action_compute()
            pdf, _type = report.with_context(lang=lang)._render_qweb_pdf(
                report.report_name, analysis.ids
            )
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{analysis.name}.pdf",
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": analysis._name,
                    "res_id": analysis.id,
                }
            )
            analysis.message_post(
                body=self.env._(
                    "Monthly complaint analysis %s for the head.", analysis.name
                ),
                attachment_ids=attachment.ids,
                partner_ids=heads.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
            for head in heads:
                analysis.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Review the monthly complaint analysis"),
                    user_id=head.id,
                )
            analysis.write({"state": "sent", "sent_at": fields.Datetime.now()})
        return True

    @api.model
    def _cron_monthly_analysis(self):
        """ir_cron_monthly_analysis: on the last day of each month (and to catch up the
        month before), each area's analysis is produced and sent to the head."""
        done = 0
        for company in self.env["res.company"].search([]):
            # the company's own calendar: its last day ends at local midnight
            today = local_time.local_date(self.env, company, fields.Datetime.now())
            month = today.replace(day=1)
            months = [month - relativedelta(months=1)]
            if (today + relativedelta(days=1)).month != today.month:
                months.append(month)
            areas = self.env["property.crm.area"].search(
                [("company_id", "=", company.id)]
            )
            for target in months:
                for area in areas:
                    analysis = self.search(
                        [
                            ("company_id", "=", company.id),
                            ("area_id", "=", area.id),
                            ("month", "=", target),
                        ]
                    )
                    if analysis.state == "sent":
                        continue
                    if not analysis:
                        analysis = self.create(
                            {
                                "company_id": company.id,
                                "area_id": area.id,
                                "month": target,
                            }
                        )
                    analysis.action_compute()
                    analysis.action_send_to_head()
                    done += 1
        return done


class PropertyCrmComplaintAnalysisLine(models.Model):
    _name = "property.crm.complaint.analysis.line"
    _description = "Monthly Complaint Analysis Breakdown"
    _order = "dimension, complaint_count desc"

    analysis_id = fields.Many2one(
        "property.crm.complaint.analysis", required=True, ondelete="cascade", index=True
    )
    dimension = fields.Selection(
        [
            ("category_id", "Category"),
            ("building_id", "Building"),
            ("department_id", "Department"),
            ("channel", "Channel"),
            ("severity", "Severity"),
            ("validity", "Validity"),
        ],
        required=True,
    )
    label = fields.Char(required=True)
    complaint_count = fields.Integer(string="Complaints")
    share = fields.Float(string="Share (%)")
