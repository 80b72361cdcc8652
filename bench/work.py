"""Daily casework benchmarks: My work and the filtered case list for an IDVA with 200 cases.

Runs on the case dataset of bench/case_pages.py (``--cases``, default 100,000 cases): the main IDVA's
agency holds ~5% of them; the IDVA is put on the team of ``TEAM_CASES`` of those (their own caseload),
a contact or a note is written on each of them in the last few weeks (so "last activity" and "no
contact for 14 days" have rows to read), and a quarter are marked high risk. Then each page is timed
over ``requests`` requests: median and p95 seconds, and SQL queries per request. The small IDVA (ten
times fewer visible cases, a caseload of ``TEAM_CASES // 10``) gets the same pages, so the query
counts can be compared: they must not grow with the caseload.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

TEAM_CASES = 200
# The pages measured: (key, label, path, query string).
PAGES: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    ("my_work", "GET /home/ (My work: every count)", "/home/", {}),
    ("my_work_api", "GET /api/v1/me/work", "/api/v1/me/work", {}),
    (
        "case_list_mine_high",
        "GET /cases/?whose=mine&risk=high&sort=risk",
        "/cases/",
        {"whose": "mine", "risk": "high", "sort": "risk"},
    ),
    (
        "case_list_mine_no_contact",
        "GET /cases/?whose=mine&no_contact=yes",
        "/cases/",
        {"whose": "mine", "no_contact": "yes"},
    ),
    (
        "case_list_agency_marac",
        "GET /cases/?whose=agency&marac=yes&sort=risk",
        "/cases/",
        {"whose": "agency", "marac": "yes", "sort": "risk"},
    ),
)


def _caseload(user: Any, size: int, rng: random.Random) -> int:
    """Put ``user`` on the team of ``size`` cases their agency holds, with recent chronology. Returns the size."""
    from django.utils import timezone

    from vawg.cases.models import Case, CaseTeamMember, ChronologyEntry, ChronologyKind, RiskLevel

    agency = user.active_memberships().first().organisation
    ids = list(Case.objects.filter(owning_organisation=agency).order_by("reference").values_list("pk", flat=True))
    chosen = ids[:size]
    CaseTeamMember.objects.bulk_create(CaseTeamMember(case_id=pk, user=user, added_by=user) for pk in chosen)
    Case.objects.filter(pk__in=chosen[: size // 4]).update(current_risk_level=RiskLevel.HIGH)
    now = timezone.now()
    entries = []
    for pk in chosen:
        kind = ChronologyKind.CONTACT if rng.random() < 0.7 else ChronologyKind.NOTE
        entry = ChronologyEntry(case_id=pk, kind=kind, summary="Benchmark entry", body="", created_by=user)
        entry.created_at = now - timedelta(days=rng.uniform(0, 40))
        entries.append(entry)
    ChronologyEntry.objects.bulk_create(entries)
    return len(chosen)


def _each_count(user: Any, requests: int) -> dict[str, Any]:
    """Median seconds of each My work count for ``user``: where the page's time goes."""
    import statistics
    import time

    from vawg.accounts.selectors import my_work_entries

    figures: dict[str, Any] = {"label": "median seconds of each My work count (main IDVA)"}
    for entry in my_work_entries(user):
        seconds = []
        for _ in range(max(3, requests // 3)):
            start = time.perf_counter()
            entry.count(user)
            seconds.append(time.perf_counter() - start)
        figures[entry.key] = round(statistics.median(seconds), 6)
    print("  each count, median s: " + ", ".join(f"{k} {v:.4f}" for k, v in figures.items() if k != "label"))
    return figures


def bench_work(dataset: dict[str, Any], requests: int, seed: int = 5) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from bench.case_pages import _figure, _measure
    from vawg.accounts.testing import sign_in_verified
    from vawg.api.services import api_token_create

    rng = random.Random(seed)  # noqa: S311 (benchmark data, not security)
    users = {"main": dataset["main"], "small": dataset["small"]}
    caseloads = {
        "main": _caseload(users["main"], TEAM_CASES, rng),
        "small": _caseload(users["small"], TEAM_CASES // 10, rng),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    clients = {key: sign_in_verified(Client(), user) for key, user in users.items()}
    tokens = {key: api_token_create(user=user, name="Benchmark", by=user)[1] for key, user in users.items()}
    print(f"  caseloads (team places) of the main / small IDVA: {caseloads}")

    def call(key: str, path: str, params: dict[str, str]) -> Any:
        if path.startswith("/api/"):
            return clients[key].get(path, params, HTTP_AUTHORIZATION=f"Bearer {tokens[key]}")
        return clients[key].get(path, params)

    results: dict[str, Any] = {}
    for key, label, path, params in PAGES:
        seconds, queries = _measure(lambda p=path, q=params: call("main", p, q), requests)
        _, small_queries = _measure(lambda p=path, q=params: call("small", p, q), max(3, requests // 10))
        results[key] = _figure(label, caseloads, seconds, queries, small_queries)
        results[key]["note"] = "rows_shown here is the user's caseload (team places), not rows on the page"
    results["my_work_counts"] = _each_count(users["main"], requests)
    print(f"  {'page':<28}{'median s':>10}{'p95 s':>10}{'queries':>10}{'q (fewer)':>11}")
    for key, figure in results.items():
        if key == "my_work_counts":
            continue
        print(
            f"  {key:<28}{figure['median_seconds']:>10.4f}{figure['p95_seconds']:>10.4f}"
            f"{'/'.join(map(str, figure['queries_per_request'])):>10}"
            f"{'/'.join(map(str, figure['queries_per_request_fewer_rows'])):>11}"
        )
    dataset_figures = {
        "label": f"the case dataset, with the main IDVA on {caseloads['main']} case teams (recent chronology)",
        "team_cases": caseloads,
    }
    return {"work_dataset": dataset_figures, **results}
