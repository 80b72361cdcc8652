"""Programme services: referring (refusals), the state machine through the service, assessment,
attendance and outcome measures, each audited with ids and codes only."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.intelligence.models import HarmAgency, HarmAgencyReason, PersonCausingHarm
from vawg.intelligence.tests.factories import HarmDenyEntryFactory, PersonCausingHarmFactory
from vawg.justice.models import Order
from vawg.notifications.models import Notification
from vawg.programmes import services
from vawg.programmes.hooks import ON_PROGRAMME_REFERRAL_STATE_CHANGED
from vawg.programmes.models import (
    Attendance,
    OutcomeMeasure,
    ProgrammeReferral,
    ProgrammeReferralState,
    ProgrammeReferralStatus,
    ReferralSource,
)
from vawg.programmes.tests.factories import ProgrammeFactory, ProgrammeReferralFactory

pytestmark = pytest.mark.django_db
S = ProgrammeReferralState
LEVELS = {"physical": 3, "sexual": 1, "stalking": 2, "controlling": 3}


@pytest.fixture
def provider() -> Any:
    return OrganisationFactory(name="Change Service (test)", type=OrganisationType.PROGRAMME_PROVIDER)


@pytest.fixture
def worker(provider: Any) -> Any:
    return user_with_role(Role.PROGRAMME_WORKER, provider, email="worker@example.invalid")


@pytest.fixture
def programme(provider: Any) -> Any:
    return ProgrammeFactory(provider=provider, sessions=3, max_missed=1, max_missed_in_a_row=1)


def _person(police: Any, **person: Any) -> PersonCausingHarm:
    found: PersonCausingHarm = PersonCausingHarmFactory(
        owning_organisation=police.memberships.get().organisation, **{f"person__{k}": v for k, v in person.items()}
    )
    return found


def _refer(programme: Any, police: Any, **person: Any) -> ProgrammeReferral:
    return services.programme_referral_create(
        programme=programme,
        person_causing_harm=_person(police, **person),
        source=ReferralSource.PROFESSIONAL,
        reason="Two call-outs this year",
        referring_organisation=police.memberships.get().organisation,
        by=police,
    )


def test_it_refers_someone_and_lets_the_providers_workers_see_them(programme: Any, worker: Any, police_b: Any) -> None:
    referral = _refer(programme, police_b)

    assert referral.current_state == S.RECEIVED
    assert list(referral.statuses.values_list("state", flat=True)) == [S.RECEIVED]
    assert (
        HarmAgency.objects.filter(
            person_causing_harm=referral.person_causing_harm, organisation=programme.provider, ended_at__isnull=True
        ).values_list("reason", flat=True)[0]
        == HarmAgencyReason.PROGRAMME
    )
    assert PersonCausingHarm.objects.visible_to(worker).filter(pk=referral.person_causing_harm_id).exists()
    assert ProgrammeReferral.objects.visible_to(worker).filter(pk=referral.pk).exists()
    assert Notification.objects.filter(recipient=worker, kind="programme-referral").count() == 1
    entry = AuditEntry.objects.get(action="programmes.programme_referral.create")
    assert "Two call-outs" not in str(entry.details) and entry.details["source"] == "professional"


def test_it_ends_the_providers_sight_of_the_person_with_its_last_open_referral(
    programme: Any, worker: Any, police_b: Any
) -> None:
    first = _refer(programme, police_b)
    person = first.person_causing_harm
    other = ProgrammeFactory(provider=programme.provider, name="Another group")
    second = services.programme_referral_create(
        programme=other, person_causing_harm=person, source=ReferralSource.PROFESSIONAL, by=police_b
    )
    services.programme_referral_transition(referral=first, to_state=S.WITHDRAWN, by=worker)
    assert PersonCausingHarm.objects.visible_to(worker).filter(pk=person.pk).exists()  # one still open

    services.programme_referral_transition(referral=second, to_state=S.WITHDRAWN, by=worker)
    assert not PersonCausingHarm.objects.visible_to(worker).filter(pk=person.pk).exists()
    assert set(ProgrammeReferral.objects.visible_to(worker)) == {first, second}  # the referrals stay theirs
    ended = AuditEntry.objects.get(action="intelligence.harm_agency.end")
    assert ended.details["organisation_id"] == str(programme.provider_id)


def test_it_refuses_a_duplicate_open_referral(programme: Any, police_b: Any) -> None:
    referral = _refer(programme, police_b)
    with pytest.raises(ValidationError, match="already have an open referral"):
        services.programme_referral_create(
            programme=programme, person_causing_harm=referral.person_causing_harm, source="professional", by=police_b
        )
    assert ProgrammeReferral.objects.count() == 1


def test_it_refuses_a_programme_not_taking_referrals(programme: Any, police_b: Any) -> None:
    programme.accepting_referrals = False
    programme.save()
    with pytest.raises(ValidationError, match="not taking referrals"):
        _refer(programme, police_b)
    assert not ProgrammeReferral.objects.exists()


def test_it_refuses_someone_under_the_minimum_age_when_their_birth_date_is_known(programme: Any, police_b: Any) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="aged 18 or over"):
        _refer(programme, police_b, date_of_birth=today.replace(year=today.year - 17))
    assert _refer(programme, police_b, date_of_birth=date(today.year - 19, 1, 1)).pk
    assert _refer(programme, police_b, date_of_birth=None).pk  # unknown: not refused


def test_it_hides_a_person_from_a_referrer_who_cannot_see_them(programme: Any, idva_a: Any, police_b: Any) -> None:
    person = _person(police_b)
    with pytest.raises(Http404):
        services.programme_referral_create(
            programme=programme, person_causing_harm=person, source="professional", by=idva_a
        )


def test_it_hides_the_referral_from_another_providers_worker(programme: Any, police_b: Any) -> None:
    other = user_with_role(Role.PROGRAMME_WORKER, OrganisationFactory(type=OrganisationType.PROGRAMME_PROVIDER))
    referral = _refer(programme, police_b)
    assert not ProgrammeReferral.objects.visible_to(other).exists()
    with pytest.raises(Http404):
        services.programme_referral_transition(referral=referral, to_state=S.ASSESSING, by=other)
    assert ProgrammeReferral.objects.referred_by_visible_to(police_b).get() == referral
    assert not ProgrammeReferral.objects.visible_to(police_b).exists()


def test_it_hides_the_referral_from_a_worker_the_person_has_deny_listed(
    programme: Any, worker: Any, police_b: Any
) -> None:
    referral = _refer(programme, police_b)
    assert ProgrammeReferral.objects.visible_to(worker).get() == referral
    assert ProgrammeReferral.objects.referred_by_visible_to(police_b).get() == referral
    HarmDenyEntryFactory(person_causing_harm=referral.person_causing_harm, user=worker)
    HarmDenyEntryFactory(person_causing_harm=referral.person_causing_harm, user=police_b)
    assert not ProgrammeReferral.objects.visible_to(worker).exists()
    assert not ProgrammeReferral.objects.referred_by_visible_to(police_b).exists()
    with pytest.raises(Http404):
        services.programme_referral_transition(referral=referral, to_state=S.ASSESSING, by=worker)


@pytest.mark.parametrize(("from_state", "to_state"), list(itertools.product(S.values, S.values)))
def test_it_moves_a_referral_only_as_the_state_machine_allows(
    from_state: str, to_state: str, programme: Any, worker: Any
) -> None:
    from vawg.programmes.tests.test_programme_rules import ALLOWED

    referral = ProgrammeReferralFactory(
        programme=programme,
        current_state=from_state,
        not_suitable_reason="denies" if from_state == S.NOT_SUITABLE else "",
        exit_reason="moved" if from_state == S.EXITED else "",
    )
    move = {"referral": referral, "to_state": to_state, "by": worker, "confirmed": True}
    move |= {"not_suitable_reason": "risk", "exit_reason": "attendance"}
    if (from_state, to_state) in ALLOWED:
        moved = services.programme_referral_transition(**move)
        assert moved.current_state == to_state
        assert ProgrammeReferralStatus.objects.get(referral=referral).state == to_state
    else:
        with pytest.raises(ValidationError):
            services.programme_referral_transition(**move)
        assert not ProgrammeReferralStatus.objects.filter(referral=referral).exists()


def test_it_needs_reason_codes_for_not_suitable_and_exit(programme: Any, worker: Any) -> None:
    assessing = ProgrammeReferralFactory(programme=programme, current_state=S.ASSESSING)
    with pytest.raises(ValidationError, match="why they are not suitable"):
        services.programme_referral_transition(referral=assessing, to_state=S.NOT_SUITABLE, by=worker)
    engaged = ProgrammeReferralFactory(programme=programme, current_state=S.ENGAGED)
    with pytest.raises(ValidationError, match="why they left"):
        services.programme_referral_transition(referral=engaged, to_state=S.EXITED, by=worker, exit_reason="bored")
    moved = services.programme_referral_transition(referral=engaged, to_state=S.EXITED, by=worker, exit_reason="risk")
    assert moved.exit_reason == "risk"
    entry = AuditEntry.objects.get(action="programmes.programme_referral.transition")
    assert (entry.details["from"], entry.details["to"], entry.details["reason"]) == ("engaged", "exited", "risk")


def test_it_completes_only_with_full_attendance_or_the_workers_confirmation(programme: Any, worker: Any) -> None:
    referral = ProgrammeReferralFactory(programme=programme, current_state=S.ENGAGED)
    with pytest.raises(ValidationError, match="not attended every session"):
        services.programme_referral_transition(referral=referral, to_state=S.COMPLETED, by=worker)
    past = timezone.now() - timedelta(days=10)
    for day in range(3):
        starts_at = past + timedelta(days=day)
        session = services.programme_session_create(programme=programme, starts_at=starts_at, by=worker)
        services.attendance_record(session=session, outcomes={referral: "attended"}, by=worker)
    done = services.programme_referral_transition(referral=referral, to_state=S.COMPLETED, by=worker)
    assert done.current_state == S.COMPLETED


def test_it_calls_the_state_change_hooks_after_writing_the_row(programme: Any, worker: Any) -> None:
    seen: list[tuple[str, str]] = []

    def hook(referral: ProgrammeReferral, status: ProgrammeReferralStatus) -> None:
        seen.append((referral.current_state, ProgrammeReferralStatus.objects.get(pk=status.pk).state))

    ON_PROGRAMME_REFERRAL_STATE_CHANGED.append(hook)
    try:
        referral = ProgrammeReferralFactory(programme=programme)
        services.programme_referral_transition(referral=referral, to_state=S.ASSESSING, by=worker)
    finally:
        ON_PROGRAMME_REFERRAL_STATE_CHANGED.remove(hook)
    assert seen == [(S.ASSESSING, S.ASSESSING)]


def test_it_records_an_assessment_with_an_encrypted_note(programme: Any, worker: Any) -> None:
    referral = ProgrammeReferralFactory(programme=programme)
    services.programme_referral_assess(
        referral=referral, suitable=False, not_suitable_reason="substances", note="Needs treatment first", by=worker
    )
    referral.refresh_from_db()
    assert (referral.current_state, referral.not_suitable_reason) == (S.NOT_SUITABLE, "substances")
    assert list(referral.statuses.values_list("state", flat=True)) == [S.ASSESSING, S.NOT_SUITABLE]
    assert referral.statuses.last().note == "Needs treatment first"
    assert not AuditEntry.objects.filter(details__icontains="treatment").exists()


def test_it_records_attendance_with_corrections_as_newer_rows(programme: Any, worker: Any) -> None:
    waiting = ProgrammeReferralFactory(programme=programme, current_state=S.WAITING)
    session = services.programme_session_create(
        programme=programme, starts_at=timezone.now() - timedelta(hours=2), by=worker
    )
    services.attendance_record(session=session, outcomes={waiting: "missed"}, by=worker)
    services.attendance_record(session=session, outcomes={waiting: "missed"}, by=worker)  # the same: not again
    services.attendance_record(session=session, outcomes={waiting: "attended"}, by=worker)
    rows = list(Attendance.objects.filter(session=session).order_by("created_at").values_list("outcome", flat=True))
    assert rows == ["missed", "attended"]
    waiting.refresh_from_db()
    assert waiting.current_state == S.ENGAGED  # attending their first session starts it
    outsider = ProgrammeReferralFactory(programme=ProgrammeFactory(provider=programme.provider))
    with pytest.raises(ValidationError, match="not on this session"):
        services.attendance_record(session=session, outcomes={outsider: "attended"}, by=worker)


def test_it_refuses_attendance_for_a_session_not_yet_started(programme: Any, worker: Any) -> None:
    referral = ProgrammeReferralFactory(programme=programme, current_state=S.ENGAGED)
    tomorrow = timezone.now() + timedelta(days=1)
    session = services.programme_session_create(programme=programme, starts_at=tomorrow, by=worker)
    with pytest.raises(ValidationError, match="once the session has started"):
        services.attendance_record(session=session, outcomes={referral: "attended"}, by=worker)


def test_it_refuses_exit_measures_before_intake_ones(programme: Any, worker: Any) -> None:
    referral = ProgrammeReferralFactory(programme=programme, current_state=S.ENGAGED)
    today = timezone.localdate()
    record = {"referral": referral, "levels": LEVELS, "source": "practitioner", "by": worker}
    with pytest.raises(ValidationError, match="intake measures before"):
        services.outcome_measures_record(timepoint="exit", recorded_on=today, **record)
    services.outcome_measures_record(timepoint="intake", recorded_on=today - timedelta(days=90), **record)
    with pytest.raises(ValidationError, match="from 0 to 3"):
        services.outcome_measures_record(
            timepoint="exit", recorded_on=today, **{**record, "levels": {**LEVELS, "physical": 4}}
        )
    none = dict.fromkeys(LEVELS, 0)
    services.outcome_measures_record(timepoint="exit", recorded_on=today, **{**record, "levels": none})
    assert OutcomeMeasure.objects.filter(referral=referral).count() == 8


def test_it_schedules_one_to_one_sessions_only_for_open_referrals(programme: Any, worker: Any) -> None:
    closed = ProgrammeReferralFactory(programme=programme, current_state=S.WITHDRAWN)
    with pytest.raises(ValidationError, match="open referral"):
        services.programme_session_create(programme=programme, referral=closed, starts_at=timezone.now(), by=worker)
    engaged = ProgrammeReferralFactory(programme=programme, current_state=S.ENGAGED)
    one_to_one = {"programme": programme, "referral": engaged, "starts_at": timezone.now(), "by": worker}
    first = services.programme_session_create(**one_to_one)
    second = services.programme_session_create(**one_to_one)
    assert (first.number, second.number) == (1, 2)


def _dapo(person: PersonCausingHarm, police: Any) -> Order:
    agency = police.memberships.get().organisation
    return Order.objects.create(
        order_type="dapo", respondent=person, owning_organisation=agency, owning_officer=police, created_by=police
    )


def test_it_links_a_court_referral_to_a_dapo_on_the_same_person(programme: Any, police_b: Any) -> None:
    person = _person(police_b)
    dapo, other = _dapo(person, police_b), _dapo(_person(police_b), police_b)
    refer = {"programme": programme, "person_causing_harm": person, "by": police_b}
    with pytest.raises(ValidationError, match="only for a referral from a court"):
        services.programme_referral_create(source="professional", court_order=dapo, **refer)
    with pytest.raises(ValidationError, match="made against this person"):
        services.programme_referral_create(source="court", court_order=other, **refer)
    referral = services.programme_referral_create(source="court", court_order=dapo, **refer)
    assert referral.court_order == dapo
    entry = AuditEntry.objects.get(action="programmes.programme_referral.create")
    assert entry.details["court_order_id"] == str(dapo.pk)
