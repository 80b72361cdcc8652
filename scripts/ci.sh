#!/usr/bin/env bash
# Continuous integration: lint, deploy checks, migrations, the whole test suite on
# SQLite and again on a throwaway PostgreSQL 15+ cluster (scripts/lib/postgres.sh), then a
# check that every test skipped in one run passed in the other, and the black-box probe against a
# live server (scripts/probe/). Run it with `make ci`
# (or .ci/run). Fails at once when no PostgreSQL server is installed: CI never skips it.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN="$ROOT/.venv/bin"
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

# shellcheck source=scripts/lib/postgres.sh
. "$ROOT/scripts/lib/postgres.sh"
on_exit() {
  local rc=$?
  pg_stop  # the cluster goes even when a stage fails
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

if ! pg_find; then
  printf 'PostgreSQL is required in CI (it never skips the PostgreSQL run): %s\n' "$PG_SKIP_REASON" >&2
  exit 1
fi

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

# Two workers (pytest-xdist), one test file per worker at a time: the slow demo-seed module and the
# browser tests run beside the rest. PYTEST_WORKERS=0 runs in one process.
PARALLEL="-n ${PYTEST_WORKERS:-2} --dist loadfile"

# (d) --------------------------------------------------------------------------
stage "pytest on SQLite"
env -u DATABASE_URL "$BIN/pytest" -q $PARALLEL --junitxml "$OUT/sqlite.xml"

# (e) --------------------------------------------------------------------------
stage "pytest on PostgreSQL (throwaway cluster)"
pg_start
env DATABASE_URL="$PG_DATABASE_URL" PATH="$PGBIN:$PATH" "$BIN/pytest" -q $PARALLEL --junitxml "$OUT/postgres.xml"
pg_stop

# ------------------------------------------------------------------------------
stage "skip check (every test skipped in one run passed in the other)"
"$BIN/python" scripts/check_skips.py "$OUT/sqlite.xml" "$OUT/postgres.xml"

# ------------------------------------------------------------------------------
stage "black-box probe against a live server (scripts/probe/)"
"$BIN/python" scripts/probe

# (f) --------------------------------------------------------------------------
finish_stage
printf '\nCI PASSED in %ss: %s\n' "$((SECONDS - CI_START))" "$(IFS=';'; echo "${SUMMARY[*]}" | sed 's/;/; /g')"
