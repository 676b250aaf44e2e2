import shutil
import subprocess
import tempfile
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import Form

from .common_complaint import ComplaintCase

MONTH = datetime(2026, 3, 1)


class TestComplaintReport(ComplaintCase):
    """A constructed month whose figures are known by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area_cn = cls.env["property.crm.area"].create(
            {"name": "測試東區", "manager_id": cls.user_area_manager.id}
        )
        cls.building_cn = cls.env["property.crm.building"].create(
            {"name": "翠園9棟", "area_id": cls.area_cn.id}
        )
        cls.units = cls.env["property.crm.unit"].create(
            [
                {"name": f"9-{i:04d}", "building_id": cls.building_cn.id}
                for i in range(1, 8)
            ]
        )

    def _month_dataset(self):
        """7 complaints in March 2026: 2 major, 1 late feedback, 1 late report."""
        complaints = self.Complaint.browse()
        for i, unit in enumerate(self.units):
            at = MONTH + timedelta(days=2 + i * 3, hours=1)
            vals = {"unit_id": unit.id, "received_at": at}
            if i in (0, 1):
                vals.update(severity="major", major_reason="a_contract")
            complaint = self.create_complaint(at=at, **vals)
            complaint.feedback_at = at + (
                timedelta(hours=30) if i == 6 else timedelta(hours=2)
            )
            if i == 0:
                with freeze_time(at + timedelta(minutes=5)):
                    complaint.with_user(self.user_area_manager).action_report_to_head()
            complaints |= complaint
        # complaint 1 (major) is reported by nobody: the watchdog reports it late
        self.run_watchdog(MONTH + timedelta(days=5, hours=1, minutes=10))
        self.assertTrue(complaints[1].report_breached)
        self.env.flush_all()
        return complaints

    def test_monthly_figures(self):
        self._month_dataset()
        Report = self.env["property.crm.complaint.report"]
        domain = [("area_id", "=", self.area_cn.id)]
        [[count, feedback, report, majors]] = Report._read_group(
            domain,
            aggregates=[
                "__count",
                "feedback_on_time:avg",
                "report_on_time:avg",
                "major_count:sum",
            ],
        )
        self.assertEqual(count, 7)
        self.assertEqual(majors, 2)
        self.assertAlmostEqual(feedback, 100.0 * 6 / 7, places=4)
        self.assertAlmostEqual(report, 50.0, places=4)
        analysis = self.env["property.crm.complaint.analysis"].create(
            {"area_id": self.area_cn.id, "month": MONTH.date()}
        )
        with freeze_time(MONTH + timedelta(days=31)):
            analysis.action_compute()
        self.assertEqual(analysis.complaint_count, 7)
        self.assertEqual(analysis.major_count, 2)
        self.assertAlmostEqual(analysis.feedback_rate, 100.0 * 6 / 7, places=4)
        self.assertAlmostEqual(analysis.report_rate, 50.0, places=4)
        self.assertEqual(analysis.previous_count, 0)
        building_line = analysis.line_ids.filtered(
            lambda line: line.dimension == "building_id"
        )
        self.assertEqual(building_line.label, "翠園9棟")
        self.assertEqual(building_line.complaint_count, 7)

    def test_repeat_complaints(self):
        unit = self.units[0]
        first = self.create_complaint(at=MONTH, unit_id=unit.id)
        second = self.create_complaint(at=MONTH + timedelta(days=20), unit_id=unit.id)
        late = self.create_complaint(at=MONTH + timedelta(days=120), unit_id=unit.id)
        self.env.flush_all()
        rows = self.env["property.crm.complaint.report"].search(
            [("complaint_id", "in", (first | second | late).ids)]
        )
        by_complaint = {row.complaint_id: row.repeat_count for row in rows}
        self.assertEqual(by_complaint[first], 0)
        self.assertEqual(by_complaint[second], 1)
        self.assertEqual(by_complaint[late], 0, "more than 90 days later: not a repeat")

    def test_repeat_found_when_the_earlier_complaint_is_entered_later(self):
        unit = self.units[0]
        later = self.create_complaint(at=MONTH + timedelta(days=20), unit_id=unit.id)
        self.env.flush_all()
        self.assertFalse(later.is_repeat)
        earlier = self.create_complaint(at=MONTH, unit_id=unit.id)
        self.env.flush_all()
        self.assertFalse(earlier.is_repeat)
        self.assertTrue(later.is_repeat)
        row = self.env["property.crm.complaint.report"].search(
            [("complaint_id", "=", later.id)]
        )
        self.assertEqual(row.repeat_count, 1)

    def test_month_over_month(self):
        self.create_complaint(at=MONTH - timedelta(days=10), unit_id=self.units[0].id)
        self.create_complaint(at=MONTH + timedelta(days=1), unit_id=self.units[1].id)
        self.create_complaint(at=MONTH + timedelta(days=2), unit_id=self.units[2].id)
        analysis = self.env["property.crm.complaint.analysis"].create(
            {"area_id": self.area_cn.id, "month": MONTH.date()}
        )
        analysis.action_compute()
        self.assertEqual(analysis.previous_count, 1)
        self.assertEqual(analysis.complaint_count, 2)
        self.assertAlmostEqual(analysis.change_pct, 100.0)

    def test_area_manager_sees_own_area_figures(self):
        self.create_complaint(at=MONTH, unit_id=self.units[0].id)
        self.create_complaint(
            at=MONTH, partner_id=self.customer_west.id, unit_id=self.unit_west.id
        )
        self.env.flush_all()
        rows = (
            self.env["property.crm.complaint.report"]
            .with_user(self.user_area_manager)
            .search([])
        )
        self.assertTrue(rows)
        self.assertEqual(
            set(rows.mapped("area_id.manager_id")), {self.user_area_manager}
        )

    def test_pdf_renders_chinese(self):
        if not shutil.which("wkhtmltopdf") or not shutil.which("pdftotext"):
            self.fail(
                "wkhtmltopdf and pdftotext are installed by make test (scripts/lib.sh)"
            )
        self._month_dataset()
        analysis = self.env["property.crm.complaint.analysis"].create(
            {"area_id": self.area_cn.id, "month": MONTH.date()}
        )
        analysis.action_compute()
        report = self.env.ref("property_crm.action_report_complaint_analysis")
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, analysis.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", handle.name, "-"], capture_output=True, check=True
            ).stdout.decode()
        self.assertIn("測試東區", text)
        self.assertIn("翠園9棟", text)

    def test_pdf_in_the_heads_language(self):
        """The PDF is rendered in the head's language: the form in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["property_crm"], ["zh_CN"], overwrite=True
        )
        self.user_manager.lang = "zh_CN"
        self._month_dataset()
        analysis = self.env["property.crm.complaint.analysis"].create(
            {"area_id": self.area_cn.id, "month": MONTH.date()}
        )
        analysis.with_context(force_report_rendering=True).action_send_to_head()
        attachment = analysis.message_ids.attachment_ids[:1]
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(attachment.raw)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", handle.name, "-"], capture_output=True, check=True
            ).stdout.decode()
        # pdftotext maps some CJK glyphs to radicals (户 -> ⼾): check other words
        # the paper form's title: the seed's wording, or its zh_CN translation
        self.assertTrue(any(t in text for t in ("投诉分析报告表", "投訴分析報告表")))
        self.assertIn("測試東區", text)
        self.assertIn("投诉级别", text)
        self.assertNotIn("Undefined", text)
        self.assertIn("重大", text.replace("⼤", "大"))

    def test_monthly_cron_sends_to_head(self):
        self._month_dataset()
        Analysis = self.env["property.crm.complaint.analysis"]
        # the last day of March: each area's report of the month goes to the head
        with freeze_time(datetime(2026, 3, 31, 10, 0)):
            Analysis.with_context(force_report_rendering=False)._cron_monthly_analysis()
        analysis = Analysis.search(
            [("area_id", "=", self.area_cn.id), ("month", "=", MONTH.date())]
        )
        self.assertEqual(analysis.state, "sent")
        self.assertEqual(analysis.complaint_count, 7)
        message = analysis.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertTrue(message)
        self.assertIn(self.user_manager.partner_id, message.partner_ids)
        self.assertTrue(message.attachment_ids.name.endswith(".pdf"))
        activity = analysis.activity_ids.filtered(
            lambda a: a.user_id == self.user_manager
        )
        self.assertTrue(activity)
        # running again the same day sends nothing twice
        with freeze_time(datetime(2026, 3, 31, 11, 0)):
            Analysis._cron_monthly_analysis()
        self.assertEqual(
            len(analysis.message_ids.filtered(lambda m: m.attachment_ids)), 1
        )
        # on an ordinary day nothing is produced for the running month
        with freeze_time(datetime(2026, 4, 15, 10, 0)):
            Analysis._cron_monthly_analysis()
        self.assertFalse(
            Analysis.search(
                [
                    ("area_id", "=", self.area_cn.id),
                    ("month", "=", datetime(2026, 4, 1).date()),
                ]
            )
        )

    def test_form_month_is_first_day(self):
        form = Form(self.env["property.crm.complaint.analysis"])
        form.area_id = self.area_cn
        form.month = datetime(2026, 3, 17).date()
        analysis = form.save()
        self.assertEqual(analysis.month, MONTH.date())
