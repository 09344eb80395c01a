"""The Vietnamese catalogues are complete and the compiled .mo files match them."""

import os
import shutil
import subprocess
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
    compiled = {e.msgid: e.msgstr for e in mo if not e.msgid_plural}
    expected = {e.msgid: e.msgstr for e in po.translated_entries() if not e.msgid_plural}
    assert compiled == expected, "run `make messages` to recompile the catalogue"


APPS_WITH_CATALOGUES = ["unions", "campaigns", "awards", "initiatives"]


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
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "unionsite.settings", "UNIONSITE_VAR_DIR": str(tmp_path / "var")}
    # -P: run from an app folder, the folder must not come first on sys.path (its rules.py would
    # shadow the django-rules package).
    base = [sys.executable, "-P", "-m", "django", "makemessages", "-l", "vi", "--no-obsolete", f"--pythonpath={copy}"]
    apps_ignored = [f"--ignore={app}" for app in APPS_WITH_CATALOGUES]
    subprocess.run([*base, "--ignore=.venv", *apps_ignored], cwd=copy, env=env, check=True, capture_output=True)
    problems = {}
    targets = [("locale", copy)] + [(f"{app}/locale", copy / app) for app in APPS_WITH_CATALOGUES]
    for rel, cwd in targets:
        if rel != "locale":
            if not (ROOT / rel).exists():
                continue
            subprocess.run(base, cwd=cwd, env=env, check=True, capture_output=True)
        fresh = _msgids(copy / rel / "vi/LC_MESSAGES/django.po")
        committed = _msgids(ROOT / rel / "vi/LC_MESSAGES/django.po")
        if fresh - committed:
            problems[rel] = sorted(fresh - committed)
    assert problems == {}, "run `make messages` and translate the new strings"
