"""Crime outcomes benchmarks: the attrition funnel page and API over years of county crimes.

``build_attrition`` bulk-creates ``years`` of police incidents, about ``per_month`` a month (bypassing the
import, its services and audit: volume only, not real data), of two forces, across ten districts, with
outcomes mixed as in the demo extract (most for evidential difficulties or no suspect, about 8 in 100
charged), outcome dates, and court results for most charges. 10 years at 12,000 a month is about 1.4 million
incidents (``--attrition-per-month 12000``); the default is smaller so that building stays quick.

``bench_attrition`` then times, over ``repeat`` repetitions (median and p95 seconds, SQL queries):
- the funnel page (GET /justice/attrition/) for an analyst: the last full calendar year, and all ten years;
- the CSV download of the last full year;
- the API (GET /api/v1/justice/attrition) for the last full year and for all ten years, with a bearer token.
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import date, timedelta
from typing import Any

from bench.provision_reports import _bulk, _figure, _measure

DISTRICTS = 10
PEOPLE = 4_000
OUTCOMES = {"": 6, "1": 8, "2": 1, "3": 2, "8": 2, "9": 1, "10": 1, "12": 1, "14": 20, "15": 22, "16": 32,
            "18": 5, "20": 2, "21": 2, "22": 1}  # fmt: skip
COURT = {"convicted": 72, "acquitted": 11, "discontinued": 5, "other": 2, "": 10}


def build_attrition(years: int, per_month: int) -> dict[str, Any]:
    """Create the incidents (and the people and forces they need) and the benchmark analyst."""
    from django.utils import timezone

    from vawg.accounts.models import District, Membership, Organisation, OrganisationType, User
    from vawg.accounts.roles import Role
    from vawg.intelligence.models import PersonCausingHarm, PoliceImport, PoliceIncident
    from vawg.intelligence.offences import NON_CRIME, OFFENCES
    from vawg.people.models import Person

    started = time.perf_counter()
    rng = random.Random(f"attrition-bench-{years}-{per_month}")  # noqa: S311 (benchmark data, not security)
    today = timezone.localdate()
    forces = [Organisation.objects.create(name=f"Bench force {n}", type=OrganisationType.POLICE) for n in range(2)]
    districts = [
        District.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"Bench district {n}"})[0]
        for n in range(DISTRICTS)
    ]
    imports = [
        PoliceImport.objects.create(
            organisation=force, file_name="bench.csv", sha256="0" * 64, encoding="utf-8", rows=0, system_job="bench"
        )
        for force in forces
    ]
    people = [Person(id=uuid.uuid4(), given_name="Bench", family_name=f"Person {n}") for n in range(PEOPLE)]
    _bulk(Person, people)
    harm = [
        PersonCausingHarm(id=uuid.uuid4(), person=person, owning_organisation=forces[0], system_job="bench")
        for person in people[: PEOPLE // 2]
    ]
    _bulk(PersonCausingHarm, harm)
    victims = people[PEOPLE // 2 :]
    codes = [*OFFENCES, NON_CRIME, NON_CRIME, NON_CRIME]
    total = years * 12 * per_month
    days = years * 365
    batch: list[Any] = []
    for number in range(total):
        occurred = today - timedelta(days=rng.randrange(days))
        code = rng.choice(codes)
        is_crime = code != NON_CRIME
        outcome = rng.choices(list(OUTCOMES), weights=list(OUTCOMES.values()))[0] if is_crime else ""
        outcome_on = min(today, occurred + timedelta(days=rng.randint(5, 200))) if outcome else None
        result = rng.choices(list(COURT), weights=list(COURT.values()))[0] if outcome == "1" else ""
        police = imports[number % 2]
        batch.append(
            PoliceIncident(
                id=uuid.uuid4(),
                organisation_id=police.organisation_id,
                incident_id=f"B{number:09d}",
                occurred_on=occurred,
                offence_code=code,
                is_crime=is_crime,
                outcome_code=outcome,
                outcome_date=outcome_on,
                court_result=result,
                court_result_date=outcome_on + timedelta(days=60) if result and outcome_on else None,
                district=rng.choice(districts) if rng.random() < 0.97 else None,
                perpetrator=rng.choice(harm),
                victim=rng.choice(victims),
                first_import=police,
                last_import=police,
            )
        )
        if len(batch) == 50_000:
            _bulk(PoliceIncident, batch)
            batch = []
    _bulk(PoliceIncident, batch)
    analyst = User.objects.create_user(email="bench.attrition.analyst@example.invalid", full_name="Bench analyst")
    Membership.objects.create(user=analyst, organisation=forces[0], role=Role.ANALYST)
    figures = {
        "years": years,
        "incidents": total,
        "per_month": per_month,
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    print(f"  built {figures}")
    return {"figures": figures, "analyst": analyst, "today": today}


def bench_attrition(dataset: dict[str, Any], repeat: int) -> dict[str, Any]:
    from django.test import Client

    from vawg.accounts.testing import sign_in_verified
    from vawg.api.services import api_token_create
    from vawg.justice.rules.attrition import last_full_year

    start, end = last_full_year(dataset["today"])
    first = dataset["today"] - timedelta(days=dataset["figures"]["years"] * 365)
    analyst = sign_in_verified(Client(), dataset["analyst"])
    token = api_token_create(user=dataset["analyst"], name="Bench", by=dataset["analyst"])[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def form(since: date, until: date) -> dict[str, str]:
        return {
            **{f"from_date_{n}": str(part) for n, part in enumerate((since.day, since.month, since.year))},
            **{f"to_date_{n}": str(part) for n, part in enumerate((until.day, until.month, until.year))},
        }

    last_year = f"from={start}&to={end}"
    ten_years = f"from={first}&to={dataset['today']}"
    measured = {
        "attrition_page_year": (
            f"GET /justice/attrition/ ({start.year}), analyst",
            lambda: analyst.get("/justice/attrition/", form(start, end)),
        ),
        "attrition_page_ten_years": (
            "GET /justice/attrition/ (ten years), analyst",
            lambda: analyst.get("/justice/attrition/", form(first, dataset["today"])),
        ),
        "attrition_csv_year": (
            f"GET /justice/attrition/download/ ({start.year}), analyst",
            lambda: analyst.get("/justice/attrition/download/", form(start, end)),
        ),
        "attrition_api_year": (
            f"GET /api/v1/justice/attrition?{last_year}, analyst's token",
            lambda: api.get(f"/api/v1/justice/attrition?{last_year}"),
        ),
        "attrition_api_ten_years": (
            "GET /api/v1/justice/attrition (ten years), analyst's token",
            lambda: api.get(f"/api/v1/justice/attrition?{ten_years}"),
        ),
    }
    results: dict[str, Any] = {"attrition_dataset": dataset["figures"]}
    for key, (label, action) in measured.items():
        seconds, queries = _measure(action, repeat)
        results[key] = _figure(label, seconds, queries)
    return results
