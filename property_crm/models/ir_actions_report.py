import io
import logging
import os
import subprocess
import tempfile

from reportlab.pdfgen import canvas

from odoo import models
from odoo.tools.pdf import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    PdfFileReader,
    PdfFileWriter,
)

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
# the footer line sits this far above the bottom edge of the page (mm): the top of
# the page numbers, the baseline of the numbers at the left
FOOTER_FROM_BOTTOM = 9
FOOTER_BASELINE = 6.2
FOOTER_LEFT = 12


class IrActionsReport(models.Model):
    """Page numbers "第 X 頁 共 Y 頁" on the paper forms, counted per record.

    Debian's wkhtmltopdf (unpatched Qt) ignores ``--footer-html``: the page numbers
    are printed by a second, small wkhtmltopdf run (the forms' CJK font; one per
    page count, kept) and laid over each page of the record's PDF."""

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

    def _property_crm_number_pages(self, stream, footer):
        """``stream`` with the footer line laid over each page: the form's and the
        record's numbers on the left, "第 X 頁 共 Y 頁" in the middle; unchanged if
        the footer cannot be printed (the form itself matters more)."""
        reader = PdfFileReader(stream, strict=False, overwriteWarnings=False)
        total = len(reader.pages)
        if not total:
            return stream
        first = reader.pages[0]
        # PyPDF2 2.x / pypdf name it mediabox, PyPDF2 1.26 mediaBox
        box = first.mediabox if hasattr(first, "mediabox") else first.mediaBox
        width = float(abs(box[2] - box[0]))
        height = float(abs(box[3] - box[1]))
        numbers = _page_numbers_pdf(
            round(width * MM_PER_POINT, 1), round(height * MM_PER_POINT, 1), total
        )
        if not numbers:
            return stream
        numbers = PdfFileReader(io.BytesIO(numbers), strict=False)
        labels = PdfFileReader(
            io.BytesIO(_footer_labels_pdf(width, height, total, footer)), strict=False
        )
        writer = PdfFileWriter()
        for index in range(total):
            page = reader.pages[index]
            for number, overlay in enumerate(
                (numbers.pages[index], labels.pages[index])
            ):
                try:
                    _draw_over(writer, page, overlay, f"/PcrmFooter{index}x{number}")
                except (AttributeError, KeyError, TypeError, ValueError):
                    # another pypdf generation: its (slower) merge
                    if hasattr(page, "merge_page"):
                        page.merge_page(overlay)
                    else:
                        page.mergePage(overlay)
            if hasattr(writer, "add_page"):
                writer.add_page(page)
            else:
                writer.addPage(page)
        output = io.BytesIO()
        writer.write(output)
        output.seek(0)
        return output


def _resolved(value):
    return value.get_object() if hasattr(value, "get_object") else value.getObject()


def _stream(data):
    stream = DecodedStreamObject()
    if hasattr(stream, "set_data"):
        stream.set_data(data)
    else:
        stream.setData(data)
    return stream


def _add_object(writer, obj):
    return (
        writer._add_object(obj)
        if hasattr(writer, "_add_object")
        else (writer._addObject(obj))
    )


def _draw_over(writer, page, overlay, name):
    """Draw ``overlay`` (a page) over ``page`` as a form XObject: unlike
    ``merge_page``, the page's own (long, CJK) content is not parsed again, which
    costs about a second a page."""
    contents = _resolved(overlay["/Contents"])
    parts = contents if isinstance(contents, ArrayObject) else [contents]
    form = _stream(b"".join(_resolved(part).get_data() for part in parts))
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(
        [NumberObject(round(float(v))) for v in overlay["/MediaBox"]]
    )
    form[NameObject("/Resources")] = _resolved(overlay["/Resources"])
    resources = _resolved(page["/Resources"])
    xobjects = (
        _resolved(resources["/XObject"])
        if "/XObject" in resources
        else DictionaryObject()
    )
    xobjects[NameObject(name)] = _add_object(writer, form)
    resources[NameObject("/XObject")] = xobjects
    original = page.raw_get("/Contents")
    originals = (
        list(_resolved(original))
        if isinstance(_resolved(original), ArrayObject)
        else [original]
    )
    page[NameObject("/Contents")] = ArrayObject(
        [
            _add_object(writer, _stream(b"q\n")),
            *originals,
            _add_object(writer, _stream(f"\nQ\nq {name} Do Q\n".encode())),
        ]
    )


# "第 X 頁 共 Y 頁" sheets by page size and count: printed once per worker with the
# forms' CJK font (wkhtmltopdf), then reused (a wkhtmltopdf run costs about a second)
_PAGE_NUMBERS = {}


def _page_numbers_html(total):
    pages = "".join(
        f'<div class="o_pcrm_page">第 {page} 頁 共 {total} 頁</div>'
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


def _page_numbers_pdf(width_mm, height_mm, total):
    key = (width_mm, height_mm, total)
    if key in _PAGE_NUMBERS:
        return _PAGE_NUMBERS[key]
    with tempfile.TemporaryDirectory(prefix="property_crm_pages") as folder:
        html_path = os.path.join(folder, "pages.html")
        pdf_path = os.path.join(folder, "pages.pdf")
        with open(html_path, "w", encoding="utf-8") as handle:
            handle.write(_page_numbers_html(total))
        command = [
            _get_wkhtmltopdf_bin(),
            "--quiet",
            "--disable-local-file-access",
            "--encoding",
            "utf-8",
            "--page-width",
            f"{width_mm}mm",
            "--page-height",
            f"{height_mm}mm",
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
                content = handle.read()
        except (OSError, subprocess.SubprocessError):
            _logger.warning("property_crm: page numbers not printed", exc_info=True)
            return None
    pages = len(PdfFileReader(io.BytesIO(content), strict=False).pages)
    if pages != total:
        _logger.warning(
            "property_crm: page numbers not printed (%s of %s pages)", pages, total
        )
        return None
    if len(_PAGE_NUMBERS) > 32:
        _PAGE_NUMBERS.clear()
    _PAGE_NUMBERS[key] = content
    return content


def _footer_labels_pdf(width, height, total, footer):
    """The form's and the record's numbers at the left of the footer line, one page
    each (Latin letters and digits: a standard PDF font)."""
    text = footer if footer.isascii() else footer.split(" ", 1)[0]
    text = text if text.isascii() else ""
    packet = io.BytesIO()
    sheet = canvas.Canvas(packet, pagesize=(width, height))
    for _page in range(total):
        sheet.setFont("Helvetica", 8)
        sheet.drawString(
            FOOTER_LEFT / MM_PER_POINT, FOOTER_BASELINE / MM_PER_POINT, text
        )
        sheet.showPage()
    sheet.save()
    return packet.getvalue()
