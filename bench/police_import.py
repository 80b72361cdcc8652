"""Police import benchmark (``bench/run.py --only police``): a synthetic extract of ``--police-rows``
(default 500,000) rows, generated here with a fixed seed, imported once into an empty database, then the
same file again (every incident unchanged) and an overlapping extract (new incidents and new outcomes).

Records the seconds of each import, split into the import's own transaction and the two follow-ups it
runs after it (the serial flag and the identity-link search, which belong to other parts), the peak
resident memory of the process (``ru_maxrss``) and the peak Python allocation of reading the file alone
(``tracemalloc``). Synthetic data only: Faker en_GB names with a fixed seed, postcodes in the ZZ area
(which does not exist), force references and incident ids made up here.
"""

from __future__ import annotations

import random
import resource
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from vawg.intelligence.imports.police import COLUMNS

SEED = 20250305
DISTRICTS = ("North Vale (demo)", "South Vale (demo)", "East Vale (demo)", "")


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # kilobytes on Linux


def build_extract(rows: int, *, seed: int = SEED, start: int = 0, outcomes: bool = False, pool: int = 0) -> bytes:
    """``rows`` incidents numbered from ``start``, about one person causing harm for every four incidents
    of ``pool`` (default ``rows``) and one victim for every three; the same number always makes the same
    incident and person. ``outcomes`` gives every crime an outcome (a later extract)."""
    from faker import Faker

    from vawg.intelligence.offences import NON_CRIME, OFFENCES

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    given = [fake.first_name() for _ in range(500)]
    family = [fake.last_name() for _ in range(1000)]
    codes = [*OFFENCES, NON_CRIME, NON_CRIME, NON_CRIME]
    today = date(2025, 6, 1)

    def person(kind: str, number: int) -> list[str]:
        local = random.Random(f"{seed}-{kind}-{number}")  # noqa: S311 (benchmark data, not security)
        born = date(1950, 1, 1) + timedelta(days=local.randrange(365 * 55))
        postcode = f"ZZ{local.randint(1, 99)} {local.randint(0, 9)}{local.choice('ABDEFGHJ')}{local.choice('LNPQRSTU')}"
        return [
            f"{kind}{number:07d}",
            local.choice(given),
            local.choice(family),
            f"{born:%d/%m/%Y}",
            postcode if local.random() < 0.8 else "",
        ]

    perpetrators = [person("P", number) for number in range(max(1, (pool or rows) // 4))]
    victims = [person("V", number) for number in range(max(1, (pool or rows) // 3))]
    lines = [",".join(COLUMNS)]
    for number in range(start, start + rows):
        local = random.Random(f"{seed}-incident-{number}")  # noqa: S311 (benchmark data, not security)
        code, outcome, reported = local.choice(codes), str(local.randint(1, 23)), local.random() < 0.3
        occurred = today - timedelta(days=local.randrange(365 * 5))
        cells = [
            f"INC{number:08d}",
            f"{occurred:%d/%m/%Y}",
            code,
            outcome if code != NON_CRIME and (outcomes or reported) else "",
            local.choice(DISTRICTS),
            *local.choice(perpetrators),
            *local.choice(victims),
        ]
        lines.append(",".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode()


def _timed_follow_ups(timings: dict[str, float], failures: dict[str, str]) -> Callable[[], None]:
    """Wrap the two follow-ups the import calls so their time is recorded apart (and a failure of one
    recorded rather than ending the benchmark); returns the undo."""
    from vawg.intelligence.services import police

    originals = {"serial_assess": police.serial_assess, "links_find_for_import": police.links_find_for_import}

    def wrap(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(**kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(**kwargs)
            except Exception as error:  # another part's follow-up: record it, measure the rest
                failures[name] = f"{type(error).__name__}: {error}"[:200]
                print(f"  ! {name} failed after the import was stored: {failures[name]}")
                return None
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

        return timed

    for name, function in originals.items():
        setattr(police, name, wrap(name, function))

    def undo() -> None:
        for name, function in originals.items():
            setattr(police, name, function)

    return undo


def _import(organisation: Any, data: bytes, label: str) -> dict[str, Any]:
    from vawg.intelligence.services.police import police_import

    timings: dict[str, float] = {}
    failures: dict[str, str] = {}
    undo = _timed_follow_ups(timings, failures)
    try:
        started = time.perf_counter()
        stored = police_import(organisation=organisation, file_name=f"{label}.csv", data=data, system_job="bench")
        total = time.perf_counter() - started
    finally:
        undo()
    follow_ups = sum(timings.values())
    figure = {
        "label": f"police import, {label}: {stored.rows:,} rows",
        "rows": stored.rows,
        "seconds": round(total, 2),
        "own_transaction_seconds": round(total - follow_ups, 2),
        "serial_assess_seconds": round(timings.get("serial_assess", 0.0), 2),
        "links_find_seconds": round(timings.get("links_find_for_import", 0.0), 2),
        "rows_per_second_own": round(stored.rows / max(total - follow_ups, 1e-9), 1),
        "incidents_created": stored.incidents_created,
        "incidents_updated": stored.incidents_updated,
        "incidents_unchanged": stored.incidents_unchanged,
        "people_created": stored.people_created,
        "peak_rss_mb_after": _rss_mb(),
        "follow_up_failures": failures,
    }
    print(
        f"  {figure['label']}: {total:.1f}s ({figure['own_transaction_seconds']}s own, "
        f"{figure['serial_assess_seconds']}s serial, {figure['links_find_seconds']}s links); "
        f"created {stored.incidents_created:,}, updated {stored.incidents_updated:,}, "
        f"unchanged {stored.incidents_unchanged:,}; peak RSS {figure['peak_rss_mb_after']} MB"
    )
    return figure


def bench_police(rows: int) -> dict[str, Any]:
    from django.utils import timezone

    from vawg.accounts.models import District, Organisation, OrganisationType
    from vawg.intelligence.imports.police import extract_read

    print(f"Police import with {rows:,} rows:")
    baseline = _rss_mb()
    started = time.perf_counter()
    data = build_extract(rows)
    print(f"  built the extract ({len(data) / 1e6:.1f} MB) in {time.perf_counter() - started:.1f}s")
    for name in DISTRICTS:
        if name:
            District.objects.create(name=name, slug=name.split()[0].lower())
    force = Organisation.objects.create(name="Bench Constabulary (demo)", type=OrganisationType.POLICE)

    tracemalloc.start()
    started = time.perf_counter()
    extract = extract_read(data, districts=[d for d in DISTRICTS if d], today=timezone.localdate())
    read_seconds = time.perf_counter() - started
    _, read_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    people = len(extract.people)
    del extract
    print(f"  reading and checking alone: {read_seconds:.1f}s, peak Python allocation {read_peak / 2**20:.0f} MB")

    first = _import(force, data, "first extract")
    again = _import(force, data, "the same file again")
    overlap = build_extract(rows // 10, start=rows - rows // 20, outcomes=True, pool=rows)
    overlapping = _import(force, overlap, "overlapping extract (half new, half with outcomes)")
    return {
        "police_dataset": {
            "rows": rows,
            "file_mb": round(len(data) / 1e6, 1),
            "people_in_file": people,
            "seed": SEED,
            "rss_mb_before": baseline,
        },
        "police_read": {
            "label": f"reading and checking a {rows:,}-row extract (no database)",
            "seconds": round(read_seconds, 2),
            "peak_python_mb": round(read_peak / 2**20, 1),
        },
        "police_import_first": first,
        "police_import_again": again,
        "police_import_overlap": overlapping,
    }
