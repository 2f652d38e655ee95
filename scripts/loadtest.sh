#!/usr/bin/env bash
# Load test: gunicorn with 2 workers on this machine, driven by wrk (Debian's `wrk`)
# for 30 s at 16 connections, against /statements/ and a search.
#   DATABASE_URL=postgres://... bash scripts/loadtest.sh
# Sends traffic to 127.0.0.1 only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the database to test}"
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-loadtest-only} DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false  # plain HTTP on one machine, loosened by name
PORT=${PORT:-8765}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/gunicorn shandong.wsgi --workers 2 --bind "127.0.0.1:$PORT" --access-logfile /dev/null \
  --error-logfile /tmp/loadtest-gunicorn.log &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/statements/" && break; sleep 0.2; done
for path in "/statements/" "/statements/?q=${QUERY:-development}"; do
  echo "== $path"
  wrk --threads 2 --connections 16 --duration 30s --latency "http://127.0.0.1:$PORT$path"
done
