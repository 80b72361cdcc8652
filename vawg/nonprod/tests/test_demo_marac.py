"""``manage.py seed_demo``: the demo MARAC history (vawg/nonprod/demo_marac.py), seeded once for this module."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from vawg.accounts.models import User
from vawg.marac.models import (
    ActionState,
    AgendaItem,
    MaracAction,
    MaracMeeting,
    MaracReferral,
    MaracReferralSource,
    MaracTransfer,
    MeetingState,
    ResearchTask,
    TransferDirection,
    VictimInformed,
    VictimVoice,
)
from vawg.marac.queries import return_for
from vawg.marac.returns import last_quarters
from vawg.nonprod.demo_marac import AREA_NAME
from vawg.people.redaction import location_values

pytestmark = pytest.mark.django_db

COORDINATOR = "marac-coordinator@demo.invalid"


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The full demo seed, made once for every test here and rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", seed=42, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def marac_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_app_config("marac").get_models()}


def test_it_creates_nothing_on_a_second_run(seeded: str) -> None:
    before = marac_counts()
    assert before["marac.MaracMeeting"] > 0
    out = StringIO()
    call_command("seed_demo", seed=42, stdout=out)
    assert marac_counts() == before
    assert "nothing to create" in out.getvalue()


def test_it_holds_monthly_meetings_with_eight_to_fifteen_cases_and_minutes(seeded: str) -> None:
    today = timezone.localdate()
    meetings = MaracMeeting.objects.filter(area__name=AREA_NAME)
    held = meetings.filter(current_state=MeetingState.MINUTES_PUBLISHED).order_by("starts_at")
    assert held.count() >= 12
    assert all(timezone.localdate(m.starts_at) < today for m in held)
    heard = Counter(AgendaItem.objects.heard().filter(meeting__in=held).values_list("meeting", flat=True))
    assert set(heard) == set(held.values_list("pk", flat=True))
    # Two years of monthly meetings, most with 8 to 15 cases (the first months, with fewer cases yet, fill up).
    assert held.count() >= 22
    assert sum(8 <= n <= 15 for n in heard.values()) >= held.count() * 2 // 3
    assert all(m.attendees.filter(attended=True).exists() for m in held)
    upcoming = list(meetings.upcoming().order_by("starts_at"))
    assert [m.current_state for m in upcoming] == [MeetingState.AGENDA_PUBLISHED, MeetingState.SCHEDULED]
    assert all(m.items.exists() for m in upcoming)
    assert ResearchTask.objects.filter(agenda_item__meeting=upcoming[0]).outstanding().exists()


def test_it_leaves_the_coordinator_a_queue(seeded: str) -> None:
    coordinator = User.objects.get(email=COORDINATOR)
    assert MaracReferral.objects.visible_to(coordinator).queued().exists()


def test_it_makes_most_actions_done_and_some_overdue(seeded: str) -> None:
    states = Counter(MaracAction.objects.values_list("current_state", flat=True))
    total = sum(states.values())
    assert total > 0
    assert states[ActionState.DONE] > total / 2
    assert MaracAction.objects.overdue().exists()
    last_held = MaracMeeting.objects.filter(current_state=MeetingState.MINUTES_PUBLISHED).latest("starts_at")
    assert MaracAction.objects.carried_forward_to(last_held).exists()


def test_it_includes_repeats_transfers_research_and_the_victim_kept_informed(seeded: str) -> None:
    sources = Counter(MaracReferral.objects.values_list("source", flat=True))
    assert sources[MaracReferralSource.DASH] > 0
    assert sources[MaracReferralSource.PROFESSIONAL] > 0
    assert sources[MaracReferralSource.INCIDENT_REPEAT] > 0
    assert MaracReferral.objects.filter(is_repeat=True, repeat_of__isnull=False).exists()
    directions = set(MaracTransfer.objects.values_list("direction", flat=True))
    assert directions == {TransferDirection.OUTBOUND, TransferDirection.INBOUND}
    assert ResearchTask.objects.filter(completed_at__isnull=False).exists()
    assert VictimVoice.objects.exists()
    assert VictimInformed.objects.exists()


def test_it_writes_no_location_value_into_the_meeting_record(seeded: str) -> None:
    for item in AgendaItem.objects.heard().select_related("marac_referral__case__victim")[:40]:
        values = [v for v in location_values([item.marac_referral.case.victim]) if len(v) > 4]
        recorded = " ".join([item.presentation, item.information_shared, item.risks_identified, item.conclusion])
        assert recorded.strip()
        assert not any(value in recorded for value in values)


def test_it_fills_a_past_quarters_return_that_matches_the_records(
    seeded: str, signed_in: Callable[[User], Client]
) -> None:
    period = last_quarters(timezone.localdate(), 8)[-1]
    figures, missing = return_for(period)
    assert missing == []
    assert figures.cases_discussed > 0
    assert figures.adult_female_population
    # Counted straight from the records.
    held = MaracMeeting.objects.filter(current_state=MeetingState.MINUTES_PUBLISHED)
    in_quarter = [m for m in held if timezone.localdate(m.starts_at) in period]
    heard = AgendaItem.objects.heard().filter(meeting__in=in_quarter)
    assert figures.meeting_dates == tuple(sorted(timezone.localdate(m.starts_at) for m in in_quarter))
    assert figures.cases_discussed == heard.count()
    assert figures.repeat_cases == heard.filter(marac_referral__is_repeat=True).count()
    assert sum(figures.referrals_by_agency.values()) == heard.count()
    assert figures.children_in_households == sum(
        n or 0 for n in heard.values_list("marac_referral__children_in_household", flat=True)
    )
    # The download the coordinator gets says the same.
    client = signed_in(User.objects.get(email=COORDINATOR))
    response = client.get("/marac/returns/download/csv/", {"quarter": period.start.isoformat()})
    assert response.status_code == 200
    body = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    downloaded = {row[0]: row[1] for row in csv.reader(io.StringIO(body)) if len(row) >= 2}
    assert downloaded["Cases discussed (including repeats)"] == str(figures.cases_discussed)
    assert downloaded["Repeat cases"] == str(figures.repeat_cases)
    assert downloaded["Meetings held"] == str(len(figures.meeting_dates))


def test_it_prints_marac_totals(seeded: str) -> None:
    assert "MARAC cases heard" in seeded
    assert "MARAC actions overdue" in seeded
    assert "marac meetings" in seeded  # created counts
