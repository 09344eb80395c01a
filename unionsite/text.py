"""Diacritic- and case-insensitive matching for Vietnamese text, the same on PostgreSQL and SQLite.

Each searchable name is stored a second time in folded form ("Nguyễn Thị Kim Dung" →
"nguyen thi kim dung") and searched with an index on that column. Folding in Python keeps both
databases identical; on PostgreSQL a trigram index makes substring search fast at a million rows.
"""

import re
import time
import unicodedata
from dataclasses import dataclass

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


@dataclass(frozen=True)
class WordStats:
    """What ANALYZE keeps of a words index (pg_stats of its to_tsvector expression): the share of rows
    holding each of the most common words, the least share it kept, and the table's row count."""

    shares: dict
    least: float
    rows: float

    def share(self, text):
        """The share of rows expected to hold every word of `text` as a whole word, the last as the
        beginning of one (as words_q matches), counting the words as independent. A word too rare to be
        kept counts half the least share kept; a beginning counts every kept word it begins."""
        words = _WORD.findall(fold(text))
        if not words:
            return 0.0
        *whole, last = words
        unseen = self.least / 2
        share = 1.0
        for word in whole:
            share *= self.shares.get(word, unseen)
        begun = sum(value for word, value in self.shares.items() if word.startswith(last))
        return share * min(1.0, begun or unseen)

    def expected(self, text):
        """How many rows `text` is expected to find."""
        return self.share(text) * self.rows


_STATS = {}  # (database, index) → (read at, WordStats)
STATS_SECONDS = 600


def word_stats(index, table, using="default"):
    """The WordStats of a words index (`index`, on `table`) as ANALYZE last left them, read at most
    every ten minutes per process; None where there are none (SQLite, or a table never analysed)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    key = (connection.settings_dict["NAME"], index)
    cached = _STATS.get(key)
    if cached and time.monotonic() - cached[0] < STATS_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s",
            [index],
        )
        found = cursor.fetchone()
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        rows = cursor.fetchone()[0]
    stats = None
    if found and found[0] and found[1] and rows and rows > 0:
        words, shares = found
        # The shares of the words, then the least and the greatest of them (PostgreSQL's ts_typanalyze).
        stats = WordStats(dict(zip(words, shares[: len(words)], strict=True)), float(shares[len(words)]), float(rows))
    _STATS[key] = (time.monotonic(), stats)
    return stats
