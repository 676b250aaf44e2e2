import io
import logging
import os
import subprocess
import tempfile

from markupsafe import escape

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)

# the paper forms (report/property_crm_form_layout.xml) and the form number each
# prints in its footer, before the record's number
PAPER_FORMS = {
    "property_crm.report_complaint_form": "ZC-QR-027",
    "property_crm.report_handling_sheet_form": "ZC-QR-028",
    "property_crm.report_complaint_analysis": "ZC-QR-029",
    "property_crm.report_liaison_letter_form": "Z-QR-025",
    "property_crm.report_repair_order_form": "ZC-QR-009/010",
    "property_crm.report_grade_evaluation_form": "",
    "property_crm.report_survey_answer_form": "",
    "property_crm.report_survey_blank_form": "",
}
MM_PER_POINT = 25.4 / 72
# the footer line sits this far above the bottom edge of the page (mm)
FOOTER_FROM_BOTTOM = 9


class IrActionsReport(models.Model):
    """Page numbers "第 X 頁 共 Y 頁" on the paper forms, counted per record.

    Debian's wkhtmltopdf (unpatched Qt) ignores ``--footer-html``: the numbers are
    printed by a second, small wkhtmltopdf run (the same CJK font as the form) and
    laid over each page of the record's PDF."""

    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        report = self._get_report(report_ref)
        if report.report_name not in PAPER_FORMS or not res_ids:
            return super()._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids=res_ids
            )
        if len(set(res_ids)) > 1:
            # one document per record: each form counts its own pages
            streams = {}
            for res_id in dict.fromkeys(res_ids):
                streams.update(
                    self._render_qweb_pdf_prepare_streams(
                        report_ref, data, res_ids=[res_id]
                    )
                )
            return streams
        streams = super()._render_qweb_pdf_prepare_streams(
            report_ref, data, res_ids=res_ids
        )
        record = self.env[report.model].browse(res_ids[0])
        footer = " ".join(
            filter(
                None,
                (PAPER_FORMS[report.report_name], self._property_crm_number(record)),
            )
        )
        for item in streams.values():
            if item.get("stream") and not item.get("attachment"):
                item["stream"] = self._property_crm_number_pages(item["stream"], footer)
        return streams

    def _property_crm_number(self, record):
        """The record's number, repeated on every page (a loose page is found)."""
        if record._name == "survey.user_input":
            return f"{record.id:06d}"
        if "name" in record._fields and record._fields["name"].type == "char":
            return record.name or ""
        return ""

    def _property_crm_footer_html(self, total, footer):
        pages = "".join(
            '<div class="o_pcrm_page">'
            f"{escape(footer)}&#160;&#160;&#160;第 {page} 頁 共 {total} 頁"
            "</div>"
            for page in range(1, total + 1)
        )
        return (
            '<!DOCTYPE html><html><head><meta charset="utf-8"/><style>'
            "body { margin: 0; font-family: 'Noto Sans CJK SC', 'Noto Sans CJK TC',"
            " sans-serif; font-size: 8.5pt; }"
            ".o_pcrm_page { text-align: center; page-break-after: always; }"
            ".o_pcrm_page:last-child { page-break-after: auto; }"
            f"</style></head><body>{pages}</body></html>"
        )

    def _property_crm_number_pages(self, stream, footer):
        """``stream`` with the footer line laid over each page; unchanged if the
        footer cannot be printed (the form itself matters more)."""
        reader = PdfFileReader(stream, strict=False, overwriteWarnings=False)
        total = len(reader.pages)
        if not total:
            return stream
        first = reader.pages[0]
        # PyPDF2 2.x / pypdf name it mediabox, PyPDF2 1.26 mediaBox
        box = first.mediabox if hasattr(first, "mediabox") else first.mediaBox
        height_mm = float(abs(box[3] - box[1])) * MM_PER_POINT
        width_mm = float(abs(box[2] - box[0])) * MM_PER_POINT
        with tempfile.TemporaryDirectory(prefix="property_crm_pages") as folder:
            html_path = os.path.join(folder, "pages.html")
            pdf_path = os.path.join(folder, "pages.pdf")
            with open(html_path, "w", encoding="utf-8") as handle:
                handle.write(self._property_crm_footer_html(total, footer))
            command = [
                _get_wkhtmltopdf_bin(),
                "--quiet",
                "--disable-local-file-access",
                "--encoding",
                "utf-8",
                "--page-width",
                f"{width_mm:.1f}mm",
                "--page-height",
                f"{height_mm:.1f}mm",
                "--margin-top",
                f"{height_mm - FOOTER_FROM_BOTTOM:.1f}mm",
                "--margin-bottom",
                "0",
                "--margin-left",
                "10mm",
                "--margin-right",
                "10mm",
                html_path,
                pdf_path,
            ]
            try:
                subprocess.run(command, capture_output=True, timeout=60, check=False)
                with open(pdf_path, "rb") as handle:
                    overlay = PdfFileReader(
                        io.BytesIO(handle.read()), strict=False, overwriteWarnings=False
                    )
            except (OSError, subprocess.SubprocessError):
                _logger.warning("property_crm: page numbers not printed", exc_info=True)
                return stream
            if len(overlay.pages) < total:
                _logger.warning(
                    "property_crm: page numbers not printed (%s of %s pages)",
                    len(overlay.pages),
                    total,
                )
                return stream
            writer = PdfFileWriter()
            for index in range(total):
                page = reader.pages[index]
                if hasattr(page, "merge_page"):
                    page.merge_page(overlay.pages[index])
                    writer.add_page(page)
                else:  # PyPDF2 1.26
                    page.mergePage(overlay.pages[index])
                    writer.addPage(page)
            output = io.BytesIO()
            writer.write(output)
            output.seek(0)
            return output
