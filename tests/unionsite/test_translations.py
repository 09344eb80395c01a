"""The Vietnamese catalogues are complete and the compiled .mo files match them."""

import shutil
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po") if ".venv" not in p.parts and "var" not in p.parts
)


def test_project_has_vietnamese_catalogue():
    assert ROOT / "locale/vi/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo if not e.msgid_plural}
    expected = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries() if not e.msgid_plural}
    assert compiled == expected, "run `make messages` to recompile the catalogue"


def _msgids(po_path):
    return {e.msgid for e in polib.pofile(str(po_path)) if not e.obsolete}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_every_marked_string_is_in_a_catalogue(tmp_path):
    """Re-extracts the strings in a copy of the tree: a string marked in code but missing from the
    committed catalogue means someone forgot `make messages`."""
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".venv", "var", "static", "staticfiles", "tests", "benchmarks", "*.mo", "__pycache__"
    )
    shutil.copytree(ROOT, copy, ignore=ignore, symlinks=True)
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from messages import extract
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    extract(copy, env={"UNIONSITE_VAR_DIR": str(tmp_path / "var")})
    problems = {}
    for po_path in CATALOGUES:
        rel = po_path.relative_to(ROOT)
        fresh = _msgids(copy / rel)
        missing = fresh - _msgids(po_path)
        if missing:
            problems[str(rel)] = sorted(missing)
    assert problems == {}, "run `make messages` and translate the new strings"


def test_a_string_means_the_same_in_every_catalogue():
    """Django merges all catalogues into one table, so a msgid translated two ways shows one of them
    everywhere: ambiguous words need a context (pgettext), not a second translation."""
    seen = {}
    clashes = []
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or entry.msgid_plural:
                continue
            key = (entry.msgctxt, entry.msgid)
            if key in seen and seen[key][1] != entry.msgstr:
                clashes.append((key, seen[key], (po_path.parent.parent.parent.parent.name, entry.msgstr)))
            seen.setdefault(key, (po_path.parent.parent.parent.parent.name, entry.msgstr))
    assert clashes == []
