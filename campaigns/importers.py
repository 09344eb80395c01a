"""Title registrations entered in bulk: rows from the fast-entry grid or an .xlsx file.

Both sources become `RowInput`s and go through one validator, which reads everything it needs in
a fixed number of queries (members of the unit, titles, registrations already in the campaign),
so 200 rows cost the same as 2. Errors name the row and the column, in the user's language.
"""

import io
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.enums import Subject
from campaigns.models import TitleRegistration
from campaigns.titles import get_title_model
from unions.models import Member
from unionsite.shortcuts import parse_id
from unionsite.spreadsheets import (
    ImportProblem,
    RowError,
    cell_text,
    column_positions,
    normalise_header,
    open_workbook_for_import,
    parse_date_cell,
    write_row,
)
from unionsite.text import fold

# The columns of the grid and of the .xlsx file, in order: (key, heading). Headings in a file are
# matched ignoring case and diacritics, so "ho va ten" finds "Họ và tên".
COLUMNS = [
    ("full_name", gettext_lazy("Full name")),
    ("birth_date", gettext_lazy("Date of birth")),
    ("title", gettext_lazy("Title registered for")),
    ("collective", gettext_lazy("Collective")),
    ("note", gettext_lazy("Note")),
]
HEADINGS = dict(COLUMNS)
# Vietnamese headings are always understood, whatever the language of the page that made the file.
VIETNAMESE_HEADINGS = {
    "ho va ten": "full_name",
    "ngay sinh": "birth_date",
    "danh hieu dang ky": "title",
    "danh hieu": "title",
    "tap the": "collective",
    "ghi chu": "note",
}
MAX_TEXT = 255


@dataclass
class RowInput:
    row: int
    full_name: str = ""
    birth_date: object = None
    title: str = ""
    collective: str = ""
    note: str = ""
    member_id: str = ""

    def is_blank(self):
        return not any(
            str(v or "").strip()
            for v in (self.full_name, self.birth_date, self.title, self.collective, self.note, self.member_id)
        )


def validate_rows(registration, rows):
    """([unsaved TitleRegistration], [RowError]) for `rows` of `registration`. Blank rows are skipped."""
    unit = registration.unit
    rows = [r for r in rows if not r.is_blank()]
    members = list(Member.objects.filter(unit=unit).only("pk", "full_name", "name_search", "date_of_birth", "active"))
    by_id = {m.pk: m for m in members}
    by_name = {}
    for member in members:
        by_name.setdefault(member.name_search, []).append(member)
    titles = {}
    for title in get_title_model().objects.filter(active=True):
        titles[fold(title.name)] = title
        titles.setdefault(fold(title.code), title)
    taken = {}
    existing = TitleRegistration.objects.filter(
        Q(member__unit=unit) | Q(registration=registration, member__isnull=True),
        registration__campaign=registration.campaign,
    ).values_list("member_id", "collective_name", "title_id", "registration__unit__name")
    for member_id, collective, title_id, unit_name in existing:
        taken[(member_id or fold(collective), title_id)] = unit_name

    heading = {key: str(label) for key, label in COLUMNS}
    result, errors, seen = [], [], {}
    for row in rows:
        row_errors = []

        def error(column, message, row=row, row_errors=row_errors):
            row_errors.append(RowError(row.row, heading[column], message))

        name, collective, note = cell_text(row.full_name), cell_text(row.collective), cell_text(row.note)
        title = None
        title_text = cell_text(row.title)
        if not title_text:
            error("title", _("Enter the title registered for."))
        else:
            title = titles.get(fold(title_text))
            if title is None:
                error("title", _("There is no title “%(title)s”.") % {"title": title_text})
        try:
            birth_date = parse_date_cell(row.birth_date)
        except ValueError:
            birth_date = None
            error("birth_date", _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": cell_text(row.birth_date)})
        if len(collective) > MAX_TEXT:
            error("collective", _("At most %(n)d characters.") % {"n": MAX_TEXT})
        if len(note) > MAX_TEXT:
            error("note", _("At most %(n)d characters.") % {"n": MAX_TEXT})

        member = None
        member_id = cell_text(row.member_id)
        if name and collective:
            error("collective", _("Enter either a member or a collective on a row, not both."))
        elif not name and not collective and not member_id:
            error("full_name", _("Enter a member's name or a collective."))
        elif collective:
            if title and title.subject != Subject.COLLECTIVE:
                error("collective", _("“%(title)s” is a title for individuals.") % {"title": title})
        else:
            if title and title.subject == Subject.COLLECTIVE:
                error("full_name", _("“%(title)s” is a title for collectives.") % {"title": title})
            if member_id:
                member = by_id.get(parse_id(member_id))
                if member is None:
                    error("full_name", _("This member is not in %(unit)s.") % {"unit": unit})
            else:
                candidates = by_name.get(fold(name), [])
                if birth_date:
                    candidates = [m for m in candidates if m.date_of_birth == birth_date]
                if not candidates:
                    error(
                        "full_name",
                        _("%(unit)s has no member named “%(name)s”%(born)s.")
                        % {
                            "unit": unit,
                            "name": name,
                            "born": _(" born %(date)s") % {"date": birth_date.strftime("%d/%m/%Y")}
                            if birth_date
                            else "",
                        },
                    )
                elif len(candidates) > 1:
                    error(
                        "birth_date",
                        _("Several members are named “%(name)s”: enter the date of birth.") % {"name": name},
                    )
                else:
                    member = candidates[0]
            if member is not None and not member.active:
                error("full_name", _("%(name)s is no longer an active member.") % {"name": member.full_name})

        if title and (member or collective) and not row_errors:
            key = (member.pk if member else fold(collective), title.pk)
            who = member.full_name if member else collective
            if key in taken:
                error(
                    "title",
                    _("%(who)s is already registered for “%(title)s” in this campaign (%(unit)s).")
                    % {"who": who, "title": title, "unit": taken[key]},
                )
            elif key in seen:
                error(
                    "title",
                    _("Duplicate: row %(other)d already registers %(who)s for “%(title)s”.")
                    % {"other": seen[key], "who": who, "title": title},
                )
            else:
                seen[key] = row.row
        if row_errors:
            errors.extend(row_errors)
        else:
            result.append(
                TitleRegistration(
                    registration=registration,
                    title=title,
                    member=member,
                    collective_name="" if member else collective,
                    note=note,
                )
            )
    return result, errors


GRID_FIELDS = [key for key, _label in COLUMNS] + ["member_id"]


def rows_from_post(data):
    """Grid rows from a POST, numbered from 1: either one field `rows_json` (a list of objects keyed
    like the cells; the page's script sends this so that hundreds of rows stay under Django's limit
    on the number of fields) or, without the script, parallel lists named after the cells."""
    rows = []
    packed = data.get("rows_json")
    if packed:
        try:
            items = json.loads(packed)
        except ValueError:
            items = []
        if not isinstance(items, list):
            items = []
        for i, item in enumerate(items[: settings.IMPORT_MAX_ROWS + 1]):
            item = item if isinstance(item, dict) else {}
            rows.append(RowInput(row=i + 1, **{key: cell_text(item.get(key)) for key in GRID_FIELDS}))
    else:
        lists = {key: data.getlist(key) for key in GRID_FIELDS}
        count = max((len(v) for v in lists.values()), default=0)
        for i in range(min(count, settings.IMPORT_MAX_ROWS + 1)):
            values = {key: (values[i] if i < len(values) else "") for key, values in lists.items()}
            rows.append(RowInput(row=i + 1, **values))
    # Trailing blank rows are dropped; blank rows in between keep their place so row numbers stay right.
    while rows and rows[-1].is_blank():
        rows.pop()
    return rows


def rows_from_xlsx(upload):
    """RowInputs from an uploaded .xlsx (row numbers as in the spreadsheet); ImportProblem if the file
    cannot be used: see unionsite.spreadsheets.open_workbook_for_import, plus the headings."""
    sheet = open_workbook_for_import(upload, max_rows=settings.IMPORT_MAX_ROWS)
    labels = {normalise_header(label): key for key, label in COLUMNS} | VIETNAMESE_HEADINGS
    columns = column_positions(sheet.header, labels)
    missing = [str(HEADINGS[k]) for k in ("full_name", "title") if k not in columns]
    if missing:
        raise ImportProblem(
            [_("The first row must hold the column headings; missing: %(cols)s.") % {"cols": ", ".join(missing)}]
        )
    rows = [
        RowInput(row=number, **{k: values[i] if i < len(values) else None for k, i in columns.items()})
        for number, values in sheet.rows
    ]
    rows = [row for row in rows if not row.is_blank()]
    if not rows:
        raise ImportProblem([_("The file has no rows under the headings.")])
    return rows


def template_workbook(registration):
    """The .xlsx to fill in: the headings, plus sheets listing the titles and the unit's members."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registrations")[:31]
    write_row(sheet, [label for _key, label in COLUMNS], font=Font(bold=True))
    for letter, width in zip("ABCDE", (32, 14, 36, 32, 30), strict=True):
        sheet.column_dimensions[letter].width = width

    titles = workbook.create_sheet(_("Titles")[:31])
    write_row(titles, [_("Title"), _("For")])
    names = list(get_title_model().objects.filter(active=True).order_by("order", "name"))
    for title in names:
        write_row(titles, [title.name, title.get_subject_display()])
    if names:
        check = DataValidation(type="list", formula1=f"'{titles.title}'!$A$2:$A${len(names) + 1}", allow_blank=True)
        sheet.add_data_validation(check)
        check.add(f"C2:C{settings.IMPORT_MAX_ROWS + 1}")

    people = workbook.create_sheet(_("Members")[:31])
    write_row(people, [HEADINGS["full_name"], HEADINGS["birth_date"]])
    for name, born in (
        Member.objects.filter(unit=registration.unit, active=True)
        .order_by("name_search", "pk")
        .values_list("full_name", "date_of_birth")
    ):
        write_row(people, [name, born.strftime("%d/%m/%Y") if born else ""])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
