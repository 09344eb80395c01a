"""Diacritic- and case-insensitive matching for Vietnamese text, the same on PostgreSQL and SQLite.

Each searchable name is stored a second time in folded form ("Nguyễn Thị Kim Dung" →
"nguyen thi kim dung") and searched with an index on that column. Folding in Python keeps both
databases identical; on PostgreSQL a trigram index makes substring search fast at a million rows.
"""

import re
import unicodedata

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
