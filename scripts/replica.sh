#!/usr/bin/env bash
# A real streaming replica on this machine, and proof that public reads reach it.
#
#   bash scripts/replica.sh        (as root, from a checkout where `make test` has run)
#
# 1. Starts a primary PostgreSQL cluster and a hot standby cloned from it with
#    `pg_basebackup -R` (PostgreSQL's own streaming replication), both in /tmp.
# 2. Migrates and seeds the primary; the standby receives it all by replication.
# 3. Serves the site with gunicorn, DATABASE_URL at the primary and
#    DATABASE_REPLICA_URL at the standby.
# 4. Counts the SQL statements each server logs (log_statement=all) for public pages,
#    a search, an export and the admin.
# 5. Pauses replay on the standby, renames a topic on the primary, and shows
#    the public page keeps the old name until replay resumes.
# Everything is removed at the end. Exits non-zero if a public read reaches the
# primary, an admin read reaches the standby, or the paused standby is not what the
# public page shows.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PRIMARY_PORT=${PRIMARY_PORT:-55441}
REPLICA_PORT=${REPLICA_PORT:-55442}
WEB_PORT=${WEB_PORT:-8766}
DIR=$(mktemp -d /tmp/shandong-replica.XXXXXX)
chown postgres "$DIR"
as_postgres() { runuser -u postgres -- "$@"; }
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  for node in replica primary; do
    [ -d "$DIR/$node" ] && as_postgres "$PG_BIN/pg_ctl" -D "$DIR/$node" -m immediate stop \
      >/dev/null 2>&1 || true
  done
  rm -rf "$DIR"
}
trap cleanup EXIT

start() {  # start NODE PORT
  as_postgres "$PG_BIN/pg_ctl" -D "$DIR/$1" -l "$DIR/$1.log" -w -o "-p $2 -k $DIR \
    -c listen_addresses=127.0.0.1 -c log_statement=all -c log_line_prefix='%m [%p] '" start \
    >/dev/null
}
sql() {  # sql PORT QUERY
  as_postgres psql -h 127.0.0.1 -p "$1" -U postgres -d shandong -Atqc "$2"
}
statements() { grep -c "LOG:  statement: " "$DIR/$1.log" || true; }

echo "== Primary on port $PRIMARY_PORT"
as_postgres "$PG_BIN/initdb" -D "$DIR/primary" -U postgres -A trust -E UTF8 >/dev/null
start primary "$PRIMARY_PORT"
as_postgres psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qc "CREATE DATABASE shandong"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/shandong"
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-replica-demo-only} DJANGO_ALLOWED_HOSTS=127.0.0.1
# Plain HTTP on one machine: the two production settings that need HTTPS, loosened by name.
export DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py seed | tail -n 1
DJANGO_SUPERUSER_PASSWORD=replica-demo-password .venv/bin/python manage.py createsuperuser \
  --noinput --username admin --email admin@example.org

echo "== Standby on port $REPLICA_PORT, cloned with pg_basebackup -R"
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
  -D "$DIR/replica" -R -X stream -c fast
start replica "$REPLICA_PORT"
echo "standby in recovery: $(sql "$REPLICA_PORT" "SELECT pg_is_in_recovery()")"
echo "primary's replication: $(sql "$PRIMARY_PORT" \
  "SELECT application_name || ' ' || state FROM pg_stat_replication")"

echo "== Site on http://127.0.0.1:$WEB_PORT/ (gunicorn, both databases)"
export DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/shandong"
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/gunicorn shandong.wsgi --workers 2 --bind "127.0.0.1:$WEB_PORT" \
  --access-logfile /dev/null --error-logfile "$DIR/gunicorn.log" &
server_pid=$!
base="http://127.0.0.1:$WEB_PORT"
for _ in $(seq 50); do curl -sf -o /dev/null "$base/" && break; sleep 0.2; done
curl -sf -o /dev/null "$base/statements/"  # warm both workers' connections
curl -sf -o /dev/null "$base/statements/"

jar="$DIR/cookies"
failed=0
fetch() {  # fetch EXPECT PATH [curl args...]: EXPECT is where its reads must go
  local expect=$1 path=$2 p r code
  shift 2
  p=$(statements primary) r=$(statements replica)
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" "$@" "$base$path")
  sleep 0.3  # let both servers write their logs
  p=$(($(statements primary) - p)) r=$(($(statements replica) - r))
  printf '%-52s %4s  primary %3d  replica %3d\n' "$path" "$code" "$p" "$r"
  if [ "$expect" = replica ] && [ "$p" -ne 0 -o "$r" -eq 0 ]; then failed=1; fi
  if [ "$expect" = primary ] && [ "$r" -ne 0 ]; then failed=1; fi
}
echo "== SQL statements logged by each server, per request"
fetch replica "/"
fetch replica "/statements/"
fetch replica "/statements/?topic=hydrogen-energy&kind=quote"
fetch replica "/people/?q=sun"
fetch replica "/search/?q=hydrogen"
fetch replica "/statements/?format=csv"
fetch replica "/topics/new-quality-productive-forces/"
fetch primary "/admin/login/"
token=$(awk '$6 == "csrftoken" {print $7}' "$jar")
fetch primary "/admin/login/?next=/admin/" -d "csrfmiddlewaretoken=$token" \
  -d username=admin -d password=replica-demo-password -e "$base/admin/login/"
fetch primary "/admin/statements/statement/"
fetch primary "/admin/needs-review/"

echo "== Replication lag is visible to readers, and only to readers"
topic=new-quality-productive-forces
sql "$REPLICA_PORT" "SELECT pg_wal_replay_pause()" >/dev/null
.venv/bin/python manage.py shell -c "from entities.models import Topic
topic = Topic.objects.get(slug='$topic')
topic.name = 'Renamed on the primary'
topic.save()"  # a curator's change: it writes to the primary
shows() { curl -sf "$base/topics/$topic/" | grep -c "Renamed on the primary" || true; }
paused=$(shows)
echo "replay paused:  the public page shows the new name ${paused} time(s)"
sql "$REPLICA_PORT" "SELECT pg_wal_replay_resume()" >/dev/null
target=$(sql "$PRIMARY_PORT" "SELECT pg_current_wal_lsn()")
for _ in $(seq 50); do
  [ "$(sql "$REPLICA_PORT" "SELECT pg_last_wal_replay_lsn() >= '$target'")" = t ] && break
  sleep 0.1
done
resumed=$(shows)
echo "replay resumed: the public page shows the new name ${resumed} time(s)"
[ "$paused" -eq 0 ] && [ "$resumed" -gt 0 ] || failed=1

if [ "$failed" -ne 0 ]; then
  echo "FAILED: reads did not go where they should" >&2
  exit 1
fi
echo "Public reads reached the standby; the admin used the primary."
