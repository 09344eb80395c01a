"""Diacritic- and case-insensitive matching for Vietnamese text, the same on PostgreSQL and SQLite.

Each searchable name is stored a second time in folded form ("Nguyễn Thị Kim Dung" →
"nguyen thi kim dung") and searched with an index on that column. Folding in Python keeps both
databases identical; on PostgreSQL a trigram index makes substring search fast at a million rows.
"""

import re
import unicodedata

from django.db.models import BooleanField, CharField, F, Func, Q

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


_WORD = re.compile(r"[a-z0-9]+")


class WordsMatch(Func):
    """PostgreSQL: the folded column's words (`to_tsvector('simple', …)`, served by a GIN index of
    that expression) match every word of the query, each as a prefix. The index's posting lists are
    intersected from the rarest word, so "nguyen thi lan" reads the few thousand rows holding "lan"
    instead of the trigram lists of "ngu", "guy", … that 40 % of the city shares."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s) @@ to_tsquery('simple', %(query)s)"
    output_field = BooleanField()
    conditional = True

    def __init__(self, column, query):
        super().__init__(F(column))
        self.query = query

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, query="%s", **extra_context)
        return sql, (*params, self.query)


def words_q(column, text, vendor):
    """Rows whose folded `column` holds every word of `text` as a whole word, but the last, which may be
    the beginning of a word (what is still being typed): "thi lan" finds "Nguyễn Thị Lan" and "Trần Thị
    Lan Anh", the words in any order, never "Khoa" for "hoa". The same rule on both databases: the GIN
    words index on PostgreSQL (whole words are single posting lists: cheaper than prefixes), LIKE per
    word elsewhere."""
    words = _WORD.findall(fold(text))
    if not words:
        return Q(pk__in=[])
    *whole, last = words
    if vendor == "postgresql":
        return Q(WordsMatch(column, " & ".join([*whole, f"{last}:*"])))
    q = Q(**{f"{column}__startswith": last}) | Q(**{f"{column}__contains": " " + last})
    for word in whole:
        q &= (
            Q(**{column: word})
            | Q(**{f"{column}__startswith": word + " "})
            | Q(**{f"{column}__contains": f" {word} "})
            | Q(**{f"{column}__endswith": " " + word})
        )
    return q
