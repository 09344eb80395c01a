"""gunicorn settings for unionsite (deploy/systemd/unionsite-web.service passes this file).

Sync workers: every request is short (list pages read a bounded page; long exports go to Celery).
Two to four workers per core; one machine with 2 cores served the benchmarks in docs/PERFORMANCE.md."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Below nginx's proxy_read_timeout (deploy/nginx/unionsite.conf), so gunicorn answers first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "55"))
graceful_timeout = 30
keepalive = 5
# A worker is recycled after this many requests (with jitter): bounds the growth of a long-lived process.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
