"""Member spreadsheets: the export of a filtered list and the empty import template.

One class yields the rows once; unionsite.spreadsheets.write_xlsx formats them (text that a
spreadsheet would run as a formula is written as plain text)."""

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from unions.columns import MEMBER_COLUMNS
from unions.enums import Gender
from unionsite.spreadsheets import write_xlsx


def export_max_rows():
    """Past this many rows people narrow their filters (the file would be too long to use)."""
    return getattr(settings, "EXPORT_MAX_ROWS", 200_000)


def export_sync_max_rows():
    """Up to this many rows the file is written during the request; longer lists go to a worker."""
    return getattr(settings, "EXPORT_SYNC_MAX_ROWS", 2_000)


def export_path(token, *, failed=False, ready=False):
    """Where the export of `token` is written (.xlsx), where a failure is marked (.failed), and the
    mark written once the file is whole (.ready): the waiting page hands over a file only then, so a
    worker killed while writing never hands out half a file."""
    return f"exports/members/{token}.{'failed' if failed else 'ready' if ready else 'xlsx'}"


def filtered_member_xlsx(user, params):
    """The member list `user` sees with the member list's filters `params` (a QueryDict or dict)."""
    from unions.forms import MemberFilterForm
    from unions.queries import filter_members, members_for_user

    form = MemberFilterForm(params or None, user=user)
    return member_list_xlsx(filter_members(members_for_user(user), **form.filters()))


class MemberExport:
    """The rows of a member list, header first."""

    def __init__(self, queryset):
        self.queryset = queryset.select_related("unit")

    def header(self):
        return [_("Union"), *[str(c.label) for c in MEMBER_COLUMNS], _("Active")]

    def rows(self):
        yield self.header()
        for member in self.queryset.iterator(chunk_size=2000):
            yield [
                member.unit.name,
                member.full_name,
                str(Gender(member.gender).label) if member.gender else "",
                _date(member.date_of_birth),
                member.trade,
                member.position,
                _("yes") if member.direct_production else _("no"),
                member.card_number or "",
                member.phone,
                _date(member.joined_on),
                _("yes") if member.active else _("no"),
            ]


def _date(value):
    return formats.date_format(value, "d/m/Y") if value else ""


def member_list_xlsx(queryset):
    widths = [34, *[c.width for c in MEMBER_COLUMNS], 10]
    return write_xlsx(MemberExport(queryset).rows(), sheet_title=_("Members"), widths=widths)


def import_template_xlsx():
    header = [str(c.label) for c in MEMBER_COLUMNS]
    notes = [
        _("Fill one member per row from row 2 of the first sheet; keep the header row as it is."),
        _("Required columns: full name, gender, date of birth."),
        _("Gender: Male or Female. Dates: dd/mm/yyyy (e.g. 08/03/1988) or a date cell."),
        _("Direct production: yes or no. Union card numbers must not repeat."),
        _("If any row has an error, nothing is imported: fix the rows listed and import the file again."),
    ]
    return write_xlsx([header], sheet_title=_("Members"), widths=[c.width for c in MEMBER_COLUMNS], notes=notes)
