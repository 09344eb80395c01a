"""Diacritic- and case-insensitive matching for Vietnamese text, the same on PostgreSQL and SQLite.

Each searchable name is stored a second time in folded form ("Nguyễn Thị Kim Dung" →
"nguyen thi kim dung") and searched with an index on that column. Folding in Python keeps both
databases identical; on PostgreSQL a trigram index makes substring search fast at a million rows.
"""

import re
import unicodedata

from django.db.models import CharField, F, Func

_SPACES = re.compile(r"\s+")


def fold(text):
    """Lower case, no diacritics, đ → d, single spaces."""
    if not text:
        return ""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text):
    """ASCII words joined by hyphens, for file names: "112/QĐ-LĐLĐ" → "112-qd-ldld". Unlike Django's
    slugify, đ/Đ become d/D (Unicode does not decompose them) and "/" separates words."""
    return _NOT_SLUG.sub("-", fold(text)).strip("-")


class SearchOrder(Func):
    """ORDER BY a folded column *as bytes* (COLLATE "C" on PostgreSQL, BINARY on SQLite): an order no
    B-tree index on the column provides (they use the database's default collation).

    Used only when a search term filters the rows. Ordering by the plain column lets PostgreSQL walk
    the name index to satisfy ORDER BY … LIMIT and discard every row the term does not match (half a
    million rows for "nguyen thi lan"); with this order it runs the trigram index instead and sorts
    the few rows found. Folded text is ASCII, so the order people see is the same."""

    template = '%(expressions)s COLLATE "C"'
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="%(expressions)s COLLATE BINARY", **extra_context)


def search_order(column):
    return SearchOrder(F(column))
