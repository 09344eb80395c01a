"""The Vietnamese catalogues are complete and the compiled .mo files match them."""

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
    compiled = {e.msgid: e.msgstr for e in mo if not e.msgid_plural}
    expected = {e.msgid: e.msgstr for e in po.translated_entries() if not e.msgid_plural}
    assert compiled == expected, "run `make messages` to recompile the catalogue"
