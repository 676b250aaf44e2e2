import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader
from odoo.tools.safe_eval import safe_eval

from .common_complaint import T0
from .test_callback import CallbackCase

MONTH = datetime(2026, 3, 1)
REAL_MOBILE = "13812345678"
MASKED_MOBILE = "138****5678"


# CJK Radicals Supplement glyphs pdftotext may give for simplified characters, which
# NFKC leaves as they are (⻅ U+2EC5 for 见)
RADICALS = str.maketrans(
    {"⻅": "见", "⻓": "长", "⻔": "门", "⻚": "页", "⻛": "风", "⻜": "飞", "⻢": "马"}
    | {
        "⻥": "鱼",
        "⻦": "鸟",
        "⻰": "龙",
        "⻋": "车",
        "⻉": "贝",
        "⻆": "角",
        "⻝": "食",
    }
)


def norm(text):
    """pdftotext maps some CJK glyphs to Kangxi radicals (户 -> ⼾ -> NFKC 戶) or to
    the radicals supplement (见 -> ⻅): compare both sides in one form."""
    return unicodedata.normalize("NFKC", text).translate(RADICALS).replace("户", "戶")


@tagged("post_install", "-at_install")
class TestPrintableForms(CallbackCase):
    """Every numbered paper form of the seeds prints as a Chinese PDF on the shared
    layout (report/property_crm_form_layout.xml): title, form number, the record's
    number, page numbers and signature boxes, read back from the real PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # make test loads zh_CN and zh_TW (--load-language); a bare database too
        Lang = cls.env["res.lang"].with_context(active_test=False)
        missing = [
            code
            for code in ("zh_CN", "zh_TW")
            if not Lang.search([("code", "=", code), ("active", "=", True)])
        ]
        for code in missing:
            Lang._activate_lang(code)
        if missing:
            cls.env["ir.module.module"]._load_module_terms(
                ["base", "property_crm"], missing, overwrite=True
            )
        for user in (
            cls.user_specialist,
            cls.user_supervisor,
            cls.user_manager,
            cls.user_handler,
            cls.user_area_manager,
        ):
            user.lang = "zh_CN"
        # the company's own clock: Shanghai (dates print in its local time)
        cls.company.partner_id.tz = "Asia/Shanghai"

    def setUp(self):
        super().setUp()
        if not shutil.which("wkhtmltopdf") or not shutil.which("pdftotext"):
            self.fail(
                "wkhtmltopdf and pdftotext are installed by make test (scripts/lib.sh)"
            )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _report(self, xmlid, user=None, lang="zh_CN"):
        report = self.env.ref(f"property_crm.{xmlid}")
        if user:
            report = report.with_user(user)
        return report.with_context(lang=lang)

    def pdf_text(self, xmlid, records, user=None, lang="zh_CN"):
        """The text of the PDF really rendered by wkhtmltopdf, as ``user``."""
        report = self._report(xmlid, user, lang).with_context(
            force_report_rendering=True
        )
        pdf, kind = report._render_qweb_pdf(report.report_name, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"],
                capture_output=True,
                check=True,
            ).stdout.decode()
        return norm(text)

    def html(self, xmlid, records, user=None, lang="zh_CN"):
        report = self._report(xmlid, user, lang)
        html, _kind = report._render_qweb_html(report.report_name, records.ids)
        return html.decode()

    def assertAnyIn(self, alternatives, text, msg=None):
        """One of the scripts of a Chinese term (the seed's traditional wording, or
        its zh_CN translation once the .po has it)."""
        alternatives = [norm(a) for a in alternatives]
        self.assertTrue(
            any(term in text for term in alternatives),
            f"{msg or ''} none of {alternatives} in the PDF:\n{text}",
        )

    def assertForm(self, text, title, code, number, signatures, pages=1):
        self.assertAnyIn(title, text)
        if code:
            self.assertIn(code, text)
        self.assertIn(number, text)
        for signature in signatures:
            self.assertAnyIn(signature, text)
        self.assertAnyIn(["簽名", "签名"], text)
        self.assertAnyIn(
            [f"第1頁共{pages}頁", f"第1页共{pages}页"],
            re.sub(r"\s+", "", text),
            "page numbers",
        )
        self.assertEqual(text.count("\f"), pages, "no near-empty extra page")

    def selection(self, record, fname, lang="zh_CN"):
        env = self.env(context=dict(self.env.context, lang=lang))
        label = dict(record._fields[fname]._description_selection(env))[record[fname]]
        english = dict(record._fields[fname]._description_selection(self.env))[
            record[fname]
        ]
        self.assertNotEqual(label, english, f"{fname} has a {lang} translation")
        return label

    # ------------------------------------------------------------------
    # ZC-QR-027, ZC-QR-028, Z-QR-025
    # ------------------------------------------------------------------

    def test_complaint_record_zc_qr_027_masked_for_specialist(self):
        complaint = self.create_complaint(channel="hotline")
        text = self.pdf_text(
            "action_report_complaint_form", complaint, user=self.user_specialist
        )
        self.assertForm(
            text,
            ["客戶投訴記錄表", "客户投诉记录表"],
            "ZC-QR-027",
            complaint.name,
            [["記錄人", "记录人"], ["處理人", "处理人"], ["片區經理", "片区经理"]],
        )
        self.assertIn(MASKED_MOBILE, text)
        self.assertNotIn(REAL_MOBILE, text)
        # labels and selection values in Chinese
        self.assertIn(self.selection(complaint, "channel"), text)
        self.assertIn(self.selection(complaint, "severity"), text)
        self.assertIn("受理渠道", text)
        self.assertIn("Water leaking from the ceiling", text)
        # received 2026-03-02 01:00 UTC: 09:00 in Shanghai
        self.assertIn("2026-03-02 09:00", text)
        self.assertNotIn("24 h Hotline", text)

    def test_long_form_numbers_its_pages_per_record(self):
        """A form running over two pages says so on each; printing several records
        numbers each form's own pages, the record's number in every footer."""
        long = self.create_complaint(
            description="".join(f"<p>Line {i}: water everywhere</p>" for i in range(90))
        )
        short = self.create_complaint()
        text = self.pdf_text(
            "action_report_complaint_form", long | short, user=self.user_specialist
        )
        flat = re.sub(r"\s+", "", text)
        self.assertEqual(text.count("\f"), 3)
        self.assertIn(f"{long.name}第1頁共2頁", flat)
        self.assertIn(f"{long.name}第2頁共2頁", flat)
        self.assertIn(f"{short.name}第1頁共1頁", flat)

    def test_page_numbers_drawn_over_the_page(self):
        """The footer is drawn over each page as a form XObject: the page's own
        content is kept as it is (re-parsing it with merge_page costs a second)."""
        complaint = self.create_complaint()
        report = self._report("action_report_complaint_form").with_context(
            force_report_rendering=True
        )
        pdf, _kind = report._render_qweb_pdf(report.report_name, complaint.ids)
        page = PdfFileReader(io.BytesIO(pdf), strict=False).pages[0]
        xobjects = page["/Resources"]["/XObject"]
        self.assertIn("/PcrmFooter0x0", xobjects)
        self.assertIn("/PcrmFooter0x1", xobjects)

    def test_complaint_record_in_traditional_chinese(self):
        self.user_specialist.lang = "zh_TW"
        complaint = self.create_complaint(channel="wechat")
        text = self.pdf_text(
            "action_report_complaint_form",
            complaint,
            user=self.user_specialist,
            lang="zh_TW",
        )
        self.assertIn(norm("客戶投訴記錄表"), text)
        self.assertIn(norm(self.selection(complaint, "channel", lang="zh_TW")), text)
        self.assertIn(norm(self.selection(complaint, "state", lang="zh_TW")), text)
        self.assertIn(MASKED_MOBILE, text)

    def test_complaint_record_real_phone_for_supervisor(self):
        complaint = self.create_complaint()
        text = self.pdf_text(
            "action_report_complaint_form", complaint, user=self.user_supervisor
        )
        self.assertIn(REAL_MOBILE, text)
        self.assertNotIn(MASKED_MOBILE, text)

    def test_handling_sheet_zc_qr_028_signed_and_verified(self):
        complaint = self.create_complaint()
        sheet = self.Sheet.with_user(self.user_specialist).create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        sheet.action_send()
        sheet.with_user(self.user_handler).handling_method = "<p>Replace the joint</p>"
        sheet.with_user(self.user_department_manager).action_accept()
        sheet.with_user(self.user_handler).result = "<p>Replaced</p>"
        sheet.with_user(self.user_handler).action_done()
        sheet.verification_result = "Customer checked: no more leak"
        sheet.action_verify()
        sheet.with_user(self.user_manager).head_opinion = "Well handled"
        text = self.pdf_text(
            "action_report_handling_sheet_form", sheet, user=self.user_specialist
        )
        self.assertForm(
            text,
            ["客戶投訴處置表", "客户投诉处置表"],
            "ZC-QR-028",
            sheet.name,
            [["負責人簽字", "负责人签字"], ["驗證人簽名", "验证人签名"]],
        )
        self.assertIn(complaint.name, text)
        self.assertIn("Replace the joint", text)
        self.assertIn("Customer checked: no more leak", text)
        self.assertIn("Well handled", text)
        self.assertIn(self.user_department_manager.name, text)
        self.assertIn(self.selection(sheet, "state"), text)
        # the department's sheet carries no contact data
        self.assertNotIn(REAL_MOBILE, text)
        self.assertNotIn(MASKED_MOBILE, text)

    def test_handling_sheet_printed_by_the_department(self):
        complaint = self.create_complaint()
        sheet = self.Sheet.with_user(self.user_specialist).create(
            {
                "complaint_id": complaint.id,
                "department_id": self.department_engineering.id,
            }
        )
        sheet.action_send()
        text = self.pdf_text(
            "action_report_handling_sheet_form", sheet, user=self.user_handler
        )
        self.assertIn(sheet.name, text)
        self.assertIn("ZC-QR-028", text)

    def test_liaison_letter_z_qr_025(self):
        complaint = self.create_complaint()
        letter = self.Letter.with_user(self.user_specialist).create(
            {
                "complaint_id": complaint.id,
                "from_department_id": self.department_security.id,
                "to_department_id": self.department_engineering.id,
                "subject": "Shaft inspection",
                "description": "<p>Please inspect the shaft.</p>",
            }
        )
        text = self.pdf_text(
            "action_report_liaison_letter_form", letter, user=self.user_specialist
        )
        self.assertForm(
            text,
            ["工作聯繫函", "工作联系函"],
            "Z-QR-025",
            letter.name,
            [["發函人", "发函人"], ["回覆人", "回复人"]],
        )
        self.assertIn("Shaft inspection", text)
        self.assertIn("PCRM Engineering", text)
        self.assertIn(complaint.name, text)

    # ------------------------------------------------------------------
    # ZC-QR-009/010, 客戶關係評估表, 客戶意見調查表
    # ------------------------------------------------------------------

    def test_repair_order_zc_qr_009_010_masked(self):
        order = self.create_repair(is_paid_service=True, charged_amount=120.0)
        self.finish_repair(order, T0 + timedelta(hours=3))
        text = self.pdf_text(
            "action_report_repair_order_form", order, user=self.user_specialist
        )
        self.assertForm(
            text,
            ["維修工作單", "维修工作单"],
            "ZC-QR-009/010",
            order.name,
            [["接單人", "接单人"], ["維修人", "维修人"], ["回訪人", "回访人"]],
        )
        self.assertIn(MASKED_MOBILE, text)
        self.assertNotIn(REAL_MOBILE, text)
        self.assertIn("Kitchen tap dripping", text)
        self.assertIn("Washer replaced", text)
        self.assertIn("120.00", text)
        self.assertIn(self.selection(order, "state"), text)

    def test_grade_evaluation_signatures(self):
        evaluation = (
            self.env["property.crm.grade.evaluation"]
            .with_user(self.user_supervisor)
            .create(
                {
                    "partner_id": self.customer.id,
                    "proposed_grade_id": self.grade_a.id,
                    "score_payment": 9,
                    "score_cooperation": 8,
                    "score_complaint": 10,
                    "score_value": 6,
                    "score_influence": 7,
                    "assessment": "Pays on time, helpful",
                }
            )
        )
        evaluation.action_submit()
        evaluation.with_user(self.user_manager).action_approve()
        text = self.pdf_text(
            "action_report_grade_evaluation_form",
            evaluation,
            user=self.user_specialist,
        )
        self.assertForm(
            text,
            ["客戶關係評估表", "客户关系评估表"],
            None,
            evaluation.name,
            [["編制", "编制"], ["審核", "审核"], ["批准"]],
        )
        self.assertIn("40", text)
        self.assertIn("Pays on time, helpful", text)
        self.assertIn(self.user_manager.name, text, "the approver signs 批准")
        self.assertIn(MASKED_MOBILE, text)
        self.assertNotIn(REAL_MOBILE, text)
        self.assertIn(self.selection(evaluation, "state"), text)

    def _survey_answer(self):
        survey = self.env.ref("property_crm.survey_customer_satisfaction")
        with freeze_time(T0):
            user_input = survey._create_answer(
                partner=self.customer, check_attempts=False
            )
            for question in survey.question_ids.filtered(
                lambda q: q.question_type == "simple_choice"
            ):
                answer = question.suggested_answer_ids.filtered(
                    lambda a: a.property_crm_rating == 4
                )
                user_input._save_lines(question, answer.id, comment="Lobby dusty")
            user_input._mark_done()
        return survey, user_input

    def test_survey_answer_form(self):
        survey, user_input = self._survey_answer()
        text = self.pdf_text(
            "action_report_survey_answer_form", user_input, user=self.user_specialist
        )
        self.assertForm(
            text,
            ["客戶意見調查表", "客户意见调查表"],
            None,
            f"{user_input.id:06d}",
            [["客戶簽名", "客户签名"], ["調查人", "调查人"]],
        )
        self.assertIn(MASKED_MOBILE, text)
        self.assertNotIn(REAL_MOBILE, text)
        self.assertIn("Lobby dusty", text)
        html = self.html(
            "action_report_survey_answer_form", user_input, user=self.user_specialist
        )
        ticked = html.count('<span class="o_pcrm_box">✓</span>')
        self.assertEqual(
            ticked,
            len(
                survey.question_ids.filtered(
                    lambda q: q.question_type == "simple_choice"
                )
            ),
            "one choice ticked per rated question",
        )

    def test_survey_blank_form(self):
        survey = self.env.ref("property_crm.survey_customer_satisfaction")
        text = self.pdf_text(
            "action_report_survey_blank_form", survey, user=self.user_specialist
        )
        self.assertAnyIn(["客戶意見調查表", "客户意见调查表"], text)
        self.assertAnyIn(["客戶簽名", "客户签名"], text)
        html = self.html(
            "action_report_survey_blank_form", survey, user=self.user_specialist
        )
        self.assertNotIn("✓", html)
        question = survey.question_ids.filtered(
            lambda q: q.question_type == "simple_choice"
        )[:1]
        answer = question.with_context(lang="zh_CN").suggested_answer_ids[:1]
        self.assertIn(answer.value, html)

    # ------------------------------------------------------------------
    # ZC-QR-029
    # ------------------------------------------------------------------

    def _analysis(self, major=False):
        category = self.env["property.crm.complaint.category"].search([], limit=1)
        for day in range(3):
            vals = {"category_id": category.id}
            if major and day == 0:
                vals.update(severity="major", major_reason="a_contract")
            self.create_complaint(at=MONTH + timedelta(days=2 + day), **vals)
        # one complaint in the previous months: the trend shows it
        self.create_complaint(at=MONTH - timedelta(days=40))
        analysis = self.env["property.crm.complaint.analysis"].create(
            {"area_id": self.area_east.id, "month": MONTH.date()}
        )
        if major:
            self.run_watchdog(MONTH + timedelta(days=2, minutes=30))
        with freeze_time(MONTH + timedelta(days=31)):
            analysis.action_compute()
        return analysis, category

    def test_analysis_no_major_prints_dash(self):
        """No major complaint in the month: the 10-minute report and 12-hour
        resolution clocks never ran: "—", not 0.0 %."""
        analysis, category = self._analysis()
        self.assertEqual(analysis.major_count, 0)
        self.assertEqual(analysis.report_rate, 0.0, "the stored rate keeps 0.0")
        self.assertEqual(analysis.report_clock_count, 0)
        self.assertEqual(analysis._print_rate("report_rate"), "—")
        self.assertEqual(analysis._print_rate("resolve_rate"), "—")
        text = self.pdf_text(
            "action_report_complaint_analysis", analysis, user=self.user_manager
        )
        self.assertForm(
            text,
            ["客戶投訴分析報告表", "客户投诉分析报告表"],
            "ZC-QR-029",
            analysis.name,
            [["編制", "编制"], ["審核", "审核"], ["批准"]],
        )
        self.assertIn("—", text)
        self.assertNotRegex(text, r"(?<![\d.])0\.0(?![\d])", "no 0.0 for a rate")
        self.assertIn(category.with_context(lang="zh_CN").name, text)
        # the channel breakdown reads in Chinese (stored under the key, not the label)
        phone = dict(
            self.env["property.crm.complaint"]
            ._fields["channel"]
            ._description_selection(self.env(context={"lang": "zh_CN"}))
        )["phone"]
        self.assertIn(phone, text)
        self.assertNotIn("Phone", text)
        # the charts: category bars and the 12-month trend (inline SVG)
        html = self.html(
            "action_report_complaint_analysis", analysis, user=self.user_manager
        )
        self.assertRegex(html, r'o_pcrm_report_rate"[^>]*>—<')
        self.assertRegex(html, r'o_pcrm_resolve_rate"[^>]*>—<')
        self.assertIn('class="o_pcrm_hbar"', html)
        self.assertIn("<svg", html)
        self.assertIn('class="o_pcrm_chart"', html)
        self.assertEqual(html.count('class="o_pcrm_bar"'), 12)
        trend = dict((m, c) for m, c, _major in analysis._print_trend())
        self.assertEqual(trend["2026-03"], 3)
        self.assertEqual(trend["2026-01"], 1)
        self.assertEqual(len(trend), 12)
        self.assertEqual(min(trend), "2025-04")

    def test_analysis_with_major_prints_rates(self):
        analysis, _category = self._analysis(major=True)
        self.assertEqual(analysis.major_count, 1)
        self.assertEqual(analysis.report_clock_count, 1)
        self.assertEqual(analysis._print_rate("report_rate"), "0.0")
        text = self.pdf_text(
            "action_report_complaint_analysis", analysis, user=self.user_manager
        )
        self.assertRegex(
            text, r"(?<![\d.])0\.0(?![\d])", "a breached 10-minute report is 0.0 %"
        )
        html = self.html(
            "action_report_complaint_analysis", analysis, user=self.user_manager
        )
        self.assertRegex(html, r'o_pcrm_report_rate"[^>]*>0\.0<')
        # the dark part of the March bar: its major complaint
        self.assertEqual(analysis._print_trend()[-1], ("2026-03", 3, 1))

    def test_analysis_sent_to_head_in_chinese(self):
        """The PDF the head receives is on the paper-form layout too."""
        analysis, _category = self._analysis()
        analysis.with_context(force_report_rendering=True).action_send_to_head()
        attachment = analysis.message_ids.attachment_ids[:1]
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(attachment.raw)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", handle.name, "-"], capture_output=True, check=True
            ).stdout.decode()
        text = norm(text)
        self.assertIn("ZC-QR-029", text)
        self.assertAnyIn(["批准"], text)

    # ------------------------------------------------------------------
    # print buttons
    # ------------------------------------------------------------------

    def test_trend_action_last_12_months(self):
        """The 12-month trend on screen: a graph action whose default filter keeps the
        months the printed trend shows."""
        action = self.env.ref("property_crm.property_crm_complaint_report_action_trend")
        self.assertEqual(action.view_mode.split(",")[0], "graph")
        self.create_complaint(at=MONTH + timedelta(days=2))
        self.create_complaint(at=MONTH - timedelta(days=400))
        arch = self.env["property.crm.complaint.report"].get_views([(False, "search")])[
            "views"
        ]["search"]["arch"]
        self.assertIn('name="last_12_months"', arch)
        search = self.env.ref(
            "property_crm.property_crm_complaint_report_view_search_trend"
        )
        domain_src = re.search(
            r'name="last_12_months".*?domain="([^"]+)"', search.arch_db, re.S
        ).group(1)
        domain_src = domain_src.replace("&gt;", ">")
        domain = safe_eval(
            domain_src,
            {
                "context_today": lambda: datetime(2026, 3, 11).date(),
                "relativedelta": relativedelta,
            },
        )
        self.assertEqual(domain, [("received_date", ">=", "2025-04-01")])
        rows = self.env["property.crm.complaint.report"].search(
            domain + [("area_id", "=", self.area_east.id)]
        )
        self.assertEqual(len(rows), 1)

    def test_print_buttons_on_forms(self):
        forms = {
            "property.crm.complaint": "action_report_complaint_form",
            "property.crm.handling.sheet": "action_report_handling_sheet_form",
            "property.crm.liaison.letter": "action_report_liaison_letter_form",
            "property.crm.repair.order": "action_report_repair_order_form",
            "property.crm.grade.evaluation": "action_report_grade_evaluation_form",
            "property.crm.complaint.analysis": "action_report_complaint_analysis",
            "survey.user_input": "action_report_survey_answer_form",
        }
        for model, xmlid in forms.items():
            report = self.env.ref(f"property_crm.{xmlid}")
            self.assertEqual(report.binding_model_id.model, model)
            arch = (
                self.env[model]
                .with_user(self.user_supervisor)
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )
            self.assertIn(f'name="{report.id}"', arch, model)
