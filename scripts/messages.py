"""Extract the translatable strings of the whole tree into the Vietnamese catalogues.

Two passes because makemessages assigns a file to the first locale folder whose parent is a string
prefix of the file's folder: `unions/locale` would swallow `unionsite/`'s strings. So the project
catalogue (unionsite/, templates/) and every other app's are made with unions/ left out, and the
unions catalogue in a second pass that looks at unions/ only.

    python scripts/messages.py [ROOT]      # then: django-admin compilemessages
"""

import os
import subprocess  # nosec B404 # runs Django's makemessages with arguments fixed here
import sys
from pathlib import Path

ALWAYS_IGNORED = [".venv", "var", "static", "staticfiles", "tests", "benchmarks", "scripts", "node_modules"]
APPS = ["unions", "campaigns", "awards", "initiatives", "reports"]


def extract(root, env=None):
    root = Path(root)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "unionsite.settings", **(env or {})}
    base = [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-obsolete", f"--pythonpath={root}"]
    base += [f"--ignore={name}" for name in ALWAYS_IGNORED]
    if not (root / "unions" / "locale").is_dir():
        subprocess.run(base, cwd=root, env=env, check=True, capture_output=True)  # nosec B603 # our own command line
        return
    subprocess.run([*base, "--ignore=unions"], cwd=root, env=env, check=True, capture_output=True)  # nosec B603 # same
    # "templates/?*" (not "templates") so that unions/templates is still read.
    others = [name for name in ["unionsite", "templates/?*", *APPS] if name != "unions"]
    subprocess.run(  # nosec B603 # the same command line, other folders left out
        [*base, *(f"--ignore={name}" for name in others)], cwd=root, env=env, check=True, capture_output=True
    )


if __name__ == "__main__":
    extract(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
