"""A report as files: .docx (python-docx), PDF (WeasyPrint, the layout of awards.pdf) and the annex
tables as .xlsx (openpyxl). Every file is made from one `reports.content.Report`, in Vietnamese
whatever language the person reads the site in (an official document is in Vietnamese), with the
numbers grouped as Vietnamese writes them (1.065). The heavy libraries are imported inside the functions.
"""

import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from awards.pdf import long_date, place_of, short_name
from reports.content import number
from reports.enums import Section
from unions.models import OrgUnit

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"

TEXT_SECTIONS = [Section.SHORTCOMINGS, Section.LESSONS, Section.DIRECTION]


def _cell(value):
    return number(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)


def parts(report):
    """Everything the documents print, worded in the active language."""
    unit = report.unit
    ancestors = sorted(OrgUnit.objects.filter(pk__in=unit.ancestor_ids()), key=lambda u: u.depth)
    place = place_of([unit, *reversed(ancestors)])
    signed_on = long_date(report.heading["date"])
    texts = []
    for numeral, section in zip(("III", "IV", "V"), TEXT_SECTIONS, strict=True):
        heading = {
            Section.SHORTCOMINGS: _("SHORTCOMINGS AND THEIR CAUSES"),
            Section.LESSONS: _("LESSONS LEARNT"),
            Section.DIRECTION: _("DIRECTION AND TASKS AHEAD"),
        }[section]
        body = report.texts.get(section, "").strip()
        texts.append({"heading": f"{numeral}. {heading}", "paragraphs": [p for p in body.splitlines() if p.strip()]})
    return {
        "superior": short_name(ancestors[-1].name) if ancestors else "",
        "issuer": short_name(unit.name),
        "number": report.heading["number"] or "",
        "place_and_date": f"{place}, {signed_on}" if place else signed_on,
        "title": report.title,
        "subtitle": report.subtitle,
        "not_final": "" if report.official else _("NOT FINAL: the figures were counted before the phase was tallied."),
        "bases": report.bases,
        "situation": report.situation,
        "results": report.results,
        "texts": texts,
        "tables": [
            {
                "title": table.title,
                "header": table.header,
                "rows": [[_cell(v) for v in row] for row in table.rows],
                "total": [_cell(v) for v in table.total] if table.total else None,
            }
            for table in report.tables
        ],
        "awardees": report.awardees,
        "awardee_header": [_("No."), _("Full name / collective"), _("Union"), _("Title"), _("Year")],
        "awardees_title": report.awardees_title,
        "recipients": [
            _("%(union)s (to report);") % {"union": short_name(ancestors[-1].name)} if ancestors else "",
            _("Filed: VT."),
        ],
        "signature": [_("On behalf of the Standing Committee"), pgettext("signature", "Chair")],
        "labels": {
            "situation": _("I. SITUATION"),
            "results": _("II. RESULTS OF THE EMULATION MOVEMENTS"),
            "annex": _("ANNEX"),
            "number": _("No.: %(number)s") % {"number": report.heading["number"] or "……/BC-LĐLĐ"},
            "nation": _("SOCIALIST REPUBLIC OF VIETNAM"),
            "motto": _("Independence - Freedom - Happiness"),
            "recipients": _("Recipients:"),
        },
    }


def report_pdf(report):
    from weasyprint import HTML

    with translation.override("vi"):
        html = render_to_string("reports/pdf/report.html", {"doc": parts(report)})
    return HTML(string=html).write_pdf()


def report_docx(report):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    with translation.override("vi"):
        doc_parts = parts(report)
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.orientation = WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    def paragraph(text, *, bold=False, italic=False, center=False, indent=True):
        p = document.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if indent:
                p.paragraph_format.first_line_indent = Mm(10)
        p.paragraph_format.space_after = Pt(3)
        return p

    heading = document.add_table(rows=2, cols=2)
    left, right = heading.rows[0].cells
    left.text = ""
    lp = left.paragraphs[0]
    lp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc_parts["superior"]:
        lp.add_run(doc_parts["superior"].upper() + "\n")
    lp.add_run(doc_parts["issuer"].upper()).bold = True
    rp = right.paragraphs[0]
    rp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rp.add_run(doc_parts["labels"]["nation"] + "\n").bold = True
    rp.add_run(doc_parts["labels"]["motto"]).bold = True
    number_cell, date_cell = heading.rows[1].cells
    number_cell.paragraphs[0].add_run(doc_parts["labels"]["number"])
    number_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    date_run = date_cell.paragraphs[0].add_run(doc_parts["place_and_date"])
    date_run.italic = True
    date_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER

    paragraph(doc_parts["title"], bold=True, center=True)
    paragraph(doc_parts["subtitle"], bold=True, center=True)
    if doc_parts["not_final"]:
        paragraph(doc_parts["not_final"], italic=True, center=True)
    for line in doc_parts["bases"]:
        paragraph(line, italic=True)

    paragraph(doc_parts["labels"]["situation"], bold=True, indent=False)
    for line in doc_parts["situation"]:
        paragraph(line)
    paragraph(doc_parts["labels"]["results"], bold=True, indent=False)
    for title, lines in doc_parts["results"]:
        paragraph(title, bold=True, indent=False)
        for line in lines:
            paragraph(line)
    for part in doc_parts["texts"]:
        paragraph(part["heading"], bold=True, indent=False)
        for line in part["paragraphs"]:
            paragraph(line)

    closing = document.add_table(rows=1, cols=2)
    recipients, signature = closing.rows[0].cells
    rp = recipients.paragraphs[0]
    run = rp.add_run(doc_parts["labels"]["recipients"])
    run.bold, run.italic = True, True
    for line in doc_parts["recipients"]:
        if line:
            recipients.add_paragraph("- " + line)
    sp = signature.paragraphs[0]
    sp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sp.add_run("\n".join(line.upper() for line in doc_parts["signature"])).bold = True

    document.add_page_break()
    paragraph(doc_parts["labels"]["annex"], bold=True, center=True)
    for table in doc_parts["tables"]:
        paragraph(table["title"], bold=True, indent=False)
        rows = [table["header"], *table["rows"], *([table["total"]] if table["total"] else [])]
        grid = document.add_table(rows=len(rows), cols=len(table["header"]))
        grid.style = "Table Grid"
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = grid.cell(r, c)
                cell.text = str(value)
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(10)
                        run.bold = r == 0 or (table["total"] is not None and r == len(rows) - 1)
    if doc_parts["awardees"]:
        paragraph(doc_parts["awardees_title"], bold=True, indent=False)
        grid = document.add_table(rows=1 + len(doc_parts["awardees"]), cols=5)
        grid.style = "Table Grid"
        for c, value in enumerate(doc_parts["awardee_header"]):
            grid.cell(0, c).text = value
        for r, awardee in enumerate(doc_parts["awardees"], start=1):
            for c, value in enumerate(
                [str(r), awardee["name"], awardee["unit"], awardee["title"], str(awardee["year"])]
            ):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_xlsx(report):
    """The annex tables, one sheet each, and the awardees; numbers as numbers (grouped by the format)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from unionsite.spreadsheets import write_row

    with translation.override("vi"):
        doc_parts = parts(report)
        tables = report.tables
        workbook = Workbook()
        workbook.remove(workbook.active)
        for index, table in enumerate(tables, start=1):
            sheet = workbook.create_sheet(_("Annex %(n)s") % {"n": index})
            write_row(sheet, [table.title], font=Font(bold=True))
            write_row(sheet, [doc_parts["issuer"], doc_parts["subtitle"]])
            if doc_parts["not_final"]:
                write_row(sheet, [doc_parts["not_final"]])
            write_row(sheet, table.header, font=Font(bold=True))
            for row in [*table.rows, *([table.total] if table.total else [])]:
                write_row(sheet, row)
            for line in sheet.iter_rows(min_row=1, max_row=sheet.max_row):
                for cell in line:
                    if isinstance(cell.value, int):
                        cell.number_format = "#,##0"
        if doc_parts["awardees"]:
            sheet = workbook.create_sheet(_("Annex %(n)s") % {"n": len(tables) + 1})
            write_row(sheet, [doc_parts["awardees_title"]], font=Font(bold=True))
            write_row(sheet, doc_parts["awardee_header"], font=Font(bold=True))
            for i, awardee in enumerate(doc_parts["awardees"], start=1):
                write_row(sheet, [i, awardee["name"], awardee["unit"], awardee["title"], awardee["year"]])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
