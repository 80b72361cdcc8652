#!/usr/bin/env bash
# The black-box security probe (scripts/probe/): a throwaway seeded demo under var/probe, served by
# gunicorn on a free local port, probed over HTTP. Exits non-zero if any probe fails.
# Usage: bash scripts/probe.sh [--reuse-seed]
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/probe "$@"
