"""Black-box security probe: seeds a throwaway demo, serves it with gunicorn and attacks it over HTTP.

Run it with ``make probe`` (or ``bash scripts/probe.sh``, or ``.venv/bin/python scripts/probe``). It

1. creates a throwaway SQLite database under var/probe with fresh random keys, migrates it, seeds the
   synthetic demo data (``manage.py seed_demo``) and collects static files;
2. plants canary values and access situations through the Django ORM and the services (a deny-list
   entry, restricted cases, a grant, an action full of contact details spelled other ways);
3. starts gunicorn on a free local port with the demo's settings (demo mode, plain HTTP, DEBUG off,
   ``PROXY_COUNT=1`` so that ``X-Forwarded-For`` stands for the client's address);
4. signs in as each demo persona through the real sign-in pages (password, then the current code of
   the persona's authenticator, computed from the device's secret in the database), and runs every
   probe over HTTP; the ORM is used only to plant data and to read the audit log afterwards;
5. prints one line per probe (PASS or FAIL and why), stops gunicorn (also on failure or Ctrl+C) and
   exits 1 if any probe failed.

``--reuse-seed`` keeps the seeded database (var/probe/seeded.sqlite3, with its keys) for the next run
with the same flag, which then skips seeding: for working on the probe. CI always seeds afresh.
The synthetic data is made up; nothing here talks to anything but 127.0.0.1.

This directory is run as a script (``python scripts/probe``), so Python puts it on sys.path and its
modules import each other as top-level modules: report (the PASS/FAIL output), web (the urllib
browser and HTML parsing), server (database, keys, static files, gunicorn), world (Django: personas,
audit, sign-in, planting), verdicts (judging floods, the self-referral walk, the dashboard), and the
probes by area (probes_base, probes_access, probes_marac, probes_limits, probes_accommodation),
combined in Probes below.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from typing import Any

from probes_access import AccessProbes
from probes_accommodation import AccommodationProbes
from probes_limits import LimitProbes
from probes_marac import MaracProbes
from report import RESULTS, out, run_probe, say
from server import prepare, start_server
from world import django_setup, plant


class Probes(AccessProbes, MaracProbes, LimitProbes, AccommodationProbes):
    """Every probe, run one by one by main()."""


# --- Main ---------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse-seed", action="store_true", help="keep and reuse the seeded database (development)")
    args = parser.parse_args(argv)
    started = time.monotonic()

    def interrupted(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    env = prepare(args.reuse_seed)
    django_setup(env)
    from vawg.nonprod.demo.data import DEFAULT_PASSWORD

    password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
    say("planting canaries")
    plants = plant()
    say(f"setup took {time.monotonic() - started:.0f}s")
    server = start_server(env)
    try:
        probes = Probes(server.base, password, plants)
        run_probe("sign-in: every persona with password and TOTP", probes.sign_in_everyone)
        # Straight after sign-in: break-glass and reveal need a code from the last five minutes.
        run_probe("1 break-glass: one answer for deny-listed, restricted and made-up references", probes.break_glass)
        run_probe(
            "5a reveal contact: refused to agencies that see the case only through a grant",
            probes.reveal_refused_through_grant,
        )
        run_probe("5a reveal contact: needs a code entered within 5 minutes", probes.reveal_needs_recent_code)
        run_probe("2 location redaction on MARAC pages (coordinator, chair)", probes.redaction)
        run_probe("3 sensitive reads: exactly one audit entry per page", probes.sensitive_reads)
        run_probe("6 unit addresses: shown to no one outside the unit's provider", probes.unit_addresses)
        run_probe("5b dashboard: suppressed counts cannot be worked out", probes.dashboard)
        run_probe("5c restricted case: no victim name on MARAC pages for other agencies", probes.marac_restricted)
        run_probe("5f year 9999: 4xx (422 for the API), never 500", probes.year_9999)
        run_probe("5g headers on API errors, static files and pages", probes.headers)
        run_probe("5h administrators cannot give themselves a casework membership", probes.admin_own_membership)
        run_probe("broad: a password-only session reaches nothing", probes.password_only_session)
        run_probe("broad: anonymous GET of a case goes to sign-in", probes.anonymous_case)
        run_probe("5d self-referral: 10 parallel submissions, no more than the allowance", probes.self_referral_burst)
        run_probe("4 audit flooding: unauthenticated API calls", probes.api_flood)
        run_probe("4 audit flooding: failed sign-ins with unknown emails", probes.sign_in_flood)
        run_probe("5e lockout: 10 wrong passwords from A do not lock out B", probes.lockout)
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    finally:
        server.stop()
        say("gunicorn stopped")
    failed = [outcome for outcome in RESULTS if not outcome.ok]
    out(f"\nprobe: {len(RESULTS) - len(failed)} passed, {len(failed)} failed, in {time.monotonic() - started:.0f}s")
    for outcome in failed:
        out(f"  FAIL  {outcome.name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
