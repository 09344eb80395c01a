"""Importing members from an .xlsx file: every row is checked, errors are named by row and column,
and either every row is saved or none is."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unions.columns import MEMBER_COLUMNS
from unions.enums import Gender, UnitKind
from unions.models import PATH_SEGMENT, Member, count_active_members
from unionsite.errors import integrity_error
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require
from unionsite.spreadsheets import (
    ImportProblem,
    RowError,
    cell_text,
    normalise_header,
    open_workbook_for_import,
    parse_date_cell,
)
from unionsite.text import fold

GENDERS = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
}
YES = {"co", "x", "1", "yes", "y", "true", "c"}
NO = {"", "khong", "0", "no", "n", "false", "k"}


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    created: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def expected_headers():
    """The header row in Vietnamese and in English (a template downloaded in either language works)."""
    headers = []
    for language in ("vi", "en"):
        with translation.override(language):
            headers.append([normalise_header(c.label) for c in MEMBER_COLUMNS])
    return headers


def _read_rows(upload, result):
    """The sheet's non-empty rows as (row number, values), or None after a file-level error."""
    try:
        sheet = open_workbook_for_import(upload, max_rows=settings.IMPORT_MAX_ROWS)
    except ImportProblem as problem:
        result.errors.extend(RowError(None, None, message) for message in problem.messages)
        return None
    folded = [normalise_header(v) for v in sheet.header[: len(MEMBER_COLUMNS)]]
    if folded not in expected_headers():
        result.errors.append(
            RowError(
                None, None, _("The first row must hold the template's column headers. Download the template file.")
            )
        )
        return None
    if not sheet.rows:
        result.errors.append(RowError(None, None, _("The file has no member rows.")))
        return None
    return sheet.rows


def _parse_row(number, values, result):
    """One row → dict of member fields; problems go to result.errors."""
    values = [*values, *[None] * len(MEMBER_COLUMNS)][: len(MEMBER_COLUMNS)]
    cells = {c.field: v for c, v in zip(MEMBER_COLUMNS, values, strict=True)}
    labels = {c.field: str(c.label) for c in MEMBER_COLUMNS}
    fields = {}

    def error(name, message):
        result.errors.append(RowError(number, labels[name], message))

    for column in MEMBER_COLUMNS:
        if column.required and cell_text(cells[column.field]) == "":
            error(column.field, _("this column is required."))
    fields["full_name"] = cell_text(cells["full_name"])
    if len(fields["full_name"]) > 150:
        error("full_name", _("at most 150 characters."))
    gender = cell_text(cells["gender"])
    if gender:
        fields["gender"] = GENDERS.get(fold(gender))
        if fields["gender"] is None:
            error("gender", _("“%(value)s” is not a gender: write Male or Female.") % {"value": gender})
    today = timezone.localdate()
    for name in ("date_of_birth", "joined_on"):
        try:
            fields[name] = parse_date_cell(cells[name])
        except ValueError as exc:
            error(name, _("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": exc.args[0]})
            fields[name] = None
            continue
        if fields[name] and not (datetime.date(1900, 1, 1) <= fields[name] <= today):
            error(name, _("the date %(value)s is not possible.") % {"value": fields[name].strftime("%d/%m/%Y")})
    for name, limit in (("trade", 150), ("position", 150), ("card_number", 30), ("phone", 20)):
        fields[name] = cell_text(cells[name])
        if len(fields[name]) > limit:
            error(name, _("at most %(n)s characters.") % {"n": limit})
    production = fold(cell_text(cells["direct_production"]))
    if production in YES:
        fields["direct_production"] = True
    elif production in NO:
        fields["direct_production"] = False
    else:
        error("direct_production", _("write yes or no."))
    return fields


def import_members(upload, unit, *, by):
    """Read, check and (only when every row is right) save the members of `upload` into `unit`.

    Needs unions.change_member on the unit. Side effects when there is no error: the members are
    created in one transaction with possible duplicates flagged, one history row per member
    (action import) and one on the unit."""
    require(by, "unions.change_member", unit)
    result = ImportResult()
    if unit.kind != UnitKind.GRASSROOTS or not unit.active:
        result.errors.append(RowError(None, None, _("Members can only be imported into an active grassroots union.")))
        return result
    rows = _read_rows(upload, result)
    if rows is None:
        return result
    parsed = [(number, _parse_row(number, values, result)) for number, values in rows]
    card_label = str(MEMBER_COLUMNS[6].label)

    # Card numbers: unique in the file and in the database.
    seen_cards = {}
    for number, fields in parsed:
        card = fields.get("card_number")
        if not card:
            continue
        if card in seen_cards:
            result.errors.append(
                RowError(
                    number,
                    card_label,
                    _("card number %(card)s is already on row %(other)s.") % {"card": card, "other": seen_cards[card]},
                )
            )
        else:
            seen_cards[card] = number
    taken = set(Member.objects.filter(card_number__in=list(seen_cards)).values_list("card_number", flat=True))
    for card in sorted(taken):
        result.errors.append(
            RowError(
                seen_cards[card], card_label, _("card number %(card)s belongs to another member.") % {"card": card}
            )
        )
    if result.errors:
        result.errors.sort(key=lambda e: e.row or 0)
        return result

    # Likely duplicates (same folded name and birth date): within the file, and under the same upper union.
    upper_path = unit.path[: -(PATH_SEGMENT + 1)] if unit.parent_id else unit.path
    names = {fold(f["full_name"]) for _n, f in parsed}
    births = {f["date_of_birth"] for _n, f in parsed}
    existing = {}
    for member in (
        Member.objects.filter(unit__path__startswith=upper_path, name_search__in=names, date_of_birth__in=births)
        .select_related("unit")
        .order_by("-pk")
    ):
        existing[(member.name_search, member.date_of_birth)] = member
    first_in_file = {}
    members, file_duplicates = [], []
    for number, fields in parsed:
        key = (fold(fields["full_name"]), fields["date_of_birth"])
        member = Member(unit=unit, name_search=key[0], **fields)
        member.card_number = member.card_number or None
        if key in existing:
            member.possible_duplicate_of = existing[key]
            result.warnings.append(
                RowError(
                    number,
                    None,
                    _("%(name)s may already be recorded (%(unit)s).")
                    % {"name": member.full_name, "unit": existing[key].unit},
                )
            )
        elif key in first_in_file:
            file_duplicates.append((member, first_in_file[key][1]))
            result.warnings.append(
                RowError(
                    number,
                    None,
                    _("%(name)s is also on row %(other)s.")
                    % {"name": member.full_name, "other": first_in_file[key][0]},
                )
            )
        else:
            first_in_file[key] = (number, member)
        members.append(member)

    try:
        _save_import(members, file_duplicates, unit, upload, by)
    except IntegrityError as error:
        # A card number saved by someone else since the check above: nothing of the file is saved.
        result.errors.append(RowError(None, None, str(integrity_error(error))))
        return result
    result.created = members
    return result


def _save_import(members, file_duplicates, unit, upload, by):
    with transaction.atomic():
        Member.objects.bulk_create(members, batch_size=1000)
        # bulk_create skips Member.save(): the union's kept count is raised here, in the same transaction.
        count_active_members({unit.pk: sum(1 for m in members if m.active)})
        for member, first in file_duplicates:
            member.possible_duplicate_of = first
        if file_duplicates:
            Member.objects.bulk_update([m for m, _f in file_duplicates], ["possible_duplicate_of"])
        member_type = ContentType.objects.get_for_model(Member)
        note = _("Imported from %(file)s") % {"file": upload.name}
        ChangeRecord.objects.bulk_create(
            [
                ChangeRecord(
                    content_type=member_type,
                    object_id=m.pk,
                    actor=by,
                    action=ChangeRecord.Action.IMPORT,
                    changes={"full_name": [None, m.full_name]},
                    note=note,
                )
                for m in members
            ],
            batch_size=1000,
        )
        record_change(
            unit, by=by, action=ChangeRecord.Action.IMPORT, changes={"members": [None, len(members)]}, note=note
        )
