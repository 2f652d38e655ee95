#!/usr/bin/env bash
# Soak test: gunicorn with 2 workers on PostgreSQL, driven by wrk for 60 s at 32
# connections over a mix of public list, filtered list, detail, search and export
# addresses drawn from the data loaded (use `manage.py synth` for large data).
# Prints requests/s, p50/p99, responses by class, socket errors, and each worker's
# resident memory after warm-up and at the end. Not part of CI (docs/reliability.md).
#   DATABASE_URL=postgres://.../bench_1m bash scripts/soak.sh
# Sends traffic to 127.0.0.1 only; stops by itself. DURATION, CONNECTIONS and PORT
# may be set; DJANGO_PAGE_CACHE_SECONDS=0 measures without the page cache. KEEP_URLS=FILE
# keeps the addresses drawn, and URLS=FILE sends those again (to compare two commits).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the database to test}"
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-soak-test-only} DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false  # plain HTTP on one machine, loosened by name
PORT=${PORT:-8766} DURATION=${DURATION:-60s} CONNECTIONS=${CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d)
export SOAK_URLS=$work/urls
.venv/bin/python manage.py collectstatic --noinput -v 0

# Addresses of published records only, so every one should answer 200; or the file
# URLS names, to send two runs (two commits) the same addresses.
if [ -n "${URLS:-}" ]; then cp "$URLS" "$SOAK_URLS"; else
.venv/bin/python manage.py shell -v 0 -c "
from entities.models import Organisation, Person, Source, Topic
from statements.models import Indicator, Statement
urls = ['/', '/statements/', '/metrics/', '/people/', '/organisations/', '/sources/',
        '/statements/?kind=quote', '/statements/?page=50', '/organisations/?o=-name',
        '/statements/?q=development', '/people/?q=wang', '/search/?q=hydrogen',
        '/search/?q=development+zone', '/statements/?q=industrial+park&kind=paraphrase']
for model, per in [(Statement, 100), (Person, 50), (Organisation, 50), (Source, 30),
                   (Indicator, 20), (Topic, 10)]:
    for record in model.objects.published().order_by('?')[:per]:
        urls.append(record.get_absolute_url())
for source in Source.objects.published().order_by('?')[:20]:
    urls.append(f'/statements/?source={source.slug}')
    urls.append(f'/statements/?source={source.slug}&format=csv')
    urls.append(f'/statements/?source={source.slug}&format=json')
print('\n'.join(urls))
" >"$SOAK_URLS"
fi
[ -n "${KEEP_URLS:-}" ] && cp "$SOAK_URLS" "$KEEP_URLS"
echo "$(wc -l <"$SOAK_URLS") addresses; page cache: ${DJANGO_PAGE_CACHE_SECONDS:-300} s"

.venv/bin/gunicorn shandong.wsgi --workers 2 --bind "127.0.0.1:$PORT" --access-logfile /dev/null \
  --error-logfile "$work/gunicorn.log" --pid "$work/pid" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
workers() { pgrep -P "$(cat "$work/pid")" | sort; }
memory() {  # resident memory of each worker, in MB
  for pid in $(workers); do
    awk -v pid="$pid" '/VmRSS/ {printf "worker %s %.1f MB  ", pid, $2 / 1024}' "/proc/$pid/status"
  done
  echo
}
# Warm-up: every address once, so memory is measured after imports and first queries.
while read -r path; do curl -s -o /dev/null "http://127.0.0.1:$PORT$path"; done <"$SOAK_URLS"
before=$(workers | tr '\n' ' ')
echo "memory after warm-up: $(memory)"
# Memory every 10 s during the run, to tell a plateau from a leak.
(for i in $(seq 1 100); do sleep 10; echo "memory after ${i}0 s:  $(memory)"; done) >"$work/memory" &
sampler=$!
wrk --threads 2 --connections "$CONNECTIONS" --duration "$DURATION" --timeout 10s \
  --script scripts/soak.lua "http://127.0.0.1:$PORT"
kill $sampler 2>/dev/null || true
cat "$work/memory"
echo "memory at the end:    $(memory)"
[ "$before" = "$(workers | tr '\n' ' ')" ] || echo "WARNING: a worker was restarted during the run"
if grep -q "Traceback" "$work/gunicorn.log"; then
  echo "Errors were logged:" >&2
  grep -A 3 Traceback "$work/gunicorn.log" | head -n 40 >&2
fi
