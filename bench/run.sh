#!/usr/bin/env bash
# `make bench`: bench/run.py on a throwaway PostgreSQL cluster when a PostgreSQL 15+ server is
# installed (scripts/lib/postgres.sh finds and runs it), else on SQLite with a note saying why.
# DATABASE_URL already set: run on that server (run.py makes and drops a test_<name> database).
# Arguments go to bench/run.py, e.g. `bash bench/run.sh --cases 10000`.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN="$ROOT/.venv/bin"
export DJANGO_SETTINGS_MODULE=vawg.settings_test

if [[ -n "${DATABASE_URL:-}" ]]; then
  echo "DATABASE_URL is set: benchmarking on that database server."
  exec "$BIN/python" bench/run.py "$@"
fi

# shellcheck source=scripts/lib/postgres.sh
. "$ROOT/scripts/lib/postgres.sh"
trap pg_stop EXIT  # the cluster goes even when a run fails or is interrupted
trap 'exit 130' INT TERM

started=$SECONDS
if pg_find; then
  pg_start
  env DATABASE_URL="$PG_DATABASE_URL" "$BIN/python" bench/run.py "$@"
else
  echo "NOTE: benchmarking on SQLite, not PostgreSQL: $PG_SKIP_REASON."
  env -u DATABASE_URL "$BIN/python" bench/run.py "$@"
fi
echo "make bench took $((SECONDS - started))s"
