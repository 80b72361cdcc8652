# shellcheck shell=bash
# A throwaway PostgreSQL cluster for one test run. Sourced by scripts/ci.sh and scripts/test.sh.
#
#   pg_find    sets PGBIN to the server binaries to use, or returns 1 with PG_SKIP_REASON set
#   pg_start   creates and starts a cluster (Unix socket only, fsync off) in a new temporary
#              directory PGDIR, creates the database "vawg" and sets PG_DATABASE_URL
#   pg_stop    stops the cluster and removes PGDIR; safe to call at any time (call it from
#              the caller's EXIT trap too, so the cluster goes even when a test run fails)
#
# The caller sets BIN (the venv's bin directory: its python picks a free port and encodes the URL).
# PGBIN may be set beforehand to choose the binaries; otherwise pg_find takes the oldest
# $PG_LIB_DIR/<version>/bin (PG_LIB_DIR: /usr/lib/postgresql, Debian's layout) with version
# >= PG_MIN_VERSION (production's minimum) that holds all of PG_TOOLS.
# As root the server runs as the unprivileged postgres user (PostgreSQL refuses root);
# as anyone else it runs as that user.

# shellcheck disable=SC2034  # PG_SKIP_REASON and PG_DATABASE_URL are read by the scripts sourcing this
PG_MIN_VERSION=15
PG_TOOLS=(initdb pg_ctl postgres createdb)
PGBIN=${PGBIN:-}
PG_LIB_DIR=${PG_LIB_DIR:-/usr/lib/postgresql}
PG_SKIP_REASON=""
PGDIR=""
PG_DATABASE_URL=""

as_pg() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_pg_missing_tools() {  # prints the PG_TOOLS not executable in directory $1
  local tool missing=()
  for tool in "${PG_TOOLS[@]}"; do
    [[ -x "$1/$tool" ]] || missing+=("$tool")
  done
  echo "${missing[*]}"
}

pg_find() {
  PG_SKIP_REASON=""
  if [[ -n "$PGBIN" ]]; then
    local missing
    missing=$(_pg_missing_tools "$PGBIN")
    if [[ -n "$missing" ]]; then
      PG_SKIP_REASON="PGBIN=$PGBIN lacks $missing"
      return 1
    fi
  else
    local dir version best="" best_version="" seen=()
    for dir in "$PG_LIB_DIR"/*/bin; do
      [[ -d "$dir" ]] || continue
      version=${dir%/bin}
      version=${version##*/}
      [[ $version =~ ^[0-9]+$ ]] || continue
      if [[ $version -lt $PG_MIN_VERSION || -n "$(_pg_missing_tools "$dir")" ]]; then
        seen+=("$version")
        continue
      fi
      if [[ -z "$best" || $version -lt $best_version ]]; then
        best=$dir
        best_version=$version
      fi
    done
    if [[ -z "$best" ]]; then
      PG_SKIP_REASON="no PostgreSQL $PG_MIN_VERSION+ server found (${PG_TOOLS[*]} in $PG_LIB_DIR/<version>/bin)"
      if [[ ${#seen[@]} -gt 0 ]]; then
        PG_SKIP_REASON+="; found only incomplete or older version(s) ${seen[*]}"
      fi
      PG_SKIP_REASON+="; install postgresql-$PG_MIN_VERSION or later (Debian/Ubuntu: apt-get install postgresql-$PG_MIN_VERSION)"
      return 1
    fi
    PGBIN=$best
  fi
  if [[ $EUID -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
    PG_SKIP_REASON="running as root, and there is no postgres user to run the server as (PostgreSQL refuses root)"
    return 1
  fi
  return 0
}

pg_start() {
  PGDIR=$(mktemp -d /tmp/vawg-pg.XXXXXX)
  if [[ $EUID -eq 0 ]]; then chown postgres "$PGDIR"; fi
  local port
  port=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if ! as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$PGDIR/initdb.log" 2>&1; then
    echo "initdb failed:" >&2
    cat "$PGDIR/initdb.log" >&2
    return 1
  fi
  # Unix socket only (no TCP listener, so no port race); the port number only names the socket.
  if ! as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 \
    -o "-c listen_addresses='' -p $port -k $PGDIR -F -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null; then
    echo "The PostgreSQL server did not start:" >&2
    cat "$PGDIR/server.log" >&2
    return 1
  fi
  "$PGBIN/createdb" -h "$PGDIR" -p "$port" -U postgres vawg
  echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') from $PGBIN on socket $PGDIR (port $port)"
  # The socket directory goes in the URL's host, percent-encoded (dj-database-url decodes it), so
  # Django's HOST/PORT name the cluster and tools run by tests (pg_dump) reach it too.
  local host
  host=$("$BIN/python" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$PGDIR")
  PG_DATABASE_URL="postgres://postgres@$host:$port/vawg"
}

pg_stop() {
  if [[ -z "$PGDIR" ]]; then return 0; fi
  if [[ -f "$PGDIR/data/postmaster.pid" ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$PGDIR"
  PGDIR=""
  PG_DATABASE_URL=""
}
