"""deploy/: the limits of nginx, gunicorn and the application agree, and each unit starts what it names."""

import re
import runpy
from pathlib import Path

from django.conf import settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _nginx():
    return (DEPLOY / "nginx" / "unionsite.conf").read_text()


def test_nginx_takes_the_largest_upload_with_room_for_the_form():
    size = re.search(r"client_max_body_size (\d+)m;", _nginx()).group(1)
    assert int(size) * 1024 * 1024 > settings.UPLOAD_MAX_BYTES


def test_nginx_waits_longer_than_gunicorn_so_the_app_answers_first():
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    reads = {int(t) for t in re.findall(r"proxy_read_timeout (\d+)s;", _nginx())}
    assert reads
    assert min(reads) > config["timeout"]


def test_nginx_serves_collected_static_files_and_never_the_media_folder():
    text = _nginx()
    assert re.search(r"location /static/ \{\s+alias /srv/unionsite/staticfiles/;", text)
    assert re.search(r"location /media/ \{\s+return 404;", text)
    env = (DEPLOY / "unionsite.env.example").read_text()
    assert "STATIC_ROOT=/srv/unionsite/staticfiles" in env


def test_units_start_web_workers_and_one_beat_with_the_environment_file():
    units = {path.stem: path.read_text() for path in (DEPLOY / "systemd").glob("*.service")}
    assert set(units) == {"unionsite-web", "unionsite-worker", "unionsite-beat"}
    for text in units.values():
        assert "EnvironmentFile=/etc/unionsite/unionsite.env" in text
    assert "gunicorn unionsite.wsgi --config /srv/unionsite/deploy/gunicorn.conf.py" in units["unionsite-web"]
    assert "celery -A unionsite worker -n worker@%%H" in units["unionsite-worker"]
    assert "celery -A unionsite beat" in units["unionsite-beat"]
