#!/usr/bin/env bash
# Continuous integration: lint, deploy checks, migrations, the whole test suite on
# SQLite and again on a throwaway PostgreSQL 15 cluster, then a check that every
# test skipped in one run passed in the other. Run it with `make ci` (or .ci/run).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN="$ROOT/.venv/bin"
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
OUT="$ROOT/var/ci"
export CI=true
export PYTHONDONTWRITEBYTECODE=1

rm -rf "$OUT"
mkdir -p "$OUT"

CI_START=$SECONDS
STAGE_NAME=""
STAGE_START=0
SUMMARY=()

stage() {
  finish_stage
  STAGE_NAME=$1
  STAGE_START=$SECONDS
  printf '\n==> [%s] %s\n' "$(date -u +%H:%M:%S)" "$STAGE_NAME"
}

finish_stage() {
  if [[ -n "$STAGE_NAME" ]]; then
    local took=$((SECONDS - STAGE_START))
    printf '<== %s: %ss\n' "$STAGE_NAME" "$took"
    SUMMARY+=("$STAGE_NAME ${took}s")
    STAGE_NAME=""
  fi
}

PGDIR=""
as_pg() {
  # PostgreSQL refuses to run as root: run the server as the unprivileged postgres user.
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop_pg() {  # also run by the EXIT trap, so the cluster goes even when a stage fails
  if [[ -f "$PGDIR/data/postmaster.pid" ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$PGDIR"
  PGDIR=""
}
on_exit() {
  local rc=$?
  if [[ -n "$PGDIR" ]]; then stop_pg; fi
  if [[ $rc -ne 0 ]]; then
    printf '\nCI FAILED (exit %s) during: %s, after %ss\n' "$rc" "${STAGE_NAME:-setup}" "$((SECONDS - CI_START))" >&2
  fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

random_secret() { "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(64))'; }
random_field_key() {
  "$BIN/python" -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("="))'
}

# (a) --------------------------------------------------------------------------
stage "lint (ruff check, ruff format --check, mypy)"
"$BIN/ruff" check .
"$BIN/ruff" format --check .
"$BIN/mypy"

# (b) --------------------------------------------------------------------------
stage "manage.py check --deploy (production settings)"
env DJANGO_SETTINGS_MODULE=vawg.settings DEBUG=false VAWG_HTTPS=true VAWG_DEMO=false \
  SECRET_KEY="$(random_secret)" \
  FIELD_ENCRYPTION_KEYS="ci1:$(random_field_key)" \
  AUDIT_HMAC_KEY="$(random_secret)" \
  ALLOWED_HOSTS=vawg.example.org \
  "$BIN/python" manage.py check --deploy --fail-level WARNING

# (c) --------------------------------------------------------------------------
stage "makemigrations --check (no model change without a migration)"
env DJANGO_SETTINGS_MODULE=vawg.settings_test "$BIN/python" manage.py makemigrations --check --dry-run

# (d) --------------------------------------------------------------------------
stage "pytest on SQLite"
env -u DATABASE_URL "$BIN/pytest" -q --junitxml "$OUT/sqlite.xml"

# (e) --------------------------------------------------------------------------
stage "pytest on PostgreSQL 15 (throwaway cluster)"
PGDIR=$(mktemp -d /tmp/vawg-ci-pg.XXXXXX)
if [[ $EUID -eq 0 ]]; then chown postgres "$PGDIR"; fi
PGPORT_FREE=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PGDIR/initdb.log"
# Unix socket only (no TCP listener, so no port race); the port number only names the socket.
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 \
  -o "-c listen_addresses='' -p $PGPORT_FREE -k $PGDIR -F -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"$PGBIN/createdb" -h "$PGDIR" -p "$PGPORT_FREE" -U postgres vawg
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on socket $PGDIR (port $PGPORT_FREE)"
# The socket directory goes in the URL's host, percent-encoded (dj-database-url decodes it), so
# Django's HOST/PORT name the cluster and tools run by tests (pg_dump) reach it too.
PGHOST_ENCODED=$("$BIN/python" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$PGDIR")
env DATABASE_URL="postgres://postgres@$PGHOST_ENCODED:$PGPORT_FREE/vawg" "$BIN/pytest" -q --junitxml "$OUT/postgres.xml"
stop_pg

# ------------------------------------------------------------------------------
stage "skip check (every test skipped in one run passed in the other)"
"$BIN/python" scripts/check_skips.py "$OUT/sqlite.xml" "$OUT/postgres.xml"

# (f) --------------------------------------------------------------------------
finish_stage
printf '\nCI PASSED in %ss: %s\n' "$((SECONDS - CI_START))" "$(IFS=';'; echo "${SUMMARY[*]}" | sed 's/;/; /g')"
