"""Static checks of the project itself: dependencies pinned in requirements.lock and installed at those
versions, bandit clean on the product's code, and scripts/audit.py's reading of pip-audit's report."""

import importlib.metadata
import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _audit_script():
    spec = importlib.util.spec_from_file_location("audit_script", ROOT / "scripts" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _locked():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([A-Za-z0-9.+!-]+)", line)
        assert match, f"not a pin: {line!r}"
        name = canonicalize_name(match[1])
        assert name not in pins, f"{name} pinned twice"
        pins[name] = match[2]
    return pins


def test_every_requirement_of_pyproject_is_pinned_at_a_version_it_allows():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _locked()
    unmet = []
    for text in project["dependencies"] + project["optional-dependencies"]["dev"]:
        requirement = Requirement(text)
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None or not requirement.specifier.contains(pinned, prereleases=True):
            unmet.append((text, pinned))
    assert unmet == [], "run `make lock`"


def test_the_installed_packages_are_the_locked_ones():
    """`make test` installs requirements.lock: the suite runs on exactly those versions."""
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    differ = {
        name: (version, installed.get(name)) for name, version in _locked().items() if installed.get(name) != version
    }
    assert differ == {}, "run `make venv`"


def test_bandit_finds_nothing_in_the_products_code():
    """What `make lint` runs; a finding that is no risk carries `# nosec BXXX # why` where it stands."""
    makefile = (ROOT / "Makefile").read_text()
    apps = re.search(r"^APPS := (.+)$", makefile, re.MULTILINE)[1]
    targets = re.search(r"bandit .* --recursive (.+)$", makefile, re.MULTILINE)[1].replace("$(APPS)", apps).split()
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "--quiet", "--configfile", "pyproject.toml", "--recursive", *targets],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}]},
        {"name": "openpyxl", "version": "3.1.5", "vulns": []},
        {"name": "unionsite", "skip_reason": "distribution marked as editable"},
    ]
}
UNREACHABLE = {
    "dependencies": [
        {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited: django (5.2.0)"},
        {"name": "unionsite", "skip_reason": "distribution marked as editable"},
    ]
}


@pytest.mark.parametrize(
    ("report", "code", "first_line"),
    [
        (VULNERABLE, 1, "Known vulnerabilities in the dependencies:"),
        (UNREACHABLE, 0, "WARNING: pip-audit could check none of the 2 packages"),
        ({"dependencies": VULNERABLE["dependencies"][1:]}, 0, "pip-audit: 1 packages checked, no known vulnerability."),
    ],
)
def test_audit_fails_on_a_vulnerability_and_only_skips_when_nothing_could_be_checked(report, code, first_line):
    exit_code, lines = _audit_script().verdict(report)
    assert exit_code == code
    assert lines[0].startswith(first_line)
    if code:
        assert lines[1:] == ["django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)"]
