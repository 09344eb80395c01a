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
