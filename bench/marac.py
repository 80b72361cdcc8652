"""MARAC benchmarks: MARAC agendas, minutes, the quarterly return and the 12-month dashboard.

``build_marac`` bulk-creates ``years`` of county-scale MARAC history (bypassing services and audit:
volume only, not real data): two areas of five districts meeting weekly, about ``per_year`` heard
cases a year (~19 a meeting), a third of them repeats of an earlier referral of the same victim;
research from each of the five invited agencies per item, three actions per item (with a status
row each; those of the last eight weeks partly still open, older ones closed), and the adult
female population of each district. The last held meeting of the first area gets exactly 20 heard
cases (the minutes benchmark).

``bench_marac`` then times, over ``repeat`` repetitions (median and p95 seconds, SQL queries):
- building an agenda through the services: listing 15 queued referrals on a new meeting and
  publishing it (research tasks for five agencies, audit entries);
- the agenda page (GET /marac/meetings/<id>/) for the coordinator;
- the minutes of the 20-case meeting: the HTML page and the PDF (WeasyPrint);
- the quarterly return (vawg.marac.selectors.returns.return_for, the last complete quarter);
- the dashboard page (8 quarters and the rolling 12 months) for the analyst.
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

AREAS = 2
DISTRICTS_PER_AREA = 5
AGENCIES = 5
ACTIONS_PER_ITEM = 3
REPEAT_SHARE = 0.3
AGENDA_CASES = 15
MINUTES_CASES = 20
RECENT_DAYS = 56  # actions agreed in the last eight weeks may still be open (they carry forward)
BATCH = 5_000


def _bulk(model: Any, rows: list[Any]) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _figure(label: str, seconds: list[float], queries: list[int], **extra: Any) -> dict[str, Any]:
    figure = {
        "label": label,
        "repetitions": len(seconds),
        "median_seconds": round(statistics.median(seconds), 6),
        "p95_seconds": round(_p95(seconds), 6),
        "min_seconds": round(min(seconds), 6),
        "max_seconds": round(max(seconds), 6),
        "queries": sorted(set(queries)),
        **extra,
    }
    print(
        f"  {label}: median {figure['median_seconds']:.4f}s, p95 {figure['p95_seconds']:.4f}s, "
        f"queries {'/'.join(map(str, figure['queries']))}"
    )
    return figure


def _measure(action: Callable[[], Any], repeat: int, *, warm: bool = True) -> tuple[list[float], list[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if warm:
        action()
    seconds, queries = [], []
    for _ in range(repeat):
        connection.queries_log.clear()  # the log keeps 9,000 queries: count each request from empty
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = action()
            seconds.append(time.perf_counter() - start)
        status = getattr(result, "status_code", 200)
        if status != 200:
            raise SystemExit(f"MARAC benchmark request failed with {status}")
        queries.append(len(captured.captured_queries))
    return seconds, queries


def build_marac(years: int, per_year: int, seed: int = 4) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from vawg.accounts.models import District, Membership, Organisation, OrganisationType, User
    from vawg.accounts.roles import Role
    from vawg.cases.models import Case, CaseStatusValue
    from vawg.marac.models import (
        ActionState,
        AdultFemalePopulation,
        AgendaItem,
        Cadence,
        Criterion,
        MaracAction,
        MaracActionStatus,
        MaracArea,
        MaracMeeting,
        MaracMeetingStatus,
        MaracReferral,
        MaracReferralSource,
        MaracReferralState,
        MeetingAgency,
        MeetingState,
        ResearchFlag,
        ResearchTask,
        RiskAddressed,
    )
    from vawg.people.models import Person

    rng = random.Random(seed)  # noqa: S311 (benchmark data, not security)
    started = time.perf_counter()
    now = timezone.now()
    districts = [
        District(name=f"MARAC bench district {n}", slug=f"marac-bench-district-{n}")
        for n in range(AREAS * DISTRICTS_PER_AREA)
    ]
    District.objects.bulk_create(districts)
    types = [
        OrganisationType.POLICE,
        OrganisationType.SPECIALIST_SERVICE,
        OrganisationType.CHILDRENS_SOCIAL_CARE,
        OrganisationType.NHS,
        OrganisationType.HOUSING,
    ]
    coordinating = Organisation.objects.create(name="MARAC bench county council", type=OrganisationType.COUNTY_COUNCIL)
    agencies = [Organisation(name=f"MARAC bench agency {n}", type=types[n]) for n in range(AGENCIES)]
    Organisation.objects.bulk_create(agencies)
    coordinator = User.objects.create_user(email="bench.marac.coordinator@example.invalid", full_name="Bench coord")
    analyst = User.objects.create_user(email="bench.marac.analyst@example.invalid", full_name="Bench analyst")
    Membership.objects.create(user=coordinator, organisation=coordinating, role=Role.MARAC_COORDINATOR)
    Membership.objects.create(user=analyst, organisation=coordinating, role=Role.ANALYST)
    areas = []
    for n in range(AREAS):
        area = MaracArea.objects.create(
            name=f"MARAC bench area {n}", coordinating_organisation=coordinating, cadence=Cadence.WEEKLY
        )
        area.districts.set(districts[n * DISTRICTS_PER_AREA : (n + 1) * DISTRICTS_PER_AREA])
        areas.append(area)
    AdultFemalePopulation.objects.bulk_create(
        [
            AdultFemalePopulation(district=d, year=now.year - y, women_16_plus=40_000, source="bench")
            for d in districts
            for y in range(years + 1)
        ]
    )

    # Weekly meetings per area over ``years``, the last one at least a week ago.
    first = (now - timedelta(days=365 * years)).replace(hour=10, minute=0, second=0, microsecond=0)
    meetings: list[Any] = []
    for area in areas:
        moment = first
        while moment < now - timedelta(days=7):
            meetings.append(
                MaracMeeting(
                    id=uuid.uuid4(),
                    area=area,
                    starts_at=moment,
                    coordinator=coordinator,
                    current_state=MeetingState.MINUTES_PUBLISHED,
                    system_job="bench",
                )
            )
            moment += timedelta(days=7)
    minutes_meeting = max((m for m in meetings if m.area == areas[0]), key=lambda m: m.starts_at)
    total = years * per_year
    per_meeting = total / len(meetings)

    people, cases, referrals, items, research, actions, action_statuses = [], [], [], [], [], [], []
    reference = 0
    victims: list[tuple[Any, Any, Any]] = []  # (case, person, last referral) to repeat
    for meeting in meetings:
        count = MINUTES_CASES if meeting is minutes_meeting else int(per_meeting + rng.random())
        for position in range(1, count + 1):
            reference += 1
            district = districts[areas.index(meeting.area) * DISTRICTS_PER_AREA + rng.randrange(DISTRICTS_PER_AREA)]
            referred_on = timezone.localdate(meeting.starts_at) - timedelta(days=rng.randint(5, 20))
            repeat_of = None
            if victims and rng.random() < REPEAT_SHARE:
                case, person, repeat_of = victims[rng.randrange(len(victims))]
            else:
                person = Person(
                    id=uuid.uuid4(),
                    given_name="Bench",
                    family_name=f"Victim{reference}",
                    date_of_birth=date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 45)),
                    district=district,
                )
                case = Case(
                    id=uuid.uuid4(),
                    reference=f"C-MBENCH-{reference:06d}",
                    victim=person,
                    owning_organisation=agencies[1],
                    district=district,
                    current_status=CaseStatusValue.OPEN,
                    created_by=coordinator,
                )
                people.append(person)
                cases.append(case)
            referral = MaracReferral(
                id=uuid.uuid4(),
                reference=f"M-B-{reference:07d}",
                case=case,
                area=meeting.area,
                source=MaracReferralSource.DASH,
                referring_organisation=agencies[0] if rng.random() < 0.6 else rng.choice(agencies[1:]),
                system_job="bench",
                referred_on=referred_on,
                criteria=[Criterion.VISIBLE_HIGH_RISK] + ([Criterion.REPEAT] if repeat_of else []),
                is_repeat=repeat_of is not None,
                repeat_of=repeat_of,
                children_in_household=rng.choice((0, 0, 1, 2, 3, None)),
                current_state=MaracReferralState.HEARD,
            )
            referrals.append(referral)
            victims.append((case, person, referral))
            item = AgendaItem(
                id=uuid.uuid4(),
                meeting=meeting,
                marac_referral=referral,
                position=position,
                system_job="bench",
                presentation="Bench presentation of the case.",
                information_shared="Bench information shared by the agencies.",
                risks_identified="Bench risks identified.",
                conclusion="Bench conclusion.",
                started_at=meeting.starts_at + timedelta(minutes=13 * position),
                heard_at=meeting.starts_at + timedelta(minutes=13 * position + 12),
            )
            items.append(item)
            for agency in agencies:
                holds = rng.random() < 0.6
                research.append(
                    ResearchTask(
                        agenda_item=item,
                        organisation=agency,
                        due_at=meeting.starts_at - timedelta(days=2),
                        system_job="bench",
                        holds_information=holds,
                        flags=[ResearchFlag.VICTIM_KNOWN] if holds else [],
                        victim_information="Bench research." if holds else "",
                        completed_at=meeting.starts_at - timedelta(days=3),
                    )
                )
            recent = meeting.starts_at > now - timedelta(days=RECENT_DAYS)
            for n in range(ACTIONS_PER_ITEM):
                # Old actions are closed (done or could not be done); recent ones partly still open.
                roll = rng.random()
                if recent and roll < 0.25:
                    state = ActionState.OPEN
                else:
                    state = ActionState.DONE if roll < 0.95 else ActionState.NOT_DONE
                action = MaracAction(
                    id=uuid.uuid4(),
                    agenda_item=item,
                    description=f"Bench action {n + 1}.",
                    owning_organisation=rng.choice(agencies),
                    due_on=timezone.localdate(meeting.starts_at) + timedelta(days=14),
                    risk_addressed=rng.choice(list(RiskAddressed.values)),
                    current_state=state,
                    created_by=coordinator,
                )
                actions.append(action)
                action_statuses.append(MaracActionStatus(action=action, state=state, created_by=coordinator))
    prepared = time.perf_counter()
    _bulk(MaracMeeting, meetings)
    _bulk(
        MaracMeetingStatus, [MaracMeetingStatus(meeting=m, state=m.current_state, system_job="bench") for m in meetings]
    )
    _bulk(
        MeetingAgency,
        [MeetingAgency(meeting=m, organisation=a, system_job="bench") for m in meetings for a in agencies],
    )
    for model, rows in (
        (Person, people),
        (Case, cases),
        (MaracReferral, referrals),
        (AgendaItem, items),
        (ResearchTask, research),
        (MaracAction, actions),
        (MaracActionStatus, action_statuses),
    ):
        _bulk(model, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    finished = time.perf_counter()
    figures = {
        "label": f"bulk-create {years} years of MARAC history: {len(items):,} heard cases",
        "years": years,
        "areas": AREAS,
        "meetings": len(meetings),
        "heard_cases": len(items),
        "repeat_cases": sum(1 for r in referrals if r.is_repeat),
        "victims": len(people),
        "research_tasks": len(research),
        "actions": len(actions),
        "prepare_seconds": round(prepared - started, 3),
        "insert_seconds": round(finished - prepared, 3),
    }
    print(
        f"  built {len(items):,} heard cases in {len(meetings):,} meetings in {finished - started:.1f}s "
        f"(insert {finished - prepared:.1f}s)"
    )
    return {
        "figures": figures,
        "coordinator": coordinator,
        "analyst": analyst,
        "areas": areas,
        "agencies": agencies,
        "minutes_meeting": minutes_meeting,
        "victims": [v[0] for v in victims[:: max(1, len(victims) // 500)]],
    }


def _queued_referrals(dataset: dict[str, Any], count: int) -> list[Any]:
    """``count`` new referrals waiting in the first area's queue (bulk, like the history)."""
    from django.utils import timezone

    from vawg.marac.models import Criterion, MaracReferral, MaracReferralSource, MaracReferralState

    cases = [case for case in dataset["victims"] if not MaracReferral.objects.open().filter(case=case).exists()]
    rows = [
        MaracReferral(
            id=uuid.uuid4(),
            reference=f"M-Q-{uuid.uuid4().hex[:12]}",
            case=case,
            area=dataset["areas"][0],
            source=MaracReferralSource.PROFESSIONAL,
            referring_organisation=dataset["agencies"][0],
            system_job="bench",
            referred_on=timezone.localdate(),
            criteria=[Criterion.PROFESSIONAL_JUDGEMENT],
            current_state=MaracReferralState.QUEUED,
        )
        for case in cases[:count]
    ]
    MaracReferral.objects.bulk_create(rows)
    return rows


def bench_marac(dataset: dict[str, Any], repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from vawg.accounts.testing import sign_in_verified
    from vawg.marac.models import MaracMeeting
    from vawg.marac.rules.returns import last_quarters
    from vawg.marac.selectors.returns import return_for
    from vawg.marac.services.agenda import agenda_item_list, agenda_publish
    from vawg.marac.services.meetings import MeetingPlan, meeting_schedule

    coordinator, areas = dataset["coordinator"], dataset["areas"]
    results: dict[str, Any] = {}

    # Building an agenda: a new meeting, 15 queued referrals listed, the agenda published.
    plan = MeetingPlan(chair=None, coordinator=coordinator, agencies=dataset["agencies"])
    built: list[MaracMeeting] = []
    seconds, queries = [], []
    # The queued referrals are bulk-made outside the timed part: only the services are timed.
    for _ in range(repeat + 1):
        starts = datetime.now(UTC) + timedelta(days=30 + len(built))
        meeting = meeting_schedule(area=areas[0], starts_at=starts, plan=plan, by=coordinator)
        queued = _queued_referrals(dataset, AGENDA_CASES)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            for referral in queued:
                agenda_item_list(marac_referral=referral, meeting=meeting, by=coordinator)
            agenda_publish(meeting=meeting, by=coordinator)
            elapsed = time.perf_counter() - start
        built.append(meeting)
        if len(built) > 1:  # the first is the warm-up
            seconds.append(elapsed)
            queries.append(len(captured.captured_queries))
    results["marac_agenda_build"] = _figure(
        f"list {AGENDA_CASES} queued referrals on a meeting and publish its agenda ({len(dataset['agencies'])} "
        "agencies: research tasks and audit entries), services",
        seconds,
        queries,
    )

    coordinator_client = sign_in_verified(Client(), coordinator)
    agenda = MaracMeeting.objects.get(pk=built[-1].pk)
    seconds, queries = _measure(lambda: coordinator_client.get(f"/marac/meetings/{agenda.pk}/"), repeat)
    results["marac_agenda_page"] = _figure(
        f"GET /marac/meetings/<id>/ (a published agenda of {AGENDA_CASES} cases), coordinator", seconds, queries
    )

    minutes_meeting = dataset["minutes_meeting"]
    seconds, queries = _measure(
        lambda: coordinator_client.get(f"/marac/meetings/{minutes_meeting.pk}/minutes/"), repeat
    )
    results["marac_minutes_html"] = _figure(
        f"GET /marac/meetings/<id>/minutes/ ({MINUTES_CASES} heard cases), coordinator", seconds, queries
    )
    seconds, queries = _measure(
        lambda: coordinator_client.get(f"/marac/meetings/{minutes_meeting.pk}/minutes.pdf"), repeat
    )
    results["marac_minutes_pdf"] = _figure(
        f"GET /marac/meetings/<id>/minutes.pdf ({MINUTES_CASES} heard cases, WeasyPrint), coordinator",
        seconds,
        queries,
    )

    quarter = last_quarters(timezone.localdate(), 8)[-1]
    seconds, queries = _measure(lambda: return_for(quarter), repeat)
    figures, _missing = return_for(quarter)
    results["marac_quarterly_return"] = _figure(
        f"quarterly return {quarter.start}..{quarter.end}: queries.return_for (load + compute), all areas",
        seconds,
        queries,
        cases_discussed=figures.cases_discussed,
    )
    seconds, queries = _measure(lambda: coordinator_client.get("/marac/returns/"), repeat)
    results["marac_return_page"] = _figure("GET /marac/returns/ (last complete quarter), coordinator", seconds, queries)

    analyst_client = sign_in_verified(Client(), dataset["analyst"])
    seconds, queries = _measure(lambda: analyst_client.get("/marac/dashboard/"), repeat)
    results["marac_dashboard_page"] = _figure(
        "GET /marac/dashboard/ (8 quarters and the rolling 12 months), analyst", seconds, queries
    )
    return results
