"""MATAC services: meetings and their state machine, nomination rules, subjects (entry and exit scores, the
HarmAgency link and its end), reviews and tactics (MARAC's action states over every pair)."""

from __future__ import annotations

from datetime import timedelta
from itertools import product
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.intelligence.models import (
    MATAC_MEETING_TRANSITIONS,
    HarmAgency,
    HarmAgencyReason,
    MatacMeeting,
    MatacMeetingState,
    MatacNomination,
    MatacSubject,
    MatacTactic,
    MatacTacticStatus,
    NominationSource,
    NominationState,
    PersonCausingHarm,
    ReviewDecision,
    SubjectState,
    TacticKind,
)
from vawg.intelligence.selectors import matac as selectors
from vawg.intelligence.services import matac as services
from vawg.intelligence.tests.factories import HarmDenyEntryFactory, PersonCausingHarmFactory
from vawg.intelligence.tests.matrix_matac import meeting, rfg_score, world
from vawg.marac.models import ACTION_TRANSITIONS, ActionState

pytestmark = pytest.mark.django_db


def _count(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


@pytest.fixture
def probation(agencies: Any) -> Any:
    """A probation service invited to MATAC, with one officer (not the owner of any record)."""
    organisation = OrganisationFactory(name="Probation Service", type=OrganisationType.PROBATION)
    return user_with_role(Role.PROBATION, organisation, email="officer@example.invalid")


# Meetings ------------------------------------------------------------------------------------------


def test_it_schedules_a_meeting_with_its_agencies_and_one_audit_entry(personas: dict[str, Any], agencies: Any) -> None:
    created = meeting(personas["matac_coordinator"], [agencies.b, agencies.a])
    assert created.current_state == MatacMeetingState.SCHEDULED
    assert created.organisation == agencies.c
    assert set(selectors.invited_organisation_ids(created)) == {agencies.a.pk, agencies.b.pk}
    assert created.statuses.get().state == MatacMeetingState.SCHEDULED
    assert _count("intelligence.matac_meeting.create") == 1


@pytest.mark.parametrize("place", ["12 Example Street", "Room 2, AL1 1AA", "07700 900123"])
def test_it_refuses_an_address_as_the_place(personas: dict[str, Any], agencies: Any, place: str) -> None:
    with pytest.raises(ValidationError) as error:
        meeting(personas["matac_coordinator"], [agencies.b], location=place)
    assert "location" in error.value.message_dict
    assert not MatacMeeting.objects.exists()


def test_it_lets_only_a_coordinator_schedule(personas: dict[str, Any], agencies: Any) -> None:
    with pytest.raises(PermissionDenied):
        meeting(personas["police_b"], [agencies.b])


def test_it_refuses_an_agency_that_does_not_take_part(personas: dict[str, Any], agencies: Any) -> None:
    with pytest.raises(ValidationError):
        meeting(personas["matac_coordinator"], [agencies.county])


def _meeting_move(m: MatacMeeting, to: str, by: Any) -> None:
    if to == MatacMeetingState.MINUTES_PUBLISHED:
        services.matac_minutes_publish(meeting=m, by=by)
    else:
        services.matac_meeting_transition(meeting=m, to=to, by=by)


@pytest.mark.parametrize(("was", "to"), list(product(MatacMeetingState.values, MatacMeetingState.values)))
def test_it_moves_a_meeting_only_along_its_state_machine(
    personas: dict[str, Any], agencies: Any, was: str, to: str
) -> None:
    coordinator = personas["matac_coordinator"]
    m = meeting(coordinator, [agencies.b])
    MatacMeeting.objects.filter(pk=m.pk).update(current_state=was)
    m.refresh_from_db()
    rows = m.statuses.count()
    if to in MATAC_MEETING_TRANSITIONS[was]:
        _meeting_move(m, to, coordinator)
        m.refresh_from_db()
        assert m.current_state == to
        assert m.statuses.count() == rows + 1
    else:
        with pytest.raises(ValidationError):
            _meeting_move(m, to, coordinator)
        m.refresh_from_db()
        assert m.current_state == was
        assert m.statuses.count() == rows


def test_it_refuses_to_cancel_a_meeting_with_business(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    with pytest.raises(ValidationError):
        services.matac_meeting_transition(meeting=w.meeting, to="cancelled", by=w.coordinator)


# Nominations ---------------------------------------------------------------------------------------


def _person(agencies: Any, *, scored: bool = True) -> PersonCausingHarm:
    person = PersonCausingHarmFactory(owning_organisation=agencies.b)
    if scored:
        rfg_score(person)
    return person


def test_it_takes_a_partner_referral_with_its_reason_and_latest_score(personas: dict[str, Any], agencies: Any) -> None:
    person = _person(agencies)
    newer = rfg_score(person, total=55.0, as_of=timezone.localdate() + timedelta(days=1))
    nomination = services.matac_nomination_create(
        by=personas["police_b"], person=person, source=NominationSource.PARTNER, reason="x" * 20
    )
    assert nomination.rfg_score == newer
    assert nomination.nominating_organisation == agencies.b
    assert nomination.coordinating_organisation == agencies.c
    assert nomination.current_state == NominationState.OPEN
    entry = AuditEntry.objects.get(action="intelligence.matac_nomination.create")
    assert "x" * 20 not in str(entry.details)


@pytest.mark.parametrize("reason", ["", "Too short a reason", "   " + "y" * 19 + "   "])
def test_it_refuses_a_partner_referral_without_a_reason_of_twenty_characters(
    personas: dict[str, Any], agencies: Any, reason: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.matac_nomination_create(
            by=personas["police_b"], person=_person(agencies), source=NominationSource.PARTNER, reason=reason
        )
    assert "reason" in error.value.message_dict
    assert not MatacNomination.objects.exists()


def test_it_needs_a_score_to_nominate_from_the_ranking(personas: dict[str, Any], agencies: Any) -> None:
    with pytest.raises(ValidationError):
        services.matac_nomination_create(
            by=personas["police_b"], person=_person(agencies, scored=False), source=NominationSource.RANKING
        )


def test_it_lets_only_a_ranking_reader_nominate_from_the_ranking(personas: dict[str, Any], agencies: Any) -> None:
    person = _person(agencies)
    HarmAgency.objects.create(
        person_causing_harm=person, organisation=agencies.c, reason=HarmAgencyReason.SUPERVISES, system_job="tests"
    )
    with pytest.raises(PermissionDenied):
        services.matac_nomination_create(by=personas["probation"], person=person, source=NominationSource.RANKING)


def test_it_refuses_to_nominate_someone_the_nominator_cannot_see(personas: dict[str, Any], agencies: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.matac_nomination_create(
            by=personas["probation"], person=_person(agencies), source=NominationSource.PARTNER, reason="z" * 30
        )


def test_it_refuses_a_second_open_nomination_and_an_active_subject(personas: dict[str, Any], agencies: Any) -> None:
    person = _person(agencies)
    args = {"by": personas["police_b"], "person": person, "source": NominationSource.PARTNER, "reason": "r" * 25}
    services.matac_nomination_create(**args)
    with pytest.raises(ValidationError, match=services.ALREADY_NOMINATED):
        services.matac_nomination_create(**args)
    w = world(personas, agencies)
    with pytest.raises(ValidationError, match=services.ALREADY_SUBJECT):
        services.matac_nomination_create(**{**args, "person": w.person})


def test_it_declines_with_a_reason(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    person = _person(agencies)
    nomination = services.matac_nomination_create(
        by=w.police, person=person, source=NominationSource.PARTNER, reason="q" * 25
    )
    with pytest.raises(ValidationError):
        services.matac_nomination_decline(nomination=nomination, reason=" ", by=w.coordinator)
    row = services.matac_nomination_decline(nomination=nomination, reason="No pattern yet", by=w.coordinator)
    assert row.note == "No pattern yet"
    nomination.refresh_from_db()
    assert nomination.current_state == NominationState.DECLINED
    with pytest.raises(ValidationError):
        services.matac_nomination_accept(nomination=nomination, meeting=w.meeting, by=w.coordinator)
    # Declined, so the person can be nominated again.
    services.matac_nomination_create(by=w.police, person=person, source=NominationSource.PARTNER, reason="q" * 25)


def test_it_lets_only_the_coordinator_decide(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    nomination = services.matac_nomination_create(
        by=w.police, person=_person(agencies), source=NominationSource.PARTNER, reason="q" * 25
    )
    with pytest.raises(PermissionDenied):
        services.matac_nomination_accept(nomination=nomination, meeting=w.meeting, by=w.police)
    with pytest.raises(PermissionDenied):
        services.matac_nomination_decline(nomination=nomination, reason="No", by=w.police)


# Subjects: entry, the HarmAgency link, exit ----------------------------------------------------------


def test_it_makes_a_subject_with_the_score_on_entry(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    assert w.subject.current_state == SubjectState.ACTIVE
    assert w.subject.entry_score == w.score
    assert w.subject.entered_on == timezone.localtime(w.meeting.starts_at).date()
    assert w.nomination.current_state == NominationState.ACCEPTED
    assert _count("intelligence.matac_subject.enter") == 1


def test_it_gives_invited_agencies_sight_of_the_record_until_exit(
    personas: dict[str, Any], agencies: Any, probation: Any
) -> None:
    w = world(personas, agencies)
    officer_agency = probation.memberships.get().organisation
    assert not PersonCausingHarm.objects.visible_to(probation).filter(pk=w.person.pk).exists()
    later = meeting(w.coordinator, [agencies.b, officer_agency], days=29)
    link = HarmAgency.objects.get(person_causing_harm=w.person, organisation=officer_agency, ended_at__isnull=True)
    assert link.reason == HarmAgencyReason.MATAC
    assert PersonCausingHarm.objects.visible_to(probation).filter(pk=w.person.pk).exists()
    assert MatacSubject.objects.visible_to(probation).filter(pk=w.subject.pk).exists()
    services.matac_subject_exit(subject=w.subject, by=w.coordinator, exited_on=timezone.localdate(), reason="custody")
    assert not HarmAgency.objects.filter(
        person_causing_harm=w.person, reason=HarmAgencyReason.MATAC, ended_at__isnull=True
    ).exists()
    assert _count("intelligence.harm_agency.end") == 2  # agency B's link and probation's
    assert not PersonCausingHarm.objects.visible_to(probation).filter(pk=w.person.pk).exists()
    assert not MatacSubject.objects.visible_to(probation).filter(pk=w.subject.pk).exists()
    assert later.pk  # the later meeting stays


def test_it_records_the_latest_score_on_exit(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    lower = rfg_score(w.person, total=12.0, as_of=timezone.localdate() + timedelta(days=1))
    services.matac_subject_exit(subject=w.subject, by=w.coordinator, exited_on=timezone.localdate(), reason="engaged")
    w.subject.refresh_from_db()
    assert w.subject.exit_score == lower
    assert w.subject.entry_score == w.score
    assert w.subject.statuses.last().state == SubjectState.EXITED


def test_it_needs_a_note_to_exit_without_a_score(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    nomination = services.matac_nomination_create(
        by=w.police, person=_person(agencies, scored=False), source=NominationSource.PARTNER, reason="u" * 30
    )
    subject = services.matac_nomination_accept(nomination=nomination, meeting=w.meeting, by=w.coordinator)
    assert subject.entry_score is None
    with pytest.raises(ValidationError) as error:
        services.matac_subject_exit(subject=subject, by=w.coordinator, exited_on=timezone.localdate(), reason="custody")
    assert "note" in error.value.message_dict
    subject.refresh_from_db()
    assert subject.current_state == SubjectState.ACTIVE
    services.matac_subject_exit(
        subject=subject,
        by=w.coordinator,
        exited_on=timezone.localdate(),
        reason="custody",
        note="Never scored: referred by a partner",
    )
    subject.refresh_from_db()
    assert (subject.exit_score, subject.current_state) == (None, SubjectState.EXITED)


@pytest.mark.parametrize("reason", ["", "not-a-reason"])
def test_it_refuses_an_exit_reason_not_in_the_list(personas: dict[str, Any], agencies: Any, reason: str) -> None:
    w = world(personas, agencies)
    with pytest.raises(ValidationError):
        services.matac_subject_exit(subject=w.subject, by=w.coordinator, exited_on=timezone.localdate(), reason=reason)


def test_it_reviews_once_per_meeting_and_exits_on_an_exit_decision(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    review = services.matac_review_record(
        subject=w.subject, meeting=w.meeting, by=w.coordinator, note="Engaging", decision=ReviewDecision.CONTINUE
    )
    assert review.decision == ReviewDecision.CONTINUE
    with pytest.raises(ValidationError):
        services.matac_review_record(
            subject=w.subject, meeting=w.meeting, by=w.coordinator, note="Again", decision=ReviewDecision.CONTINUE
        )
    nxt = meeting(w.coordinator, [agencies.b], days=29)
    services.matac_review_record(
        subject=w.subject,
        meeting=nxt,
        by=w.coordinator,
        note="No incidents for three months",
        decision=ReviewDecision.EXIT,
        exit_reason="risk-reduced",
    )
    w.subject.refresh_from_db()
    assert w.subject.current_state == SubjectState.EXITED
    assert w.subject.exit_meeting == nxt


def test_it_keeps_the_profile_for_the_coordinator_only(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    with pytest.raises(PermissionDenied):
        services.matac_profile_update(subject=w.subject, by=w.police, profile_summary="Summary")
    services.matac_profile_update(subject=w.subject, by=w.coordinator, profile_summary="Controlling")
    w.subject.refresh_from_db()
    assert w.subject.profile_summary == "Controlling"
    assert w.subject.profile_updated_by == w.coordinator


def test_it_hides_a_subject_from_a_deny_listed_user(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    assert MatacSubject.objects.visible_to(w.police).filter(pk=w.subject.pk).exists()
    HarmDenyEntryFactory(person_causing_harm=w.person, user=w.police)
    assert not MatacSubject.objects.visible_to(w.police).exists()
    assert not MatacTactic.objects.visible_to(w.police).exists()
    assert not MatacNomination.objects.visible_to(w.police).exists()


# Tactics ---------------------------------------------------------------------------------------------


def test_it_agrees_a_tactic_with_an_open_status(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    assert w.tactic.current_state == ActionState.OPEN
    assert w.tactic.statuses.get().state == ActionState.OPEN
    assert _count("intelligence.matac_tactic.create") == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"owning_organisation": "county"}, "owning_organisation"),
        ({"owner": "idva_a"}, "owner"),
        ({"due_on": -1}, "due_on"),
        ({"kind": "wishful"}, "kind"),
        ({"description": "  "}, "description"),
    ],
)
def test_it_refuses_a_tactic_that_breaks_a_rule(
    personas: dict[str, Any], agencies: Any, change: dict[str, Any], field: str
) -> None:
    w = world(personas, agencies)
    args: dict[str, Any] = {
        "subject": w.subject,
        "meeting": w.meeting,
        "by": w.coordinator,
        "kind": TacticKind.SUPPORT,
        "description": "Offer the behaviour change programme",
        "owning_organisation": agencies.b,
        "owner": None,
        "due_on": timezone.localdate() + timedelta(days=7),
    }
    if "owning_organisation" in change:
        args["owning_organisation"] = getattr(agencies, change["owning_organisation"])
    elif "owner" in change:
        args["owner"] = personas[change["owner"]]
    elif "due_on" in change:
        args["due_on"] = timezone.localdate() + timedelta(days=change["due_on"])
    else:
        args |= change
    with pytest.raises(ValidationError) as error:
        services.matac_tactic_create(**args)
    assert field in error.value.message_dict
    assert MatacTactic.objects.count() == 1


@pytest.mark.parametrize(("was", "to"), list(product(ActionState.values, ActionState.values)))
def test_it_moves_a_tactic_along_marac_action_states(
    personas: dict[str, Any], agencies: Any, was: str, to: str
) -> None:
    w = world(personas, agencies)
    MatacTactic.objects.filter(pk=w.tactic.pk).update(current_state=was)
    w.tactic.refresh_from_db()
    rows = MatacTacticStatus.objects.filter(tactic=w.tactic).count()
    note = "Could not be done: moved away" if to == ActionState.NOT_DONE else ""
    if to in ACTION_TRANSITIONS[was]:
        services.matac_tactic_update(tactic=w.tactic, by=w.police, state=to, note=note)
        w.tactic.refresh_from_db()
        assert w.tactic.current_state == to
        assert MatacTacticStatus.objects.filter(tactic=w.tactic).count() == rows + 1
    else:
        with pytest.raises(ValidationError):
            services.matac_tactic_update(tactic=w.tactic, by=w.police, state=to, note=note)
        assert MatacTacticStatus.objects.filter(tactic=w.tactic).count() == rows


def test_it_needs_a_reason_when_a_tactic_could_not_be_done(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    with pytest.raises(ValidationError) as error:
        services.matac_tactic_update(tactic=w.tactic, by=w.police, state=ActionState.NOT_DONE)
    assert "note" in error.value.message_dict


def test_it_lets_only_the_owning_agency_or_coordinator_update_a_tactic(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    with pytest.raises(PermissionDenied):
        services.matac_tactic_update(tactic=w.tactic, by=personas["idva_a"], state=ActionState.DONE)
    services.matac_tactic_update(tactic=w.tactic, by=w.coordinator, state=ActionState.IN_PROGRESS)


def test_it_counts_an_agency_s_tactics_due_or_overdue_for_my_work(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    assert selectors.tactics_due_count(w.police) == 0  # due in 14 days: not yet
    MatacTactic.objects.filter(pk=w.tactic.pk).update(due_on=timezone.localdate() + timedelta(days=3))
    assert selectors.tactics_due_count(w.police) == 1
    assert selectors.tactics_due_count(personas["idva_a"]) == 0
    services.matac_tactic_update(tactic=w.tactic, by=w.police, state=ActionState.DONE)
    assert selectors.tactics_due_count(w.police) == 0


def test_it_carries_outstanding_tactics_forward_to_the_next_meeting(personas: dict[str, Any], agencies: Any) -> None:
    w = world(personas, agencies)
    nxt = meeting(w.coordinator, [agencies.b], days=29)
    agenda = selectors.agenda_for(w.coordinator, nxt)
    assert [t.pk for t in agenda.carried_forward] == [w.tactic.pk]
    assert [s.pk for s in agenda.reviews] == [w.subject.pk]
    services.matac_tactic_update(tactic=w.tactic, by=w.police, state=ActionState.DONE)
    assert selectors.agenda_for(w.coordinator, nxt).carried_forward == []
