"""``manage.py seed_demo``: the synthetic caseload (referrals, cases, risk) and its MARAC history
(vawg/nonprod/demo/marac.py), seeded once for this module (one full seed serves both: it is the
slowest fixture in the suite)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case, CaseDenyEntry, CaseParty, ChronologyEntry, ChronologyKind, PartyRole
from vawg.core.dates import LONDON
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
from vawg.marac.rules.returns import last_quarters
from vawg.marac.selectors import return_for
from vawg.nonprod.demo.marac import AREA_NAME
from vawg.nonprod.models import DemoClock
from vawg.nonprod.tests.steps import AFTER_MARAC, leave_out
from vawg.notifications.models import Notification, NotificationKind
from vawg.people.models import Person, PersonRelationship, SafeContactPreference
from vawg.people.selectors import location_values
from vawg.referrals.models import (
    DOMESTIC_ABUSE_FORMS,
    DuplicateResolution,
    FormOfAbuse,
    PossibleDuplicate,
    Referral,
    ReferralRoute,
    ReferralSource,
    ReferralState,
    ReferralStatus,
    RiskGrade,
)
from vawg.risk.models import DashAssessment, Incident, PoliceRiskGrade

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The full demo caseload and MARAC history, seeded once for every test here and rolled back at the end.
    The parts after MARAC are checked over their own seeds (vawg/nonprod/tests/steps.py)."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock(), transaction.atomic():
        leave_out(patch, *AFTER_MARAC)
        out = StringIO()
        call_command("seed_demo", seed=42, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def every_model_count() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_it_makes_about_three_hundred_referrals_mostly_worked_through(seeded: str) -> None:
    states = Counter(Referral.objects.values_list("current_state", flat=True))
    assert 280 <= sum(states.values()) <= 320
    assert states[ReferralState.ACCEPTED] >= 150
    assert 10 <= states[ReferralState.DECLINED] <= 60
    assert 5 <= states[ReferralState.WITHDRAWN] <= 50
    assert 1 <= states[ReferralState.SUBMITTED] <= 20
    assert 1 <= Referral.objects.first_contact_overdue().count() <= 15
    declines = ReferralStatus.objects.filter(state=ReferralState.DECLINED)
    assert declines.count() == states[ReferralState.DECLINED]
    assert not declines.filter(reason="").exists()


def test_it_spreads_referrals_over_two_years_and_every_district(seeded: str) -> None:
    dates = sorted(Referral.objects.values_list("created_at", flat=True))
    assert (dates[-1] - dates[0]).days >= 700
    assert (dates[-1] - dates[0]).days <= 770
    districts = Counter(Referral.objects.values_list("district__name", flat=True))
    assert len(districts) == 10
    assert min(districts.values()) >= 10


def test_it_mixes_sources_mostly_professional(seeded: str) -> None:
    sources = Counter(Referral.objects.values_list("source", flat=True))
    total = sum(sources.values())
    assert sources[ReferralSource.PROFESSIONAL] / total >= 0.75
    assert 0.05 <= sources[ReferralSource.SELF] / total <= 0.25
    assert 1 <= sources[ReferralSource.PERPETRATOR_SELF] <= 20
    referrer_types = Counter(
        Referral.objects.filter(source=ReferralSource.PROFESSIONAL).values_list(
            "referrer_organisation__type", flat=True
        )
    )
    assert {"police", "nhs", "childrens-social-care"} <= set(referrer_types)


def test_it_covers_the_forms_of_vawg_mostly_domestic_abuse(seeded: str) -> None:
    forms = [set(f) for f in Referral.objects.values_list("forms_of_abuse", flat=True)]
    domestic = sum(1 for f in forms if f & DOMESTIC_ABUSE_FORMS)
    assert domestic / len(forms) >= 0.55
    seen = set().union(*forms)
    for form in (
        FormOfAbuse.COERCIVE_CONTROL,
        FormOfAbuse.SEXUAL_VIOLENCE,
        FormOfAbuse.STALKING,
        FormOfAbuse.TRAFFICKING,
        FormOfAbuse.TECHNOLOGY,
        FormOfAbuse.SPIKING,
    ):
        assert form in seen
    harmful = sum(
        1 for f in forms if f & {FormOfAbuse.HONOUR_BASED_ABUSE, FormOfAbuse.FORCED_MARRIAGE, FormOfAbuse.FGM}
    )
    assert 1 <= harmful <= 30


def test_it_grades_risk_mostly_standard_and_medium(seeded: str) -> None:
    grades = Counter(Referral.objects.exclude(risk_grade=RiskGrade.NOT_ASSESSED).values_list("risk_grade", flat=True))
    total = sum(grades.values())
    assert total >= 100
    assert 0.40 <= grades[RiskGrade.STANDARD] / total <= 0.70
    assert 0.18 <= grades[RiskGrade.MEDIUM] / total <= 0.42
    assert 0.07 <= grades[RiskGrade.HIGH] / total <= 0.25


def test_it_includes_children_under_18_and_in_households(seeded: str) -> None:
    referrals = list(Referral.objects.select_related("subject"))
    with_children = sum(1 for r in referrals if r.children_in_household)
    assert 0.28 <= with_children / len(referrals) <= 0.52
    under_18 = [r for r in referrals if (r.subject.age_on(r.created_at.date()) or 99) < 18]
    assert 3 <= len(under_18) <= 40


def test_it_includes_repeats_and_possible_duplicates(seeded: str) -> None:
    flags = PossibleDuplicate.objects.all()
    assert flags.filter(resolution=DuplicateResolution.PENDING).count() >= 2
    assert flags.filter(resolution=DuplicateResolution.LINKED).count() >= 3
    repeated = [
        person
        for person in Person.objects.all()
        if len(dates := sorted(person.referrals.values_list("created_at", flat=True))) >= 2
        and (dates[1] - dates[0]).days <= 365
    ]
    assert len(repeated) >= 3


def test_it_routes_every_referral(seeded: str) -> None:
    assert not Referral.objects.exclude(pk__in=ReferralRoute.objects.values("referral")).exists()
    assert not ReferralRoute.objects.filter(organisation__isnull=True).exists()


def test_it_gives_each_accepted_referral_for_a_victim_a_case_owned_by_the_accepting_agency(seeded: str) -> None:
    accepted = Referral.objects.in_state(ReferralState.ACCEPTED).filter(subject_role="victim")
    assert accepted.count() >= 150
    for referral in accepted.select_related("case"):
        row = ReferralStatus.objects.get(referral=referral, state=ReferralState.ACCEPTED)
        assert referral.case is not None
        assert row.created_by is not None
        assert referral.case.owning_organisation_id in row.created_by.organisation_ids()
        assert referral.routes.filter(organisation=referral.case.owning_organisation_id).exists()


def test_it_works_the_cases(seeded: str) -> None:
    cases = Case.objects.count()
    assert cases >= 150
    # The demo's notes record contact with the survivor (a referral's first contact has another summary).
    notes = ChronologyEntry.objects.filter(kind=ChronologyKind.CONTACT, summary="Contact with the survivor")
    assert notes.values("case").distinct().count() >= cases * 0.8
    assert DashAssessment.objects.values("case").distinct().count() >= cases * 0.5
    assert PoliceRiskGrade.objects.filter(tool="dara", score__isnull=True).exists()
    assert not PoliceRiskGrade.objects.filter(tool="dara", score__isnull=False).exists()
    assert Incident.objects.exists()
    statuses = set(SafeContactPreference.objects.values_list("status", flat=True))
    assert statuses == {"safe", "unsafe"}  # "not known" is the absence of a row
    assert Person.objects.exclude(pk__in=SafeContactPreference.objects.values("person")).exists()


def test_it_scores_dash_to_follow_the_grade(seeded: str) -> None:
    levels = Counter(DashAssessment.objects.values_list("level", flat=True))
    assert levels["high"] >= 5
    assert all(score >= 14 for score in DashAssessment.objects.filter(level="high").values_list("score", flat=True))
    escalation = [a for a in DashAssessment.objects.all() if "potential_escalation" in a.marac_criteria]
    assert escalation


def test_it_shows_the_restricted_case_and_deny_list_controls(seeded: str) -> None:
    restricted = Case.objects.get(is_restricted=True)
    team = [member.user for member in restricted.team.filter(ended_at__isnull=True)]
    assert team
    assert all(restricted in Case.objects.visible_to(user) for user in team)
    colleagues = User.objects.filter(memberships__organisation=restricted.owning_organisation).exclude(
        pk__in=[user.pk for user in team]
    )
    assert colleagues.exists()
    assert not any(restricted in Case.objects.visible_to(user) for user in colleagues)
    entry = CaseDenyEntry.objects.get()
    assert entry.case not in Case.objects.visible_to(entry.user)
    colleague_cases = Case.objects.filter(owning_organisation__in=entry.user.organisation_ids())
    assert Case.objects.visible_to(entry.user).count() == colleague_cases.filter(is_restricted=False).count() - 1


def test_it_lets_the_demo_idva_see_some_cases_and_the_analyst_none(seeded: str) -> None:
    idva = User.objects.get(email="idva@demo.invalid")
    assert 1 <= Case.objects.visible_to(idva).count() < Case.objects.count()
    assert Case.objects.visible_to(User.objects.get(email="analyst@demo.invalid")).count() == 0
    assert Case.objects.visible_to(User.objects.get(email="police@demo.invalid")).exists()


def test_it_prints_counts_but_no_personal_data(seeded: str) -> None:
    assert "300  referrals" in seeded
    assert "cases" in seeded
    for person in Person.objects.all()[:50]:
        assert person.family_name not in seeded


def test_it_stores_no_phone_number_or_address_in_plaintext(seeded: str) -> None:
    everyone = list(Person.objects.order_by("created_at"))
    people = [p for p in everyone if p.phone][:5]
    with_address = [p for p in everyone if p.address][:5]
    canaries = [p.phone for p in people] + [p.address.splitlines()[0] for p in with_address]
    assert len(canaries) == 10
    assert all(len(c) > 5 for c in canaries)
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
        assert people[0].family_name in dump  # the dump is real
        assert not [c for c in canaries if c in dump]


def _later_runs() -> list[datetime]:
    """Wall clocks for the second run, after the first run's anchored instant: just after midnight in UK
    time the next day, early morning UTC the day after (when a run once found new slots), and a month on."""
    anchor = DemoClock.objects.get().anchored_at.astimezone(LONDON)
    next_day = anchor.date() + timedelta(days=1)
    return [
        datetime.combine(next_day, time(0, 10), tzinfo=LONDON),
        datetime.combine(next_day + timedelta(days=1), time(7, 55), tzinfo=UTC),
        anchor + timedelta(days=33, hours=5),
    ]


def test_it_creates_nothing_on_a_second_run_at_another_time(seeded: str) -> None:
    before = every_model_count()
    for wall_clock in _later_runs():
        out = StringIO()
        with time_machine.travel(wall_clock, tick=False):
            call_command("seed_demo", seed=42, stdout=out)
        assert every_model_count() == before, wall_clock
        assert "nothing to create" in out.getvalue()


# --- the MARAC history ---------------------------------------------------------------------

COORDINATOR = "marac-coordinator@demo.invalid"


def marac_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_app_config("marac").get_models()}


def test_it_creates_no_marac_rows_on_a_second_run(seeded: str) -> None:
    before = marac_counts()
    assert before["marac.MaracMeeting"] > 0
    out = StringIO()
    with time_machine.travel(_later_runs()[0], tick=False):
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


def test_it_gives_the_victims_equality_data_so_the_returns_lines_are_not_all_zero(seeded: str) -> None:
    victims = Person.objects.filter(cases__isnull=False).distinct()
    recorded = victims.exclude(ethnicity="")
    assert recorded.count() >= 0.85 * victims.count()
    assert len(set(recorded.values_list("ethnicity", flat=True))) >= 5
    # A year of MARAC: the equality lines of the return count real records.
    quarters = last_quarters(timezone.localdate(), 8)[-4:]
    figures = [return_for(period)[0] for period in quarters]
    assert sum(f.victim_bame_or_racially_minoritised for f in figures) > 0
    assert sum(f.victim_disabled for f in figures) > 0
    assert sum(f.victim_lgbtq for f in figures) > 0


def test_it_has_a_plausible_marac_rate_per_10000_adult_women(seeded: str) -> None:
    # SafeLives recommends about 40 cases a year per 10,000 adult women; the demo is a slice of the county.
    quarters = last_quarters(timezone.localdate(), 8)[-4:]
    yearly = sum(return_for(period)[0].cases_per_10k_adult_women or 0 for period in quarters)
    assert 20 <= yearly <= 70


def test_it_records_the_people_around_most_cases_through_the_service(seeded: str) -> None:
    current = CaseParty.objects.current()
    harm = Counter(current.filter(role=PartyRole.PERSON_CAUSING_HARM).values_list("case", flat=True))
    with_children = set(current.filter(role=PartyRole.CHILD).values_list("case", flat=True))
    cases = Case.objects.count()
    assert len(harm) >= cases // 2 and len(with_children) >= cases // 5
    assert 1 <= sum(1 for count in harm.values() if count >= 2) <= len(harm) // 4
    today = timezone.localdate()
    young = [p for p in current.filter(role=PartyRole.PERSON_CAUSING_HARM) if (p.person.age_on(today) or 99) < 18]
    assert 1 <= len(young) <= len(harm) // 5
    assert AuditEntry.objects.filter(action="cases.party.add").count() == CaseParty.objects.count()
    assert not PersonRelationship.objects.exists()
    # The MARAC return's line counts them, from the records.
    quarters = last_quarters(today, 8)
    assert sum(return_for(period)[0].perpetrators_aged_17_or_under for period in quarters) > 0


def test_it_leaves_recent_referrals_awaiting_consent_and_queues_staff_notifications(seeded: str) -> None:
    waiting = Referral.objects.awaiting_consent()
    assert waiting.exists()
    assert set(waiting.values_list("current_state", flat=True)) == {ReferralState.AWAITING_CONSENT}
    assert Notification.objects.filter(kind=NotificationKind.REFERRAL_ROUTED).exists()
    assert Notification.objects.filter(kind=NotificationKind.CONSENT_AWAITED).exists()
    assert "referrals awaiting consent" in seeded
