"""Case page benchmarks: the case list, case search, case page and referral lists with many cases.

``build_dataset`` bulk-creates benchmark data (bypassing services and audit: this is not real
data, only volume): people, cases with one status row each, and one referral per case with one
status row and one route, spread over ``AGENCIES`` agencies and ``DISTRICTS`` districts.
Agency 0 owns ~5% of the cases (the "main" IDVA's agency) and agency 1 ~0.5% (the "small"
IDVA's: ten times fewer rows), so the same pages can be measured for both users to show the
number of queries does not grow with the rows shown.

``bench_case_pages`` signs both IDVAs in on test clients and times each page over ``requests``
requests (median and p95 seconds, queries per request from CaptureQueriesContext). The main
IDVA gets the first page of each list; the small IDVA gets their last page, so the same page is
counted with fewer rows shown: the query counts must match (no N+1).
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

AGENCIES = 30
DISTRICTS = 10
BATCH = 5_000
MAIN_SHARE = 0.05  # of the cases owned by agency 0 (the main IDVA's)
SMALL_SHARE = 0.005  # agency 1: ten times fewer
# 100 family names, each on 1% of people: one of them matches ~50 of 5,000 visible cases.
FAMILY_NAMES = [f"Benchfamily{letter}{number}" for letter in "ABCDEFGHIJ" for number in range(10)]
GIVEN_NAMES = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Morgan", "Jamie", "Charlie", "Taylor"]
SEARCHED_NAME = FAMILY_NAMES[7]


def _owner_index(number: int, rng: random.Random) -> int:
    draw = rng.random()
    if draw < MAIN_SHARE:
        return 0
    if draw < MAIN_SHARE + SMALL_SHARE:
        return 1
    return rng.randrange(2, AGENCIES)


def _batched(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk(model: Any, rows: list[Any]) -> None:
    for batch in _batched(rows):
        model.objects.bulk_create(batch, batch_size=BATCH)


def build_dataset(count: int, seed: int = 3) -> dict[str, Any]:
    """Create ``count`` cases (and as many people and referrals) and the two benchmark IDVAs."""
    from django.db import connection

    from vawg.accounts.models import District, Membership, Organisation, OrganisationType, User
    from vawg.accounts.roles import Role
    from vawg.cases.models import Case, CaseStatus, CaseStatusValue, RiskLevel
    from vawg.people.models import Person
    from vawg.referrals.models import (
        FormOfAbuse,
        Referral,
        ReferralRoute,
        ReferralSource,
        ReferralState,
        ReferralStatus,
        ServiceKind,
    )

    rng = random.Random(seed)  # noqa: S311 (benchmark data, not security)
    started = time.perf_counter()
    districts = [District(name=f"Bench district {n}", slug=f"bench-district-{n}") for n in range(DISTRICTS)]
    District.objects.bulk_create(districts)
    types = list(OrganisationType.values)
    agencies = [Organisation(name=f"Bench agency {n:02d}", type=types[n % len(types)]) for n in range(AGENCIES)]
    Organisation.objects.bulk_create(agencies)
    creator = User.objects.create_user(email="bench.creator@example.invalid", full_name="Bench creator")
    main = User.objects.create_user(email="bench.idva.main@example.invalid", full_name="Bench IDVA (main)")
    small = User.objects.create_user(email="bench.idva.small@example.invalid", full_name="Bench IDVA (small)")
    Membership.objects.create(user=main, organisation=agencies[0], role=Role.IDVA)
    Membership.objects.create(user=small, organisation=agencies[1], role=Role.IDVA)
    users_by_agency = {0: main, 1: small}

    risks = [RiskLevel.STANDARD] * 5 + [RiskLevel.MEDIUM] * 3 + [RiskLevel.HIGH, RiskLevel.NOT_ASSESSED]
    states = [ReferralState.SUBMITTED, ReferralState.TRIAGED, ReferralState.SENT, ReferralState.ACCEPTED]
    forms = list(FormOfAbuse.values)
    services = [ServiceKind.IDVA, ServiceKind.OUTREACH, ServiceKind.ISVA_SARC]
    people: list[Any] = []
    cases: list[Any] = []
    case_statuses: list[Any] = []
    referrals: list[Any] = []
    referral_statuses: list[Any] = []
    routes: list[Any] = []
    born = date(1960, 1, 1)
    for number in range(1, count + 1):
        district = districts[number % DISTRICTS]
        owner = _owner_index(number, rng)
        person = Person(
            id=uuid.uuid4(),
            given_name=GIVEN_NAMES[number % len(GIVEN_NAMES)],
            family_name=FAMILY_NAMES[number % len(FAMILY_NAMES)],
            date_of_birth=born + timedelta(days=rng.randrange(0, 365 * 45)),
            district=district,
        )
        case = Case(
            id=uuid.uuid4(),
            reference=f"C-BENCH-{number:06d}",
            victim=person,
            owning_organisation=agencies[owner],
            district=district,
            current_status=CaseStatusValue.OPEN,
            current_risk_level=rng.choice(risks),
            created_by=creator,
        )
        # Referred by another agency's staff (or, for ~1 in 100 of agency 0/1's own cases, by their
        # IDVA: the "sent" list), and routed to the owning agency (the inbox).
        self_referred = owner in users_by_agency and number % 100 == 0
        referrer_index = owner if self_referred else (owner + 1 + number) % AGENCIES
        state = rng.choice(states)
        referral = Referral(
            id=uuid.uuid4(),
            reference=f"R-BENCH-{number:06d}",
            source=ReferralSource.PROFESSIONAL,
            subject=person,
            referrer_organisation=agencies[referrer_index],
            referrer_user=users_by_agency[owner] if self_referred else creator,
            forms_of_abuse=rng.sample(forms, 2),
            district=district,
            current_state=state,
            case=case,
        )
        people.append(person)
        cases.append(case)
        case_statuses.append(CaseStatus(case=case, status=CaseStatusValue.OPEN, created_by=creator))
        referrals.append(referral)
        referral_statuses.append(ReferralStatus(referral=referral, state=state, created_by=creator))
        service = services[number % len(services)]
        routes.append(ReferralRoute(referral=referral, service_kind=service, organisation=agencies[owner]))
    prepared = time.perf_counter()
    for model, rows in (
        (Person, people),
        (Case, cases),
        (CaseStatus, case_statuses),
        (Referral, referrals),
        (ReferralStatus, referral_statuses),
        (ReferralRoute, routes),
    ):
        _bulk(model, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    finished = time.perf_counter()
    built = {
        "label": f"bulk-create {count:,} cases, people and referrals (one status row each, one route each)",
        "cases": count,
        "people": count,
        "referrals": count,
        "agencies": AGENCIES,
        "districts": DISTRICTS,
        "prepare_seconds": round(prepared - started, 3),
        "insert_seconds": round(finished - prepared, 3),
        "total_seconds": round(finished - started, 3),
    }
    print(f"  built {count:,} cases in {built['total_seconds']:.1f}s (insert {built['insert_seconds']:.1f}s)")
    return {"figures": built, "main": main, "small": small}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _measure(request: Callable[[], Any], requests: int) -> tuple[list[float], list[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds: list[float] = []
    queries: list[int] = []
    request()  # warm up (templates, caches): not counted
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = request()
            seconds.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"benchmark request failed with {response.status_code}")
        queries.append(len(captured.captured_queries))
    return seconds, queries


def _figure(label: str, rows: dict[str, int], seconds: list[float], queries: list[int], small_queries: list[int]):
    figure = {
        "label": label,
        "repetitions": len(seconds),
        "median_seconds": round(statistics.median(seconds), 6),
        "p95_seconds": round(_p95(seconds), 6),
        "min_seconds": round(min(seconds), 6),
        "max_seconds": round(max(seconds), 6),
        "queries_per_request": sorted(set(queries)),
        "rows_shown": rows["main"],
        # A user who sees ten times fewer cases (on list pages: their last page, so fewer rows).
        "queries_per_request_fewer_rows": sorted(set(small_queries)),
        "rows_shown_fewer_rows": rows["small"],
    }
    return figure


def bench_case_pages(dataset: dict[str, Any], requests: int, seed: int = 3) -> dict[str, dict[str, Any]]:
    from django.db import connection
    from django.test import Client

    from vawg.accounts.testing import sign_in_verified
    from vawg.cases.models import Case
    from vawg.cases.views.lists import PER_PAGE as CASES_PER_PAGE
    from vawg.cases.views.lists import SEARCH_LIMIT
    from vawg.referrals.models import Referral
    from vawg.referrals.views.triage import PER_PAGE as REFERRALS_PER_PAGE

    rng = random.Random(seed)  # noqa: S311 (picks pages to request, not security)
    users = {"main": dataset["main"], "small": dataset["small"]}
    clients = {key: sign_in_verified(Client(), user) for key, user in users.items()}
    visible = {key: Case.objects.visible_to(user) for key, user in users.items()}
    case_ids = {key: list(cases.values_list("pk", flat=True)) for key, cases in visible.items()}
    counts = {
        "visible_cases": {key: len(ids) for key, ids in case_ids.items()},
        "search_matches": {key: cases.matching(name=SEARCHED_NAME).count() for key, cases in visible.items()},
        "inbox": {
            key: Referral.objects.visible_to(user).routed_to(list(user.organisation_ids())).count()
            for key, user in users.items()
        },
        "sent": {key: Referral.objects.visible_to(user).sent_by(user).count() for key, user in users.items()},
    }
    print(f"  visible to the main / small IDVA: {counts}")

    def listing(path: str, total: dict[str, int], per_page: int) -> tuple[Callable[[Client, str], Any], dict[str, int]]:
        """The main IDVA's first page (full), and the small IDVA's last page (fewer rows)."""
        last = {key: max(1, -(-value // per_page)) for key, value in total.items()}
        rows = {"main": min(total["main"], per_page), "small": total["small"] - (last["small"] - 1) * per_page}

        def call(client: Client, key: str) -> Any:
            return client.get(path) if key == "main" else client.get(path, {"page": last["small"]})

        return call, rows

    list_call, list_rows = listing("/cases/", counts["visible_cases"], CASES_PER_PAGE)
    inbox_call, inbox_rows = listing("/referrals/inbox/", counts["inbox"], REFERRALS_PER_PAGE)
    sent_call, sent_rows = listing("/referrals/sent/", counts["sent"], REFERRALS_PER_PAGE)
    pages: list[tuple[str, str, Callable[[Client, str], Any], dict[str, int]]] = [
        ("case_list", "GET /cases/ (first page)", list_call, list_rows),
        (
            "case_search",
            f"POST /cases/search/ by a family name ({counts['search_matches']['main']} visible matches)",
            lambda c, _k: c.post("/cases/search/", {"name": SEARCHED_NAME}),
            {key: min(value, SEARCH_LIMIT) for key, value in counts["search_matches"].items()},
        ),
        (
            "case_page",
            "GET /cases/<id>/ (a random visible case)",
            lambda c, k: c.get(f"/cases/{rng.choice(case_ids[k])}/"),
            {"main": 1, "small": 1},
        ),
        ("referral_inbox", "GET /referrals/inbox/ (first page)", inbox_call, inbox_rows),
        ("referrals_sent", "GET /referrals/sent/ (first page)", sent_call, sent_rows),
    ]
    results: dict[str, dict[str, Any]] = {}
    for key, label, call, rows in pages:
        seconds, queries = _measure(lambda call=call: call(clients["main"], "main"), requests)
        _, small_queries = _measure(lambda call=call: call(clients["small"], "small"), max(3, requests // 10))
        results[key] = _figure(label, rows, seconds, queries, small_queries)
    if connection.vendor == "postgresql":
        # PostgreSQL's JIT compiles the visibility query when its (over-)estimated cost passes
        # jit_above_cost; the same pages with it off show how much of the time that is.
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        try:
            for key, _label, call, _rows in pages:
                seconds, _ = _measure(lambda call=call: call(clients["main"], "main"), requests)
                results[key]["median_seconds_jit_off"] = round(statistics.median(seconds), 6)
                results[key]["p95_seconds_jit_off"] = round(_p95(seconds), 6)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET jit")
    return {"visible_counts": counts, "pages": results}


def print_table(pages: dict[str, dict[str, Any]]) -> None:
    jit = any("median_seconds_jit_off" in figure for figure in pages.values())
    header = f"  {'page':<16}{'median s':>10}{'p95 s':>10}{'queries':>10}{'rows':>7}{'q (fewer)':>11}{'rows':>7}"
    print(header + (f"{'median, jit off':>17}{'p95, jit off':>14}" if jit else ""))
    for key, figure in pages.items():
        line = (
            f"  {key:<16}{figure['median_seconds']:>10.4f}{figure['p95_seconds']:>10.4f}"
            f"{'/'.join(map(str, figure['queries_per_request'])):>10}{figure['rows_shown']:>7}"
            f"{'/'.join(map(str, figure['queries_per_request_fewer_rows'])):>11}"
            f"{figure['rows_shown_fewer_rows']:>7}"
        )
        if jit:
            line += f"{figure['median_seconds_jit_off']:>17.4f}{figure['p95_seconds_jit_off']:>14.4f}"
        print(line)
