"""Benchmarks: `make bench`. Records median timings and writes bench/results.json.

Uses the test settings and a throwaway database: SQLite at var/bench/bench.sqlite3,
or a ``test_<name>`` database beside DATABASE_URL's when that is set (PostgreSQL).
The database is created fresh, migrated, and removed afterwards.

Measures (each repeated ``--repeat`` times, median reported):
- rendering the public home page through the test client (requests/second);
- appending 10,000 audit entries with ``audit_record`` (entries/second; the chain
  grows by 10,000 each repetition);
- ``verify_chain`` over the whole chain (entries/second);
- case pages: with ``--cases`` (default 100,000) bulk-created cases, people and referrals, the case
  list, case search, case page and referral inbox/sent lists (bench/case_pages.py): median and p95
  seconds per request over ``--page-requests`` requests, and SQL queries per request for a user
  who sees ~5% of the cases and for one who sees ten times fewer (the count must not change);
- MARAC: with ``--marac-years`` (default 10) of ~``--marac-per-year`` (2,000) heard MARAC cases,
  building an agenda, the agenda page, minutes (HTML and PDF) of a 20-case meeting, the quarterly
  return and the dashboard (bench/marac.py): median and p95 seconds, and SQL queries.
  ``--only marac`` runs just those (the other figures in results.json are kept).
- commissioning: with ``--provision-years`` (default 10) of ~``--provision-placements`` (2,000) safe
  accommodation placements and ~``--provision-referrals`` (30,000) referrals a year, 600 units and 150
  services, the coverage-gap matrix (page and CSV) and the Part 4 return (page and API)
  (bench/provision_reports.py). ``--only provision`` runs just those.
- safe accommodation: with ``--units`` (default 10,000) units, matching one request (the pure function,
  and ``request_matches`` reading the units) and the vacancy board API (bench/accommodation.py): median
  and p95 seconds, and SQL queries. ``--only accommodation`` runs just those.
- daily casework: on the case dataset, with the main IDVA on 200 case teams, My work (page and API)
  and the filtered case list (bench/work.py). ``--only work`` builds the case dataset and runs
  just those.

- RFG ranking: the DuckDB engine over ``--rfg-incidents`` (default 1,000,000 and 10,000,000) generated
  incidents, and the ranking page, past runs and CSV with ``--rfg-people`` (default 5,000) people causing
  harm (bench/rfg.py). ``--only rfg`` runs just those.

- police import: a synthetic ``--police-rows`` (default 500,000) row extract with a fixed seed, read alone,
  then imported into an empty database, again, and an overlapping extract: seconds (the import's own
  transaction apart from its serial-flag and identity-link follow-ups) and peak memory
  (bench/police_import.py). ``--only police`` runs just those.

- identity resolution: ``manage.py link_people`` on generated extracts of ``--linkage-sizes`` (default
  100,000 and 1,000,000) records a side and on FEBRL 4: seconds, peak memory of the process, and F1
  against the known truth (bench/linkage.py). ``--only linkage`` runs just those.

- crime outcomes: ``--attrition-years`` (default 10) of ~``--attrition-per-month`` (default 3,000; 12,000 is
  the county's scale, ~1.4 million incidents) police incidents with outcomes, the attrition funnel page
  (a year and ten years), its CSV and the API (bench/attrition.py). ``--only attrition`` runs just those.

- protective orders: ``--orders`` (default 20,000) orders of mixed types on 4,000 people causing harm, with a
  police officer whose force holds 300 live ones: My work (page and API) and the order register (page 1,
  ``show=attention`` and My work's link) (bench/orders.py). ``--only orders`` runs just those.

`make bench` runs this on a throwaway PostgreSQL cluster when PostgreSQL 15+ is installed
(bench/run.sh), else on SQLite.

Benchmarks record figures; they never assert times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
SQLITE_PATH = ROOT / "var" / "bench" / "bench.sqlite3"

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vawg.settings_test")
# The test settings serve static files from the apps; var/static exists only after collectstatic.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_rate(label: str, per_run: int, runs: list[float], unit: str) -> dict[str, Any]:
    median = statistics.median(runs)
    figure = {
        "label": label,
        "repetitions": len(runs),
        "per_repetition": per_run,
        "median_seconds": round(median, 6),
        "min_seconds": round(min(runs), 6),
        "max_seconds": round(max(runs), 6),
        f"{unit}_per_second": round(per_run / median, 1),
    }
    print(f"  {label}: median {median:.4f}s for {per_run:,} -> {figure[f'{unit}_per_second']:,} {unit}/s")
    return figure


def bench_home_page(repeat: int, requests: int) -> dict[str, Any]:
    from django.test import Client

    client = Client()
    assert client.get("/").status_code == 200  # warm up (and check the page renders at all)

    def render_many() -> None:
        for _ in range(requests):
            client.get("/")

    runs = [timed(render_many) for _ in range(repeat)]
    return median_rate("public home page through the test client", requests, runs, "requests")


def bench_audit(repeat: int, entries: int) -> tuple[dict[str, Any], dict[str, Any]]:
    from vawg.audit.models import AuditEntry
    from vawg.audit.services import audit_record, verify_chain

    def append_many() -> None:
        for number in range(entries):
            audit_record(system_job="bench", action="bench.item.append", object_type="bench.item", object_id=number)

    append_runs = [timed(append_many) for _ in range(repeat)]
    append = median_rate(f"audit_record, {entries:,} entries", entries, append_runs, "entries")

    total = AuditEntry.objects.count()
    problem: list[object] = []
    verify_runs = [timed(lambda: problem.append(verify_chain())) for _ in range(repeat)]
    if any(result is not None for result in problem):
        raise SystemExit(f"verify_chain found a broken chain in the benchmark database: {problem}")
    verify = median_rate(f"verify_chain over {total:,} entries", total, verify_runs, "entries")
    return append, verify


def bench_cases(count: int, requests: int, *, work_only: bool = False) -> dict[str, Any]:
    if count <= 0:
        return {}
    from bench.case_pages import bench_case_pages, build_dataset, print_table
    from bench.work import bench_work

    print(f"Case pages with {count:,} cases:")
    dataset = build_dataset(count)
    if work_only:
        print(f"My work and the filtered case list with {count:,} cases:")
        return bench_work(dataset, requests)
    measured = bench_case_pages(dataset, requests)
    print_table(measured["pages"])
    return {
        "cases_dataset": {
            **dataset["figures"],
            "visible_counts": measured["visible_counts"],
            "notes": (
                "Times include CaptureQueriesContext. queries_per_request lists every count seen: one more "
                "on some requests is the staff session's once-a-minute last_seen write, not rows. "
                "*_fewer_rows: a user who sees ten times fewer cases (list pages: their last page)."
            ),
        },
        **measured["pages"],
        # After the case pages: it adds team places and chronology to the same dataset.
        **bench_work(dataset, requests),
    }


def bench_marac_figures(years: int, per_year: int, repeat: int) -> dict[str, Any]:
    if years <= 0:
        return {}
    from bench.marac import bench_marac, build_marac

    print(f"MARAC with {years} years of about {per_year:,} heard cases a year:")
    dataset = build_marac(years, per_year)
    return {"marac_dataset": dataset["figures"], **bench_marac(dataset, max(repeat, 5))}


def bench_provision_figures(years: int, placements: int, referrals: int, repeat: int) -> dict[str, Any]:
    if years <= 0:
        return {}
    from bench.provision_reports import bench_provision, build_provision

    print(f"Commissioning with {years} years of about {placements:,} placements and {referrals:,} referrals a year:")
    dataset = build_provision(years, placements, referrals)
    return bench_provision(dataset, max(repeat, 10))


def bench_accommodation_figures(units: int, requests: int) -> dict[str, Any]:
    if units <= 0:
        return {}
    from bench.accommodation import bench_accommodation, build_units

    print(f"Safe accommodation with {units:,} units:")
    return bench_accommodation(build_units(units), max(requests, 10))


def bench_police_figures(rows: int) -> dict[str, Any]:
    if rows <= 0:
        return {}
    from bench.police_import import bench_police

    return bench_police(rows)


def bench_rfg_figures(sizes: list[int], people: int, requests: int, repeat: int) -> dict[str, Any]:
    from bench.rfg import bench_rfg

    return bench_rfg([size for size in sizes if size > 0], people, max(requests, 10), repeat)


def bench_linkage_figures(sizes: list[int]) -> dict[str, Any]:
    from bench.linkage import bench_linkage

    return bench_linkage([size for size in sizes if size > 0])


def machine_info(vendor: str, db_version: str) -> dict[str, Any]:
    import django

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": f"{vendor} {db_version}".strip(),
        "git_commit": commit,
    }


def database_version(connection: Any) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return str(cursor.fetchone()[0])


def bench_attrition_figures(years: int, per_month: int, repeat: int) -> dict[str, Any]:
    if years <= 0:
        return {}
    from bench.attrition import bench_attrition, build_attrition

    print(f"Crime outcomes with {years} years of about {per_month:,} police incidents a month:")
    return bench_attrition(build_attrition(years, per_month), max(repeat, 10))


def bench_orders_figures(count: int, requests: int) -> dict[str, Any]:
    if count <= 0:
        return {}
    from bench.orders import bench_orders, build_orders

    print(f"Protective orders with {count:,} orders:")
    return bench_orders(build_orders(count), max(requests, 10))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per benchmark (default 3)")
    parser.add_argument("--entries", type=int, default=10_000, help="audit entries per repetition (default 10000)")
    parser.add_argument("--requests", type=int, default=200, help="home page renders per repetition (default 200)")
    parser.add_argument("--cases", type=int, default=100_000, help="cases to build (default 100000; 0 skips)")
    parser.add_argument("--page-requests", type=int, default=30, help="requests per page (default 30)")
    parser.add_argument(
        "--marac-years", type=int, default=10, help="years of MARAC history to build (default 10; 0 skips)"
    )
    parser.add_argument("--marac-per-year", type=int, default=2_000, help="MARAC cases heard a year (default 2000)")
    parser.add_argument(
        "--provision-years", type=int, default=10, help="years of safe accommodation history (default 10; 0 skips)"
    )
    parser.add_argument("--provision-placements", type=int, default=2_000, help="placements a year (default 2000)")
    parser.add_argument("--provision-referrals", type=int, default=30_000, help="referrals a year (default 30000)")
    parser.add_argument("--units", type=int, default=10_000, help="accommodation units (default 10000; 0 skips)")
    parser.add_argument(
        "--police-rows", type=int, default=500_000, help="rows of the police extract (default 500000; 0 skips)"
    )
    parser.add_argument(
        "--rfg-incidents",
        type=int,
        nargs="*",
        default=[1_000_000, 10_000_000],
        help="incidents for the RFG engine, one run per size (default 1000000 10000000; none skips)",
    )
    parser.add_argument(
        "--rfg-people", type=int, default=5_000, help="people causing harm on the ranking page (default 5000)"
    )
    parser.add_argument(
        "--linkage-sizes",
        type=int,
        nargs="*",
        default=[100_000, 1_000_000],
        help="records a side for link_people, one run per size (default 100000 1000000; none runs FEBRL only)",
    )
    parser.add_argument(
        "--attrition-years", type=int, default=10, help="years of police incidents with outcomes (default 10; 0 skips)"
    )
    parser.add_argument(
        "--attrition-per-month",
        type=int,
        default=3_000,
        help="police incidents a month (default 3000; 12000 is a county's scale, ~1.4 million over 10 years)",
    )
    parser.add_argument(
        "--orders", type=int, default=20_000, help="protective orders to build (default 20000; 0 skips)"
    )
    parser.add_argument(
        "--only",
        choices=(
            "all",
            "marac",
            "work",
            "provision",
            "accommodation",
            "police",
            "rfg",
            "linkage",
            "attrition",
            "orders",
        ),
        default="all",
        help="run every benchmark, or only one group: MARAC, work, provision (commissioning), accommodation "
        "or police (the police import)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the results (JSON)")
    args = parser.parse_args()

    from django.conf import settings

    if not os.environ.get("DATABASE_URL"):
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        settings.DATABASES["default"]["TEST"] = {"NAME": str(SQLITE_PATH)}

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    real_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        vendor, version = connection.vendor, database_version(connection)
        print(f"Benchmarks on {vendor} {version}, {args.repeat} repetitions each:")
        benchmarks: dict[str, Any] = {}
        if args.only == "all":
            home = bench_home_page(args.repeat, args.requests)
            append, verify = bench_audit(args.repeat, args.entries)
            benchmarks = {"public_home_page": home, "audit_append": append, "audit_verify_chain": verify}
            benchmarks.update(bench_cases(args.cases, args.page_requests))
        if args.only == "work":
            benchmarks.update(bench_cases(args.cases, args.page_requests, work_only=True))
        if args.only in ("all", "marac"):
            benchmarks.update(bench_marac_figures(args.marac_years, args.marac_per_year, args.repeat))
        if args.only in ("all", "accommodation"):
            benchmarks.update(bench_accommodation_figures(args.units, args.page_requests))
        if args.only in ("all", "police"):
            benchmarks.update(bench_police_figures(args.police_rows))
        if args.only in ("all", "rfg"):
            benchmarks.update(bench_rfg_figures(args.rfg_incidents, args.rfg_people, args.page_requests, args.repeat))
        if args.only in ("all", "linkage"):
            benchmarks.update(bench_linkage_figures(args.linkage_sizes))
        if args.only in ("all", "attrition"):
            benchmarks.update(bench_attrition_figures(args.attrition_years, args.attrition_per_month, args.repeat))
        if args.only in ("all", "orders"):
            benchmarks.update(bench_orders_figures(args.orders, args.page_requests))
        if args.only in ("all", "provision"):
            benchmarks.update(
                bench_provision_figures(
                    args.provision_years, args.provision_placements, args.provision_referrals, args.repeat
                )
            )
    finally:
        connection.creation.destroy_test_db(real_name, verbosity=0)
        teardown_test_environment()

    results = {
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(vendor, version),
        "benchmarks": benchmarks,
    }
    if args.only != "all" and args.output.exists():
        # A partial run keeps the other benchmarks' last figures, and says when and where its own were made.
        previous = json.loads(args.output.read_text(encoding="utf-8"))
        partial = {"recorded_at": results["recorded_at"], "machine": results["machine"]}
        results = {
            **previous,
            "partial_runs": {**previous.get("partial_runs", {}), args.only: partial},
            "benchmarks": {**previous.get("benchmarks", {}), **benchmarks},
        }
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
