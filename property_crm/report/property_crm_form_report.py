"""Values of the printed paper forms (report/property_crm_form_layout.xml).

Every numbered form of the seeds (000 §五, 004 九) prints on one layout: the
company, the form's title and number, the record's number, bordered cells, the
signature boxes and the page numbers. The helpers below give the templates what a
paper form shows: field labels and selection values in the reader's language,
moments in the company's local time, and confidential customer data as the printing
user may see it (masked for a masked role).
"""

import pytz

from odoo import api, fields, models

from ..models import local_time

EMPTY = "—"


class PropertyCrmFormReport(models.AbstractModel):
    _name = "property.crm.form.report"
    _description = "Printed Paper Form"

    # the model the form prints (its QWeb report's ``model``)
    _form_model = None

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[self._form_model].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": self._form_model,
            "docs": docs,
            "pcrm_label": self._pcrm_label,
            "pcrm_sel": self._pcrm_sel,
            "pcrm_dt": self._pcrm_dt,
            "pcrm_date": self._pcrm_date,
            "pcrm_shown": self._pcrm_shown,
            "pcrm_money": self._pcrm_money,
            "pcrm_empty": EMPTY,
        }

    @api.model
    def _pcrm_label(self, record, fname):
        """The field's label in the reader's language (the UI's own translation)."""
        return record._fields[fname]._description_string(self.env)

    @api.model
    def _pcrm_sel(self, record, fname):
        """The selection value's label in the reader's language."""
        value = record[fname]
        if not value:
            return ""
        return dict(record._fields[fname]._description_selection(self.env)).get(
            value, value
        )

    @api.model
    def _pcrm_tz(self, record=None):
        company = (
            record.company_id
            if record is not None and "company_id" in record._fields
            else self.env.company
        )
        return local_time.company_tz(self.env, company or self.env.company)

    @api.model
    def _pcrm_dt(self, value, record=None):
        """A stored (naive UTC) moment in the company's local time, to the minute."""
        if not value:
            return ""
        moment = pytz.utc.localize(fields.Datetime.to_datetime(value))
        return moment.astimezone(self._pcrm_tz(record)).strftime("%Y-%m-%d %H:%M")

    @api.model
    def _pcrm_date(self, value, record=None):
        """The local calendar day of a moment, or a date as it is."""
        if not value:
            return ""
        if isinstance(value, fields.datetime):
            moment = pytz.utc.localize(value)
            return moment.astimezone(self._pcrm_tz(record)).strftime("%Y-%m-%d")
        return fields.Date.to_date(value).strftime("%Y-%m-%d")

    @api.model
    def _pcrm_shown(self, record, fname):
        """A confidential value as the printing user may see it (masked for a
        masked role, nothing for a department handler)."""
        if not record:
            return ""
        record = record[:1]
        if hasattr(record, "_property_crm_shown"):
            return record._property_crm_shown(fname) or ""
        return record[fname] or ""

    @api.model
    def _pcrm_money(self, amount, currency):
        if not amount:
            return ""
        return f"{currency.symbol or ''}{amount:,.2f}"


class ReportComplaintForm(models.AbstractModel):
    _name = "report.property_crm.report_complaint_form"
    _inherit = "property.crm.form.report"
    _description = "Printed Complaint Record (ZC-QR-027)"
    _form_model = "property.crm.complaint"


class ReportHandlingSheetForm(models.AbstractModel):
    _name = "report.property_crm.report_handling_sheet_form"
    _inherit = "property.crm.form.report"
    _description = "Printed Complaint Handling Sheet (ZC-QR-028)"
    _form_model = "property.crm.handling.sheet"


class ReportLiaisonLetterForm(models.AbstractModel):
    _name = "report.property_crm.report_liaison_letter_form"
    _inherit = "property.crm.form.report"
    _description = "Printed Work Liaison Letter (Z-QR-025)"
    _form_model = "property.crm.liaison.letter"


class ReportRepairOrderForm(models.AbstractModel):
    _name = "report.property_crm.report_repair_order_form"
    _inherit = "property.crm.form.report"
    _description = "Printed Repair Work Order (ZC-QR-009/010)"
    _form_model = "property.crm.repair.order"


class ReportGradeEvaluationForm(models.AbstractModel):
    _name = "report.property_crm.report_grade_evaluation_form"
    _inherit = "property.crm.form.report"
    _description = "Printed Customer Relationship Evaluation"
    _form_model = "property.crm.grade.evaluation"


class ReportSurveyAnswerForm(models.AbstractModel):
    _name = "report.property_crm.report_survey_answer_form"
    _inherit = "property.crm.form.report"
    _description = "Printed Customer Satisfaction Survey"
    _form_model = "survey.user_input"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        values["pcrm_survey_rows"] = self._pcrm_survey_rows
        return values

    @api.model
    def _pcrm_survey_rows(self, user_input):
        """One row per question of the survey: the question, the choices (the chosen
        one ticked) and the comment; a blank answer (``survey.survey``) prints the
        choices unticked for paper use."""
        survey = (
            user_input.survey_id
            if user_input._name == "survey.user_input"
            else (user_input)
        )
        lines = (
            user_input.user_input_line_ids
            if user_input._name == ("survey.user_input")
            else self.env["survey.user_input.line"]
        )
        rows = []
        for question in survey.question_ids.filtered(lambda q: not q.is_page):
            answered = lines.filtered(lambda line, q=question: line.question_id == q)
            chosen = answered.suggested_answer_id
            comment = " ".join(
                filter(
                    None,
                    answered.filtered(
                        lambda line: line.answer_type in ("char_box", "text_box")
                    ).mapped(lambda line: line.value_char_box or line.value_text_box),
                )
            )
            rows.append(
                {
                    "question": question.title,
                    "choices": [
                        (answer.value, answer in chosen)
                        for answer in question.suggested_answer_ids
                    ],
                    "comment": comment,
                }
            )
        return rows


class ReportSurveyBlankForm(models.AbstractModel):
    _name = "report.property_crm.report_survey_blank_form"
    _inherit = "report.property_crm.report_survey_answer_form"
    _description = "Printed Blank Customer Satisfaction Survey"
    _form_model = "survey.survey"


class ReportComplaintAnalysisForm(models.AbstractModel):
    _name = "report.property_crm.report_complaint_analysis"
    _inherit = "property.crm.form.report"
    _description = "Printed Complaint Analysis Report (ZC-QR-029)"
    _form_model = "property.crm.complaint.analysis"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        Line = self.env["property.crm.complaint.analysis.line"]
        values["line_model"] = Line
        values["dimensions"] = Line._fields["dimension"]._description_selection(
            self.env
        )
        return values
