#!/usr/bin/env bash
# Starts the web server, a Celery worker and Celery beat on the embedded defaults; Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var/log

"$BIN/celery" -A unionsite worker --loglevel=INFO --concurrency=1 >var/log/worker.log 2>&1 &
worker=$!
"$BIN/celery" -A unionsite beat --loglevel=INFO >var/log/beat.log 2>&1 &
beat=$!
trap 'kill $worker $beat 2>/dev/null; wait $worker $beat 2>/dev/null; echo "Đã dừng."' EXIT INT TERM

"$BIN/python" manage.py demo_logins
echo "Celery worker (pid $worker) và beat (pid $beat) đang chạy; nhật ký trong var/log/."
echo "Mở http://127.0.0.1:8000/  — nhấn Ctrl-C để dừng tất cả."
"$BIN/python" manage.py runserver 127.0.0.1:8000
