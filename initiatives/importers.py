"""Importing initiatives of one grassroots union from an .xlsx file: one row per initiative, every row
checked before anything is saved, problems named by row and column, and either every row is saved
(each through initiatives.domain.save_initiative, in one transaction) or none is.

Authors are written "Full name (card number) 60%; Full name 40%": an author is found by their union
card number, or by their name among the active members of the union's district when one member
bears it. The share may be left out for a single author (100 %)."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from initiatives import domain
from initiatives.domain.dossier import dossier_problems
from initiatives.enums import AuthorCategory
from initiatives.models import Initiative, InitiativeField, Programme
from unions.enums import UnitKind
from unions.models import PATH_SEGMENT, Member
from unionsite.errors import DomainError
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require
from unionsite.spreadsheets import (
    ImportProblem,
    RowError,
    cell_text,
    column_positions,
    normalise_header,
    open_workbook_for_import,
    parse_date_cell,
)
from unionsite.text import fold


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    required: bool
    width: int


# The columns of the file, in the template's order. Headings are matched ignoring case and
# diacritics, in Vietnamese or English, and the short names below are understood too.
COLUMNS = [
    Column("title", gettext_lazy("Name of the initiative"), True, 40),
    Column("field", pgettext_lazy("initiative", "Field"), True, 24),
    Column("year", gettext_lazy("Year"), True, 8),
    Column("problem", gettext_lazy("The problem and how it was done before"), True, 40),
    Column("solution", gettext_lazy("The solution"), True, 50),
    Column("novelty", gettext_lazy("What is new compared with what was done before"), True, 40),
    Column("first_applied_on", gettext_lazy("First applied on (dd/mm/yyyy)"), False, 16),
    Column("applied_where", gettext_lazy("Applied at"), False, 30),
    Column("value_per_year", gettext_lazy("Money saved or earned per year (đồng)"), False, 22),
    Column("social_value", gettext_lazy("Social value"), False, 30),
    Column("authors", gettext_lazy("Authors: full name (card number) share %; …"), True, 50),
    Column("programmes", gettext_lazy("Programmes (separated by ;)"), False, 30),
]
BY_KEY = {c.key: c for c in COLUMNS}
SHORT_HEADINGS = {
    "ten sang kien": "title",
    "linh vuc": "field",
    "nam": "year",
    "tac gia": "authors",
    "chuong trinh": "programmes",
    "ngay ap dung": "first_applied_on",
    "ngay ap dung lan dau": "first_applied_on",
    "noi ap dung": "applied_where",
    "gia tri lam loi": "value_per_year",
    "gia tri lam loi (dong)": "value_per_year",
    "gia tri xa hoi": "social_value",
    "tinh moi": "novelty",
    "giai phap": "solution",
    "thuc trang": "problem",
}
# Which column a problem the domain finds with a dossier field belongs to.
FIELD_COLUMNS = {
    "authors": "authors",
    "value_per_year": "value_per_year",
    "social_value": "social_value",
    "first_applied_on": "first_applied_on",
    "title": "title",
    "year": "year",
    "field": "field",
}
MAX_TEXT = {"title": 300, "applied_where": 300}
FIRST_YEAR = 2000
# Past any initiative's value (a thousand trillion đồng), far inside a 64-bit integer column.
MONEY_DIGITS = 15
LIST_SEPARATORS = re.compile(r"[;\n]+")
# A share ends the piece: "60%", "60 %", "33,5%", or a number after a space ("Trần Bình 40"); the
# digits that end a card number ("HD-XD-0002") are not a share.
SHARE_AT_END = re.compile(r"(?:(\d{1,3}(?:[.,]\d{1,2})?)\s*%|(?:^|\s)(\d{1,3}(?:[.,]\d{1,2})?))\s*$")
CARD_AT_END = re.compile(r"\(([^()]*)\)\s*$")


def parse_money(text):
    """Whole đồng from a cell's text: "1.250.000.000", "1 250 000 000 đ", "1250000000". None when
    empty; ValueError for anything else (a fraction, a sign, too many digits)."""
    digits = "".join(str(text).split()).replace(".", "").replace(",", "").removesuffix("đồng").removesuffix("đ")
    if not digits:
        return None
    if not digits.isascii() or not digits.isdigit() or len(digits) > MONEY_DIGITS:
        raise ValueError(text)
    return int(digits)


def headings():
    """{normalised heading: column key} in both languages, plus the short names."""
    found = dict(SHORT_HEADINGS)
    for language in ("en", "vi"):
        with translation.override(language):
            found.update({normalise_header(str(c.label)): c.key for c in COLUMNS})
    return found


@dataclass
class ParsedRow:
    number: int
    initiative: Initiative
    authors: list
    programmes: list


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    created: list = field(default_factory=list)
    checked: list = field(default_factory=list)  # [ParsedRow] read by a check that saves nothing

    @property
    def ok(self):
        return not self.errors


def district_path(unit):
    """The path of the district (city and upper-level union) a grassroots union belongs to."""
    return unit.path[: 2 * (PATH_SEGMENT + 1)]


class _Lookups:
    """Everything the rows are checked against, read once for the whole file."""

    def __init__(self, unit, rows):
        self.fields = {}
        for item in InitiativeField.objects.filter(active=True):
            self.fields[fold(item.name)] = item
            self.fields.setdefault(fold(item.code), item)
        self.programmes = {}
        for item in Programme.objects.filter(active=True):
            self.programmes[fold(item.name)] = item
            self.programmes.setdefault(fold(item.code), item)
        self.district = district_path(unit)
        cards, names = set(), set()
        for parts in rows:
            for name, card, _share in parts:
                if card:
                    cards.add(card)
                elif name:
                    names.add(fold(name))
        members = Member.objects.filter(unit__path__startswith=self.district, active=True).select_related("unit")
        self.by_card = {m.card_number: m for m in members.filter(card_number__in=cards)}
        self.by_name = {}
        for member in members.filter(name_search__in=names).order_by("pk"):
            self.by_name.setdefault(member.name_search, []).append(member)


def split_authors(text):
    """[(name, card, share text)] of an authors cell: "Lê Văn An (HD-0012) 60%; Trần Bình 40%"."""
    parts = []
    for piece in LIST_SEPARATORS.split(text):
        piece = piece.strip().rstrip(",")
        if not piece:
            continue
        share = ""
        found = SHARE_AT_END.search(piece)
        if found:
            share, piece = found.group(1) or found.group(2), piece[: found.start()].strip()
        card = ""
        found = CARD_AT_END.search(piece)
        if found:
            card, piece = found.group(1).strip(), piece[: found.start()].strip()
        elif any(ch.isdigit() for ch in piece):  # no name has digits: a card number written alone
            card, piece = piece, ""
        parts.append((" ".join(piece.split()), card, share))
    return parts


class _RowReader:
    def __init__(self, number, cells, unit, lookups, result):
        self.number, self.cells, self.unit, self.lookups, self.result = number, cells, unit, lookups, result
        self.failed = False

    def error(self, key, message):
        self.failed = True
        self.result.errors.append(RowError(self.number, str(BY_KEY[key].label) if key else None, message))

    def text(self, key):
        value = cell_text(self.cells.get(key))
        if len(value) > MAX_TEXT.get(key, 10_000):
            self.error(key, _("at most %(n)s characters.") % {"n": MAX_TEXT.get(key, 10_000)})
        return value

    def read(self):
        for column in COLUMNS:
            if column.required and cell_text(self.cells.get(column.key)) == "":
                self.error(column.key, _("this column is required."))
        initiative = Initiative(
            unit=self.unit,
            title=self.text("title"),
            problem=self.text("problem"),
            solution=self.text("solution"),
            novelty=self.text("novelty"),
            applied_where=self.text("applied_where"),
            social_value=self.text("social_value"),
        )
        initiative.field = self.field()
        initiative.year = self.year()
        initiative.first_applied_on = self.date()
        initiative.value_per_year = self.value()
        authors = self.authors()
        programmes = self.programmes()
        if not self.failed:
            for name, messages in dossier_problems(initiative, authors).items():
                for message in messages:
                    self.error(FIELD_COLUMNS.get(name), str(message))
        return ParsedRow(self.number, initiative, authors, programmes)

    def field(self):
        text = cell_text(self.cells.get("field"))
        if not text:
            return None
        found = self.lookups.fields.get(fold(text))
        if found is None:
            names = "; ".join(dict.fromkeys(f.name for f in self.lookups.fields.values()))
            self.error(
                "field", _("there is no field “%(value)s”; write one of: %(names)s.") % {"value": text, "names": names}
            )
        return found

    def year(self):
        value = self.cells.get("year")
        text = cell_text(value)
        if not text:
            return None
        this_year = timezone.localdate().year
        if not (text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= this_year):
            self.error(
                "year",
                _("“%(value)s” is not a year from %(first)s to %(last)s.")
                % {"value": text, "first": FIRST_YEAR, "last": this_year},
            )
            return None
        return int(text)

    def date(self):
        try:
            found = parse_date_cell(self.cells.get("first_applied_on"))
        except ValueError as exc:
            self.error("first_applied_on", _("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": exc.args[0]})
            return None
        if found and found < datetime.date(1950, 1, 1):
            self.error(
                "first_applied_on", _("the date %(value)s is not possible.") % {"value": found.strftime("%d/%m/%Y")}
            )
            return None
        return found

    def value(self):
        value = self.cells.get("value_per_year")
        if isinstance(value, bool):
            value = cell_text(value)
        if isinstance(value, int | float):
            if value < 0 or value != int(value) or len(str(int(value))) > MONEY_DIGITS:
                self.error("value_per_year", _("write the value in whole đồng, e.g. 1.250.000.000."))
                return None
            return int(value)
        try:
            return parse_money(cell_text(value))
        except ValueError:
            self.error(
                "value_per_year",
                _("“%(value)s” is not an amount: write whole đồng, e.g. 1.250.000.000.") % {"value": cell_text(value)},
            )
            return None

    def authors(self):
        parts = split_authors(cell_text(self.cells.get("authors")))
        authors = []
        for name, card, share_text in parts:
            member = self.member(name, card)
            if len(parts) == 1 and not share_text:
                share = Decimal(100)
            elif not share_text:
                self.error("authors", _("give %(name)s's contribution, e.g. 60%%.") % {"name": name or card})
                continue
            else:
                try:
                    share = Decimal(share_text.replace(",", "."))
                except InvalidOperation:
                    share = None
            if member is not None and share is not None:
                authors.append((member, share, AuthorCategory.DIRECT_WORKER))
        return authors

    def member(self, name, card):
        if card:
            member = self.lookups.by_card.get(card)
            if member is None:
                self.error(
                    "authors",
                    _("no active member of the district has the card number %(card)s.") % {"card": card},
                )
            elif name and fold(name) != member.name_search:
                self.error(
                    "authors",
                    _("the card number %(card)s is %(member)s's, not %(name)s's.")
                    % {"card": card, "member": member.full_name, "name": name},
                )
                return None
            return member
        if not name:
            self.error("authors", _("an author has neither a name nor a card number."))
            return None
        found = self.lookups.by_name.get(fold(name), [])
        if not found:
            self.error("authors", _("no active member of the district is named %(name)s.") % {"name": name})
            return None
        if len(found) > 1:
            self.error(
                "authors",
                _("%(count)s members of the district are named %(name)s (%(units)s): write the card number.")
                % {"count": len(found), "name": name, "units": "; ".join(m.unit.name for m in found)},
            )
            return None
        return found[0]

    def programmes(self):
        found = []
        for piece in LIST_SEPARATORS.split(cell_text(self.cells.get("programmes"))):
            piece = piece.strip()
            if not piece:
                continue
            programme = self.lookups.programmes.get(fold(piece))
            if programme is None:
                names = "; ".join(dict.fromkeys(p.name for p in self.lookups.programmes.values()))
                self.error(
                    "programmes",
                    _("there is no programme “%(value)s”; write one of: %(names)s.") % {"value": piece, "names": names},
                )
            elif programme not in found:
                found.append(programme)
        return found


def read_sheet(upload):
    """[(row number, {key: cell})] of the file; ImportProblem when the file or its headings cannot be used."""
    sheet = open_workbook_for_import(upload, max_rows=settings.IMPORT_MAX_ROWS)
    positions = column_positions(sheet.header, headings())
    missing = [str(c.label) for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        raise ImportProblem(
            [
                _(
                    "The first row of the first sheet must hold the template's column headings; missing: %(cols)s. "
                    "Download the template file."
                )
                % {"cols": "; ".join(missing)}
            ]
        )
    rows = []
    for number, values in sheet.rows:
        cells = {key: values[index] if index < len(values) else None for key, index in positions.items()}
        if any(cell_text(v) for v in cells.values()):
            rows.append((number, cells))
    if not rows:
        raise ImportProblem([_("The file has no initiative rows under the headings.")])
    return rows


def import_initiatives(upload, unit, *, by, check_only=False):
    """Read, check and (only when every row is right) save the initiatives of `upload` for `unit`;
    `check_only`: read and check, save nothing (the rows read are in result.checked).

    Needs initiatives.add_initiative and the right to file for the union. Side effects when there is no
    error: one draft dossier per row through initiatives.domain.save_initiative (its history row and
    authors), all in one transaction, and one history row on the union naming the file."""
    require(by, "initiatives.add_initiative")
    require(by, "initiatives.submit_initiative", unit)
    result = ImportResult()
    if unit.kind != UnitKind.GRASSROOTS or not unit.active:
        result.errors.append(RowError(None, None, _("Initiatives are imported for an active grassroots union.")))
        return result
    try:
        rows = read_sheet(upload)
    except ImportProblem as problem:
        result.errors.extend(RowError(None, None, message) for message in problem.messages)
        return result
    lookups = _Lookups(unit, [split_authors(cell_text(cells.get("authors"))) for _n, cells in rows])
    parsed = [_RowReader(number, cells, unit, lookups, result).read() for number, cells in rows]
    _warn_about_repeats(parsed, unit, result)
    if result.errors:
        return result
    if check_only:
        result.checked = parsed
        return result
    try:
        with transaction.atomic():
            for row in parsed:
                try:
                    domain.save_initiative(row.initiative, row.authors, by=by, programmes=row.programmes)
                except DomainError as error:
                    problems = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
                    for name, messages in problems:
                        column = FIELD_COLUMNS.get(name)
                        label = str(BY_KEY[column].label) if column else None
                        result.errors.extend(RowError(row.number, label, message) for message in messages)
                except PermissionDenied:
                    result.errors.append(RowError(row.number, None, _("You may not file initiatives for this union.")))
            if result.errors:
                raise _RolledBack
            record_change(
                unit,
                by=by,
                action=ChangeRecord.Action.IMPORT,
                changes={"initiatives": [None, len(parsed)]},
                note=_("Imported from %(file)s") % {"file": upload.name},
            )
    except _RolledBack:
        return result
    result.created = [row.initiative for row in parsed]
    return result


class _RolledBack(Exception):
    """Leaves the import's transaction so that nothing of it is kept."""


def _warn_about_repeats(parsed, unit, result):
    """Warnings (the import still goes ahead): the same name twice in the file, or already recorded
    for the union in the same year."""
    first = {}
    for row in parsed:
        key = (fold(row.initiative.title), row.initiative.year)
        if key in first:
            result.warnings.append(
                RowError(
                    row.number,
                    str(BY_KEY["title"].label),
                    _("the same name is also on row %(other)s.") % {"other": first[key]},
                )
            )
        else:
            first[key] = row.number
    titles = {key[0] for key in first}
    recorded = set(Initiative.objects.filter(unit=unit, title_search__in=titles).values_list("title_search", "year"))
    for row in parsed:
        key = (fold(row.initiative.title), row.initiative.year)
        if key in recorded:
            result.warnings.append(
                RowError(
                    row.number,
                    str(BY_KEY["title"].label),
                    _("%(union)s already has an initiative of this name in %(year)s.")
                    % {"union": unit.name, "year": row.initiative.year},
                )
            )
