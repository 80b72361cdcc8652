"""RFG ranking benchmarks (docs/rfg.md): the DuckDB engine over generated incident files, and the ranking
page over a stored run.

Engine: for each size in ``sizes`` (default 1,000,000 and 10,000,000), DuckDB itself writes that many
incidents to Parquet in a temporary folder (``hash()`` of the row number with fixed salts, so every run
writes the same file): one person causing harm per 10 incidents, up to 3 victims each, dates over the
1,900 days up to the as-of date, offence codes spread over the configured list. Then ``score_file`` (what
``manage.py rfg`` runs) scores it with the default weights, writing the ranking CSV; seconds per run
(median of ``repeat``), with the counts. The target is under 30 seconds for 10 million incidents.

Page: ``people`` (default 5,000) people causing harm held by one police force, each with 1 to 6 stored
incidents (bulk-created: volume, not real data), scored by ``rfg_run`` (timed once), then for a police
officer who sees them all: the ranking page (first and last page of 50), the past runs page and the CSV
of all 5,000; median and p95 seconds and SQL queries per request.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

AS_OF = date(2026, 6, 30)
PEOPLE_PER_INCIDENT = 10
SPAN_DAYS = 1900
BATCH = 5_000


def generate_incidents(path: Path, count: int) -> float:
    """Write ``count`` incidents to ``path`` (Parquet) with DuckDB; the seconds it took."""
    import duckdb

    from vawg.intelligence.services.rfg import offence_codes

    codes = offence_codes()
    people = max(1, count // PEOPLE_PER_INCIDENT)
    started = time.perf_counter()
    con = duckdb.connect()
    try:
        con.execute(
            f"""
            COPY (
                SELECT
                    'I' || i AS incident_id,
                    'P' || (hash(i, 11) % {people}) AS perpetrator_id,
                    'V' || ((hash(i, 11) % {people}) * 3 + hash(i, 13) % 3) AS victim_id,
                    DATE '{AS_OF:%Y-%m-%d}' - CAST(hash(i, 17) % {SPAN_DAYS} AS INTEGER) AS occurred_on,
                    $codes[1 + CAST(hash(i, 19) % {len(codes)} AS INTEGER)] AS offence_code
                FROM range({count}) t(i)
            ) TO '{path}' (FORMAT parquet)
            """,  # noqa: S608 (whole numbers and a temporary path, not input)
            {"codes": codes},
        )
    finally:
        con.close()
    return time.perf_counter() - started


def _cpu() -> float:
    """CPU seconds of this process so far, every thread (DuckDB's too): the figure other work on the
    machine does not inflate, unlike the wall clock."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bench_engine(sizes: list[int], repeat: int) -> dict[str, Any]:
    from vawg.intelligence.rfg.engine import score_file
    from vawg.intelligence.rfg.weights import DEFAULT_WEIGHTS, read_weights_csv

    weights = read_weights_csv(DEFAULT_WEIGHTS)
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="rfg-bench-") as folder:
        for count in sizes:
            source = Path(folder) / f"incidents-{count}.parquet"
            generated = generate_incidents(source, count)
            output = Path(folder) / f"scores-{count}.csv"
            seconds, cpu = [], []
            summary = None
            for _ in range(repeat):
                started, cpu_started = time.perf_counter(), _cpu()
                summary = score_file(incidents=source, weights=weights, as_of=AS_OF, output=output)
                seconds.append(time.perf_counter() - started)
                cpu.append(_cpu() - cpu_started)
            assert summary is not None
            figure = {
                "label": f"manage.py rfg engine (DuckDB) over {count:,} incidents (Parquet)",
                "repetitions": repeat,
                "median_seconds": round(statistics.median(seconds), 3),
                "min_seconds": round(min(seconds), 3),
                "max_seconds": round(max(seconds), 3),
                "median_cpu_seconds": round(statistics.median(cpu), 3),
                "load_average_1m_after": round(os.getloadavg()[0], 2),
                "generate_seconds": round(generated, 3),
                "incidents_in_window": summary.incidents_in_window,
                "people_scored": summary.people_scored,
                "serial": summary.serial,
                "output_megabytes": round(output.stat().st_size / 1e6, 1),
            }
            print(
                f"  {figure['label']}: median {figure['median_seconds']:.2f}s "
                f"({figure['median_cpu_seconds']:.2f} CPU seconds, load {figure['load_average_1m_after']}) "
                f"(generated in {generated:.1f}s; {summary.people_scored:,} people scored)"
            )
            figures[f"rfg_engine_{count}"] = figure
    return figures


def build_people(count: int, seed: int = 23) -> dict[str, Any]:
    """``count`` people causing harm held by one force, with stored incidents; an officer who sees them."""
    from vawg.accounts.models import Membership, Organisation, OrganisationType, User
    from vawg.accounts.roles import Role
    from vawg.intelligence.models import PersonCausingHarm, PoliceImport, PoliceIncident
    from vawg.intelligence.services.rfg import offence_codes
    from vawg.people.models import Person

    rng = random.Random(seed)  # noqa: S311 (benchmark data, not security)
    codes = offence_codes()
    force = Organisation.objects.create(name="RFG bench constabulary (demo)", type=OrganisationType.POLICE)
    officer = User.objects.create_user(email="bench.rfg.officer@example.invalid", full_name="Bench officer")
    Membership.objects.create(user=officer, organisation=force, role=Role.POLICE)
    extract = PoliceImport.objects.create(
        organisation=force, file_name="bench.csv", sha256="0" * 64, encoding="utf-8", rows=0, system_job="bench"
    )
    harming = [Person(given_name=f"Bench{n}", family_name="Harm") for n in range(count)]
    victims = [Person(given_name=f"Bench{n}", family_name="Victim") for n in range(count * 2)]
    Person.objects.bulk_create(harming + victims, batch_size=BATCH)
    records = [PersonCausingHarm(person=person, owning_organisation=force, system_job="bench") for person in harming]
    PersonCausingHarm.objects.bulk_create(records, batch_size=BATCH)
    incidents: list[PoliceIncident] = []
    for number, record in enumerate(records):
        for _ in range(rng.randint(1, 6)):
            incidents.append(
                PoliceIncident(
                    organisation=force,
                    incident_id=f"BENCH-{len(incidents):07d}",
                    occurred_on=AS_OF - timedelta(days=rng.randint(0, 1000)),
                    offence_code=rng.choice(codes),
                    is_crime=True,
                    perpetrator=record,
                    victim=victims[number * 2 + rng.randint(0, 1)],
                    first_import=extract,
                    last_import=extract,
                )
            )
    PoliceIncident.objects.bulk_create(incidents, batch_size=BATCH)
    return {"officer": officer, "people": count, "incidents": len(incidents)}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _measure(label: str, action: Callable[[], Any], requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action()  # warm up
    seconds, queries = [], []
    for _ in range(requests):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = action()
            seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"RFG benchmark request failed with {response.status_code}")
        queries.append(len(captured.captured_queries))
    figure = {
        "label": label,
        "repetitions": requests,
        "median_seconds": round(statistics.median(seconds), 6),
        "p95_seconds": round(_p95(seconds), 6),
        "queries": sorted(set(queries)),
    }
    print(f"  {label}: median {statistics.median(seconds):.4f}s, queries {'/'.join(map(str, sorted(set(queries))))}")
    return figure


def bench_page(people: int, requests: int) -> dict[str, Any]:
    from django.test import Client

    from vawg.accounts.testing import sign_in_verified
    from vawg.intelligence.services.rfg import rfg_run

    dataset = build_people(people)
    started = time.perf_counter()
    run = rfg_run(as_of=AS_OF, system_job="bench")
    run_seconds = time.perf_counter() - started
    print(
        f"  rfg_run over {dataset['incidents']:,} stored incidents: {run_seconds:.2f}s, "
        f"{run.cohort_size:,} people scored"
    )
    client = sign_in_verified(Client(), dataset["officer"])
    last = (run.cohort_size + 49) // 50
    return {
        "rfg_run_stored": {
            "label": f"rfg_run over {dataset['incidents']:,} stored incidents of {people:,} people",
            "seconds": round(run_seconds, 3),
            "people_scored": run.cohort_size,
        },
        "rfg_ranking_page_first": _measure(
            f"ranking page 1 of {last} ({people:,} people)", lambda: client.get("/ranking/"), requests
        ),
        "rfg_ranking_page_last": _measure(
            f"ranking page {last} of {last}", lambda: client.get(f"/ranking/?page={last}"), requests
        ),
        "rfg_run_list_page": _measure("past runs page", lambda: client.get("/ranking/runs/"), requests),
        "rfg_ranking_csv": _measure(
            f"ranking CSV ({people:,} rows)", lambda: client.get("/ranking/download/"), max(3, requests // 5)
        ),
    }


def bench_rfg(sizes: list[int], people: int, requests: int, repeat: int) -> dict[str, Any]:
    print("RFG ranking:")
    figures = bench_engine(sizes, repeat) if sizes else {}
    if people > 0:
        figures.update(bench_page(people, requests))
    return figures
