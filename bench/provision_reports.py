"""Commissioning benchmarks: the coverage-gap matrix and the Domestic Abuse Act 2021 Part 4 return.

``build_provision`` bulk-creates ``years`` of county-scale history (bypassing services and audit: volume
only, not real data): ten districts, 150 directory services, 600 safe accommodation units, about
``placements_per_year`` placements a year (back to back in each unit, the last one in a unit possibly still
open), a quarter as many requests closed without a placement and as many declined reservations, and about
``referrals_per_year`` referrals a year, each with its own person (ages from a date of birth, an approximate
age, or none). Times of creation are spread over the years, so the 12-month window and the financial year
each read a tenth of the rows.

``bench_provision`` then times, over ``repeat`` repetitions (median and p95 seconds, SQL queries):
- the gap matrix page (GET /commissioning/gaps/) for a commissioner;
- the gap matrix CSV download (every form of VAWG, suppressed);
- the Part 4 return page (GET /commissioning/part4-return/, the last full year) for an analyst;
- the Part 4 return API (GET /api/v1/accommodation/part4-return?year=...) with a bearer token.
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

DISTRICTS = 10
PROVIDERS = 20
SERVICES = 150
UNITS = 600
BATCH = 5_000


def _bulk(model: Any, rows: list[Any]) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)


@contextmanager
def _keeping_created_at(*models: Any) -> Iterator[None]:
    """Let bulk_create keep the ``created_at`` the benchmark sets (spread over the years) instead of now."""
    fields = [model._meta.get_field("created_at") for model in models]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _figure(label: str, seconds: list[float], queries: list[int]) -> dict[str, Any]:
    figure = {
        "label": label,
        "repetitions": len(seconds),
        "median_seconds": round(statistics.median(seconds), 6),
        "p95_seconds": round(_p95(seconds), 6),
        "min_seconds": round(min(seconds), 6),
        "max_seconds": round(max(seconds), 6),
        "queries": sorted(set(queries)),
    }
    print(
        f"  {label}: median {figure['median_seconds']:.4f}s, p95 {figure['p95_seconds']:.4f}s, "
        f"queries {'/'.join(map(str, figure['queries']))}"
    )
    return figure


def _measure(action: Callable[[], Any], repeat: int) -> tuple[list[float], list[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action()  # warm up
    seconds, queries = [], []
    for _ in range(repeat):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = action()
            seconds.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"Commissioning benchmark request failed with {response.status_code}")
        queries.append(len(captured.captured_queries))
    return seconds, queries


def _moment(rng: random.Random, first: date, last: date) -> datetime:
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    return datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=UTC)


def _services(rng: random.Random, organisation: Any, districts: list[Any]) -> None:
    from vawg.provision.config import AccessRoute
    from vawg.provision.models import Service
    from vawg.referrals.models import FormOfAbuse

    forms, risks = list(FormOfAbuse.values), ["standard", "medium", "high"]
    services, through = [], []
    for number in range(SERVICES):
        low = rng.choice([None, None, 16, 18, 25])
        service = Service(
            id=uuid.uuid4(),
            organisation=organisation,
            name=f"Bench service {number:03d}",
            description="Benchmark service",
            service_types=["outreach"],
            forms_of_abuse=rng.sample(forms, rng.randint(1, 4)),
            risk_levels=rng.sample(risks, rng.randint(1, 3)),
            minimum_age=low,
            maximum_age=rng.choice([None, None, 17, 25, 64]) if low is None else rng.choice([None, 64]),
            genders=["female", "male", "non-binary"],
            countywide=number % 4 == 0,
            access_route=AccessRoute.SELF_OR_PROFESSIONAL,
            public_phone="0808 000 0000",
        )
        services.append(service)
        if not service.countywide:
            through += [
                Service.districts.through(service_id=service.id, district_id=district.id)
                for district in rng.sample(districts, rng.randint(1, 3))
            ]
    _bulk(Service, services)
    _bulk(Service.districts.through, through)


def _referrals(rng: random.Random, years: int, per_year: int, districts: list[Any], today: date) -> int:
    from vawg.people.models import Person
    from vawg.referrals.models import FormOfAbuse, Referral, ReferralSource, RiskGrade

    forms, grades = list(FormOfAbuse.values), list(RiskGrade.values)
    first = today - timedelta(days=365 * years)
    people, referrals = [], []
    for number in range(years * per_year):
        created = _moment(rng, first, today)
        kind = rng.random()
        person = Person(
            id=uuid.uuid4(),
            given_name="Bench",
            family_name="Person",
            date_of_birth=date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 68)) if kind < 0.8 else None,
            approximate_age=rng.randint(14, 80) if 0.8 <= kind < 0.95 else None,
            created_at=created,
        )
        people.append(person)
        referrals.append(
            Referral(
                id=uuid.uuid4(),
                reference=f"R-PROV-{number:07d}",
                source=ReferralSource.PROFESSIONAL,
                subject=person,
                forms_of_abuse=rng.sample(forms, rng.randint(1, 3)),
                risk_grade=rng.choice(grades),
                district=rng.choice(districts) if rng.random() < 0.97 else None,
                created_at=created,
            )
        )
    with _keeping_created_at(Person, Referral):
        _bulk(Person, people)
        _bulk(Referral, referrals)
    return len(referrals)


def build_provision(years: int, placements_per_year: int, referrals_per_year: int, seed: int = 5) -> dict[str, Any]:
    """Create the history and the two benchmark users (a commissioner and an analyst)."""
    from django.utils import timezone

    from vawg.accounts.models import District, Membership, Organisation, OrganisationType, User
    from vawg.accounts.roles import Role
    from vawg.cases.models import Case
    from vawg.people.models import Person
    from vawg.provision.config import (
        SPECIALIST_CHARACTERISTICS,
        UNABLE_TO_SUPPORT_REASONS,
        AccommodationType,
        RequestState,
        ReservationState,
        Urgency,
    )
    from vawg.provision.models import (
        AccommodationRequest,
        Placement,
        RequestStateChange,
        Reservation,
        ReservationStateChange,
        Unit,
    )

    rng = random.Random(seed)  # noqa: S311 (benchmark data, not security)
    started = time.perf_counter()
    today = timezone.localdate()
    first = today - timedelta(days=365 * years)
    districts = [District(name=f"Provision district {n}", slug=f"provision-district-{n}") for n in range(DISTRICTS)]
    District.objects.bulk_create(districts)
    providers = [
        Organisation(name=f"Bench provider {n:02d}", type=OrganisationType.REFUGE_PROVIDER) for n in range(PROVIDERS)
    ]
    Organisation.objects.bulk_create(providers)
    creator = User.objects.create_user(email="bench.provision@example.invalid", full_name="Bench provision")
    commissioner = User.objects.create_user(email="bench.commissioner@example.invalid", full_name="Bench commissioner")
    analyst = User.objects.create_user(email="bench.analyst@example.invalid", full_name="Bench analyst")
    Membership.objects.create(user=commissioner, organisation=providers[0], role=Role.COMMISSIONER)
    Membership.objects.create(user=analyst, organisation=providers[0], role=Role.ANALYST)
    _services(rng, providers[0], districts)

    types = list(AccommodationType.values)
    units = [
        Unit(
            id=uuid.uuid4(),
            organisation=providers[n % PROVIDERS],
            name=f"Bench unit {n:03d}",
            accommodation_type=types[n % len(types)],
            district=districts[n % DISTRICTS],
            address=f"{n} Bench Canary Row",
            bedspaces=rng.randint(1, 6),
            max_household=6,
            max_children=4,
            genders=["female"],
            opened_on=first - timedelta(days=rng.randrange(400)),
            closed_on=today - timedelta(days=rng.randrange(2000)) if n % 20 == 0 else None,
        )
        for n in range(UNITS)
    ]
    _bulk(Unit, units)

    # Back-to-back placements in each unit: 600 units x ~110 days each is ~2,000 placements a year.
    stay = max(1, round(365 * UNITS / max(placements_per_year, 1)))
    people, cases, requests, placements = [], [], [], []
    closures, reservations, declines = [], [], []
    number = 0

    def household(start: date) -> Any:
        nonlocal number
        number += 1
        person = Person(id=uuid.uuid4(), given_name="Bench", family_name="Survivor", district=rng.choice(districts))
        case = Case(
            id=uuid.uuid4(),
            reference=f"C-PROV-{number:07d}",
            victim=person,
            owning_organisation=providers[number % PROVIDERS],
            district=person.district,
            created_by=creator,
        )
        request = AccommodationRequest(
            id=uuid.uuid4(),
            case=case,
            organisation=case.owning_organisation,
            created_by=creator,
            urgency=Urgency.THIS_WEEK,
            needed_from=start,
            adults=rng.choice([1, 1, 1, 2]),
            children=[{"age": rng.randint(0, 17), "sex": "female"} for _ in range(rng.choice([0, 0, 1, 2, 3]))],
            survivor_age=rng.randint(16, 80),
            survivor_gender=rng.choice(["female"] * 8 + ["male", "non-binary"]),
            specialist_characteristics=rng.sample(list(SPECIALIST_CHARACTERISTICS), rng.choice([0, 0, 1, 2])),
        )
        people.append(person)
        cases.append(case)
        requests.append(request)
        return request

    for unit in units:
        day = max(unit.opened_on, first)
        end = min(unit.closed_on or today, today)
        while day < end:
            length = rng.randint(stay // 3, stay * 5 // 3)
            request = household(day)
            ended = day + timedelta(days=length)
            open_now = ended >= end and unit.closed_on is None
            placements.append(
                Placement(
                    request=request,
                    unit=unit,
                    started_on=day,
                    started_by=creator,
                    adults=request.adults,
                    children=len(request.children),
                    ended_on=None if open_now else min(ended, end),
                    end_reason="" if open_now else "moved-on-planned",
                    move_on="" if open_now else rng.choice(["social-housing", "private-rented", "not-known"]),
                )
            )
            day = ended + timedelta(days=rng.randint(1, 10))
    reasons, declined = list(UNABLE_TO_SUPPORT_REASONS), ReservationState.PROVIDER_DECLINED
    for _ in range(years * placements_per_year // 4):
        when = _moment(rng, first, today)
        request = household(when.date())
        request.state = RequestState.CLOSED
        closures.append(
            RequestStateChange(
                request=request, state=RequestState.CLOSED, reason_code=rng.choice(reasons), created_at=when
            )
        )
        reservation = Reservation(
            id=uuid.uuid4(),
            unit=rng.choice(units),
            request=request,
            state=declined,
            expires_at=when,
            created_by=creator,
        )
        reservations.append(reservation)
        declines.append(
            ReservationStateChange(
                reservation=reservation, state=declined, reason_code=rng.choice(reasons), created_at=when
            )
        )
    _bulk(Person, people)
    _bulk(Case, cases)
    _bulk(AccommodationRequest, requests)
    _bulk(Placement, placements)
    _bulk(Reservation, reservations)
    with _keeping_created_at(RequestStateChange, ReservationStateChange):
        _bulk(RequestStateChange, closures)
        _bulk(ReservationStateChange, declines)
    referrals = _referrals(rng, years, referrals_per_year, districts, today)
    figures = {
        "years": years,
        "districts": DISTRICTS,
        "services": SERVICES,
        "units": UNITS,
        "placements": len(placements),
        "requests_closed": len(closures),
        "reservations_declined": len(declines),
        "referrals": referrals,
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    print(f"  built {figures}")
    return {"figures": figures, "commissioner": commissioner, "analyst": analyst}


def bench_provision(dataset: dict[str, Any], repeat: int) -> dict[str, Any]:
    from django.test import Client
    from django.utils import timezone

    from vawg.accounts.testing import sign_in_verified
    from vawg.api.services import api_token_create
    from vawg.provision.selectors.part4 import last_full_year

    year = last_full_year(timezone.localdate())
    commissioner = sign_in_verified(Client(), dataset["commissioner"])
    analyst = sign_in_verified(Client(), dataset["analyst"])
    token = api_token_create(user=dataset["analyst"], name="Bench", by=dataset["analyst"])[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    measured = {
        "provision_gap_matrix_page": (
            "GET /commissioning/gaps/ (domestic abuse, 10 districts), commissioner",
            lambda: commissioner.get("/commissioning/gaps/"),
        ),
        "provision_gap_matrix_csv": (
            "GET /commissioning/gaps/download/csv/ (every form of VAWG, suppressed), commissioner",
            lambda: commissioner.get("/commissioning/gaps/download/csv/"),
        ),
        "provision_part4_return_page": (
            f"GET /commissioning/part4-return/?year={year}, analyst",
            lambda: analyst.get("/commissioning/part4-return/", {"year": year}),
        ),
        "provision_part4_return_api": (
            f"GET /api/v1/accommodation/part4-return?year={year}, analyst's token",
            lambda: api.get("/api/v1/accommodation/part4-return", {"year": year}),
        ),
    }
    results: dict[str, Any] = {"provision_dataset": dataset["figures"]}
    for key, (label, action) in measured.items():
        seconds, queries = _measure(action, repeat)
        results[key] = _figure(label, seconds, queries)
    return results
