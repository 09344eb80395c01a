"""The import contracts in pyproject.toml ([tool.importlinter]) hold: the apps depend one way
(unionsite <- unions <- campaigns <- awards <- initiatives <- scale), and inside an app models, queries and
domain import no views, forms or tasks. import-linter reads imports inside functions too, so a lazy
import that hides a cycle breaks a contract as surely as one at the top of a module."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["unionsite", "unions", "campaigns", "awards", "initiatives", "reports", "scale"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root):
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo"], cwd=root, capture_output=True, text=True, timeout=120
    )


def test_apps_keep_the_import_contracts():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_lazy_import_against_the_layers_breaks_the_contracts(tmp_path):
    """The contracts catch what they are for, on a copy of the tree with two bad imports added."""
    for name in PACKAGES:
        ignore = shutil.ignore_patterns("__pycache__", "locale", "templates", "static")
        shutil.copytree(ROOT / name, tmp_path / name, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    module = tmp_path / "campaigns" / "domain" / "core.py"
    bad = "def _lazy():\n    from awards.models import AwardTitle\n    from campaigns.tasks import deliver_reminder\n"
    module.write_text(module.read_text() + "\n\n" + bad)
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 0 kept, 2 broken." in result.stdout
    assert "campaigns is not allowed to import awards" in result.stdout
    assert "campaigns.domain.core -> awards.models" in result.stdout
    assert "campaigns.domain is not allowed to import campaigns.tasks" in result.stdout
