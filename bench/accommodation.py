"""Safe accommodation benchmarks: matching one request against ``--units`` (default 10,000) units, and the
vacancy board API over them.

Builds ``units`` units across 25 providers and 10 districts with varied features (bulk-created, addresses
encrypted as usual), each with a status row: most vacant (from today or a day in the next fortnight), the
rest out of use. One IDVA raises one request. Then, each over ``requests`` repetitions, median and p95
seconds and SQL queries per call:

- ``match_units`` alone (the pure function) over the units as ``UnitOffer`` values;
- ``request_matches``: reading the units the IDVA may see and their availability from the database, then
  matching;
- ``GET /api/v1/accommodation/units?available=true`` (the first page of 50, and the count) with a token.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

PROVIDERS = 25
DISTRICTS = 10


def build_units(count: int, seed: int = 11) -> dict[str, Any]:
    from django.utils import timezone

    from vawg.accounts.models import District, Organisation, OrganisationType
    from vawg.accounts.roles import Role
    from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
    from vawg.cases.tests.factories import CaseFactory
    from vawg.provision.config import Urgency
    from vawg.provision.models import Unit, UnitStatus
    from vawg.provision.services.accommodation import RequestInput, accommodation_request_raise

    rng = random.Random(seed)  # noqa: S311 (benchmark data, not security)
    today = timezone.localdate()
    districts = [District.objects.create(slug=f"bench-{n}", name=f"Bench district {n}") for n in range(DISTRICTS)]
    providers = [
        Organisation.objects.create(name=f"Bench refuge {n}", type=OrganisationType.REFUGE_PROVIDER)
        for n in range(PROVIDERS)
    ]
    units = []
    for number in range(count):
        household = rng.randint(2, 6)
        units.append(
            Unit(
                organisation=providers[number % PROVIDERS],
                name=f"Unit {number:05d}",
                accommodation_type="refuge",
                district=districts[number % DISTRICTS],
                address=f"{number} Bench Row, AA1 1AA",
                bedspaces=household,
                wheelchair_accessible=rng.random() < 0.2,
                max_household=household,
                max_children=household - 1,
                boys_max_age=rng.choice([None, 12, 14, 16]),
                genders=rng.choice([["female"], ["female", "non-binary"], ["female", "male", "non-binary"]]),
                min_age=rng.choice([16, 18]),
                pets=rng.random() < 0.1,
                nrpf_accepted=rng.random() < 0.5,
                languages=rng.sample(["en", "pl", "ur", "ro", "bn"], k=rng.randint(1, 3)),
                specialisms=rng.sample(["black-minoritised", "deaf", "lgbt-plus"], k=rng.randint(0, 1)),
                opened_on=today - timedelta(days=400),
            )
        )
    Unit.objects.bulk_create(units, batch_size=1000)
    statuses = []
    for unit in units:
        vacant = rng.random() < 0.8
        statuses.append(
            UnitStatus(
                unit=unit,
                state="vacant" if vacant else "out-of-use",
                available_from=today + timedelta(days=rng.randint(0, 14)) if vacant else None,
                system_job="bench",
            )
        )
    UnitStatus.objects.bulk_create(statuses, batch_size=1000)
    agency = OrganisationFactory(name="Bench IDVA service", type=OrganisationType.SPECIALIST_SERVICE)
    idva = user_with_role(Role.IDVA, agency, email="bench.idva@example.invalid")
    request = accommodation_request_raise(
        by=idva,
        case=CaseFactory(owning_organisation=agency),
        organisation=agency,
        answers=RequestInput(
            urgency=Urgency.THIS_WEEK,
            adults=1,
            children=[{"age": 7, "sex": "male"}, {"age": 4, "sex": "female"}],
            survivor_age=34,
            survivor_gender="female",
            languages=("pl",),
            excluded_districts=(districts[0],),
        ),
    )
    return {"idva": idva, "request": request, "units": count}


def _timed_calls(call: Any, requests: int) -> tuple[list[float], list[int]]:
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm up
    seconds: list[float] = []
    queries: list[int] = []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            call()
            seconds.append(time.perf_counter() - start)
        queries.append(len(captured.captured_queries))
    return seconds, queries


def _figure(label: str, units: int, seconds: list[float], queries: list[int], **extra: Any) -> dict[str, Any]:
    import statistics

    from bench.case_pages import _p95

    figure = {
        "label": label,
        "units": units,
        "repetitions": len(seconds),
        "median_seconds": round(statistics.median(seconds), 6),
        "p95_seconds": round(_p95(seconds), 6),
        "min_seconds": round(min(seconds), 6),
        "max_seconds": round(max(seconds), 6),
        "queries_per_request": sorted(set(queries)),
        **extra,
    }
    print(
        f"  {label}: median {figure['median_seconds']:.4f}s, p95 {figure['p95_seconds']:.4f}s, "
        f"queries {'/'.join(map(str, figure['queries_per_request']))}"
    )
    return figure


def bench_accommodation(dataset: dict[str, Any], requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from vawg.api.services import api_token_create
    from vawg.provision.rules import match_units
    from vawg.provision.selectors.accommodation import (
        request_matches,
        request_profile,
        unit_availability,
        unit_offer,
        units_for_matching,
    )

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    idva, request, count = dataset["idva"], dataset["request"], dataset["units"]
    day = max(request.needed_from, timezone.localdate())
    units = list(units_for_matching(idva, on=day))
    availability = unit_availability(units)
    offers = [unit_offer(unit, availability[unit.pk]) for unit in units]
    profile = request_profile(request)

    def pure() -> Any:
        return match_units(
            offers,
            on=day,
            household=profile.household,
            needs=profile.needs,
            preferences=profile.preferences,
            excluded_districts=profile.excluded_districts,
        )

    matched = len(pure().matches)
    results: dict[str, Any] = {}
    seconds, queries = _timed_calls(pure, requests)
    results["accommodation_match_pure"] = _figure(
        f"match_units over {len(offers):,} units (pure function)", len(offers), seconds, queries, matches=matched
    )
    seconds, queries = _timed_calls(lambda: request_matches(request, user=idva), requests)
    results["accommodation_request_matches"] = _figure(
        f"request_matches: read {count:,} units and match", count, seconds, queries, matches=matched
    )
    token = api_token_create(user=idva, name="Benchmark", by=idva)[1]
    client = Client()

    def board() -> Any:
        response = client.get(
            "/api/v1/accommodation/units", {"available": "true"}, HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        if response.status_code != 200:
            raise SystemExit(f"benchmark request failed with {response.status_code}")
        return response

    available = board().json()["count"]
    seconds, queries = _timed_calls(board, requests)
    results["accommodation_units_api_available"] = _figure(
        f"GET /api/v1/accommodation/units?available=true over {count:,} units (first page of 50)",
        count,
        seconds,
        queries,
        available=available,
        note="queries include the API token check and the one api.call.serve audit entry",
    )
    return results
