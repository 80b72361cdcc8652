#!/usr/bin/env bash
# `make test`: the whole suite on SQLite, then again on a throwaway PostgreSQL cluster when a
# PostgreSQL 15+ server is installed (scripts/lib/postgres.sh finds it and runs the cluster).
#
# - No PostgreSQL server: the PostgreSQL run is skipped and the last line says why.
# - DATABASE_URL already set: one run, on that database, and no throwaway cluster.
# - CI=true: nothing may skip. Without a PostgreSQL server (or with DATABASE_URL set) it fails
#   before running anything; after both runs, scripts/check_skips.py fails unless every test
#   skipped in one run passed in the other. (A browser test without Chromium fails: conftest.py.)
#
# Arguments go to pytest in each run, e.g. `bash scripts/test.sh -x vawg/core`.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN="$ROOT/.venv/bin"
IN_CI=false
if [[ "${CI:-}" == [Tt][Rr][Uu][Ee] ]]; then IN_CI=true; fi  # as conftest.py reads it

# shellcheck source=scripts/lib/postgres.sh
. "$ROOT/scripts/lib/postgres.sh"

if [[ -n "${DATABASE_URL:-}" ]]; then
  if $IN_CI; then
    echo "CI=true: make test runs the suite on SQLite and on its own throwaway PostgreSQL, so nothing skips." >&2
    echo "Unset DATABASE_URL, or run $BIN/pytest directly to test one database." >&2
    exit 2
  fi
  echo "DATABASE_URL is set: running the suite once, on that database (no throwaway PostgreSQL run)."
  exec "$BIN/pytest" "$@"
fi

OUT=$(mktemp -d /tmp/vawg-test.XXXXXX)
on_exit() {
  pg_stop  # the cluster goes even when a run fails or is interrupted
  rm -rf "$OUT"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

PG_AVAILABLE=true
pg_find || PG_AVAILABLE=false
if ! $PG_AVAILABLE && $IN_CI; then
  echo "CI=true: the PostgreSQL run may not be skipped, but $PG_SKIP_REASON." >&2
  exit 1
fi

# Two workers (pytest-xdist), one test file per worker at a time; PYTEST_WORKERS=0 runs in one process.
PARALLEL="-n ${PYTEST_WORKERS:-2} --dist loadfile"

printf '\n==> pytest on SQLite\n'
started=$SECONDS
sqlite_rc=0
env -u DATABASE_URL "$BIN/pytest" $PARALLEL --junitxml "$OUT/sqlite.xml" "$@" || sqlite_rc=$?
sqlite_took=$((SECONDS - started))

pg_rc=0
if $PG_AVAILABLE; then
  printf '\n==> pytest on PostgreSQL (throwaway cluster)\n'
  started=$SECONDS
  pg_start
  # PGBIN first on PATH: tests that run pg_dump get the server's own version.
  env DATABASE_URL="$PG_DATABASE_URL" PATH="$PGBIN:$PATH" "$BIN/pytest" $PARALLEL --junitxml "$OUT/postgres.xml" "$@" \
    || pg_rc=$?
  pg_stop
  pg_took=$((SECONDS - started))
fi

outcome() { if [[ $1 -eq 0 ]]; then echo "passed in $2s"; else echo "FAILED (pytest exit $1) after $2s"; fi; }
echo
echo "SQLite run: $(outcome "$sqlite_rc" "$sqlite_took")"
if $PG_AVAILABLE; then
  echo "PostgreSQL run: $(outcome "$pg_rc" "$pg_took")"
else
  echo "PostgreSQL run skipped: $PG_SKIP_REASON."
fi
if [[ $sqlite_rc -ne 0 || $pg_rc -ne 0 ]]; then exit 1; fi
if $IN_CI; then
  "$BIN/python" scripts/check_skips.py "$OUT/sqlite.xml" "$OUT/postgres.xml"
fi
