"""Known vulnerabilities in the installed dependencies (the locked ones): `python scripts/audit.py`.

Runs pip-audit on the virtualenv it is started from and fails (exit 1) when any installed package has
a known vulnerability. When the vulnerability database cannot be reached (no network, or an index
that serves packages but not their advisories, so that no package could be checked) it says so and
does not fail: CI on a machine without the database still runs the tests. `make audit` runs it.
"""

import json
import subprocess  # nosec B404 # runs pip-audit with arguments fixed here
import sys
import tempfile
from pathlib import Path

# What a failed connection looks like in pip-audit's error output.
UNREACHABLE = ("ConnectionError", "NewConnectionError", "Max retries exceeded", "timed out", "Temporary failure")


def verdict(report):
    """(exit code, lines to print) for pip-audit's JSON report (a dict)."""
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    audited = [d for d in dependencies if "skip_reason" not in d]
    if vulnerable:
        lines = [
            f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v.get('fix_versions') or ['no release'])})"
            for d in vulnerable
            for v in d["vulns"]
        ]
        return 1, ["Known vulnerabilities in the dependencies:", *lines]
    if not audited:
        return 0, [
            f"WARNING: pip-audit could check none of the {len(dependencies)} packages: the vulnerability "
            "database cannot be reached from here. Audit skipped."
        ]
    return 0, [f"pip-audit: {len(audited)} packages checked, no known vulnerability."]


def main():
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--skip-editable", "--progress-spinner", "off"]
        command += ["--format", "json", "--output", str(output)]
        result = subprocess.run(command, capture_output=True, text=True)  # nosec B603 # our own command line
        if not output.exists() or not output.read_text().strip():
            if any(sign in result.stderr for sign in UNREACHABLE):
                print("WARNING: the vulnerability database cannot be reached. Audit skipped.")
                return 0
            print(result.stdout + result.stderr)
            return result.returncode or 1
        code, lines = verdict(json.loads(output.read_text()))
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
