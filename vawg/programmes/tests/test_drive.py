"""High-harm case management: the transitions table and due rule, assigning the case manager, adding and
moving interventions, and who sees which (docs/programmes.md#high-harm-case-management)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn
from vawg.accounts.tests.factories import user_with_role
from vawg.audit.models import AuditEntry
from vawg.intelligence.tests.factories import HarmDenyEntryFactory
from vawg.programmes.models import (
    INTERVENTION_TRANSITIONS,
    Intervention,
    InterventionKind,
    InterventionState,
    InterventionStatus,
    ProgrammeKind,
)
from vawg.programmes.rules.drive import DUE_SOON, NOT_DUE, OVERDUE, intervention_due, intervention_may_move
from vawg.programmes.selectors.drive import caseload_for, interventions_due_count, interventions_of_my_agencies
from vawg.programmes.services import drive as services
from vawg.programmes.tests.factories import ProgrammeReferralFactory
from vawg.programmes.tests.factories_partner import drive_world, partner_world

P, IP, D, N = (
    InterventionState.PLANNED,
    InterventionState.IN_PROGRESS,
    InterventionState.DONE,
    InterventionState.NOT_DONE,
)
TODAY = date(2026, 3, 10)

# The rules (pure) -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "to", "allowed"),
    [
        (P, IP, True),
        (P, D, True),
        (P, N, True),
        (IP, D, True),
        (IP, N, True),
        (IP, P, False),
        (D, IP, False),
        (D, N, False),
        (N, D, False),
        (P, P, False),
    ],
)
def test_it_moves_interventions_only_along_the_table(current: str, to: str, allowed: bool) -> None:
    assert intervention_may_move(current, to) is allowed


@given(st.sampled_from(InterventionState.values), st.sampled_from(InterventionState.values))
def test_it_never_leaves_done_or_not_done(current: str, to: str) -> None:
    if current in (D, N):
        assert not intervention_may_move(current, to)
    assert intervention_may_move(current, to) == (to in INTERVENTION_TRANSITIONS[current])


@pytest.mark.parametrize(
    ("state", "due_on", "expected"),
    [
        (P, TODAY - timedelta(days=1), OVERDUE),
        (IP, TODAY, DUE_SOON),
        (P, TODAY + timedelta(days=7), DUE_SOON),
        (P, TODAY + timedelta(days=8), NOT_DUE),
        (D, TODAY - timedelta(days=30), NOT_DUE),
        (N, TODAY - timedelta(days=30), NOT_DUE),
        (P, None, NOT_DUE),
    ],
)
def test_it_says_when_an_intervention_is_due(state: str, due_on: date | None, expected: str) -> None:
    assert intervention_due(state=state, due_on=due_on, today=TODAY) == expected


@given(st.sampled_from(InterventionState.values), st.integers(min_value=-400, max_value=400))
def test_it_calls_only_outstanding_interventions_due(state: str, days: int) -> None:
    verdict = intervention_due(state=state, due_on=TODAY + timedelta(days=days), today=TODAY)
    if state in (D, N):
        assert verdict == NOT_DUE
    else:
        assert (verdict == OVERDUE) == (days < 0)


# Services and visibility --------------------------------------------------------------------------


@pytest.fixture
def world(personas: dict[str, Any], agencies: Any, db: None) -> Any:
    return drive_world(personas, agencies)


@pytest.mark.django_db
def test_it_assigns_the_case_manager_and_audits_it(world: Any, personas: dict[str, Any]) -> None:
    world.referral.refresh_from_db()
    assert world.referral.case_manager == personas["programme_worker"]
    entry = AuditEntry.objects.get(action="programmes.programme_referral.assign")
    assert entry.details["case_manager_id"] == str(personas["programme_worker"].pk)


@pytest.mark.django_db
def test_it_refuses_a_case_manager_from_another_agency(world: Any, personas: dict[str, Any], agencies: Any) -> None:
    elsewhere = user_with_role(Role.PROGRAMME_WORKER, agencies.b, email="pw.b@example.invalid")
    with pytest.raises(ValidationError):
        services.programme_referral_case_manager_assign(
            referral=world.referral, case_manager=elsewhere, by=personas["programme_worker"]
        )
    with pytest.raises(Http404):
        services.programme_referral_case_manager_assign(
            referral=world.referral, case_manager=personas["programme_worker"], by=elsewhere
        )


@pytest.mark.django_db
def test_it_refuses_a_case_manager_for_a_group_programme(personas: dict[str, Any], agencies: Any) -> None:
    group = partner_world(personas, agencies, linked=False)
    with pytest.raises(ValidationError, match="high-harm"):
        services.programme_referral_case_manager_assign(
            referral=group.referral, case_manager=personas["programme_worker"], by=personas["programme_worker"]
        )


@pytest.mark.django_db
def test_it_adds_an_intervention_planned_with_its_first_status(world: Any, personas: dict[str, Any]) -> None:
    intervention = world.intervention
    assert intervention.current_state == P
    assert list(InterventionStatus.objects.filter(intervention=intervention).values_list("state", flat=True)) == [P]
    entry = AuditEntry.objects.get(action="programmes.intervention.add")
    assert entry.details["kind"] == InterventionKind.DISRUPTION
    assert "bail" not in str(entry.details)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "punish"}, "kind"),
        ({"description": "  "}, "description"),
        ({"due_on": None}, "due_on"),
        ({"due_on": date(2020, 1, 1)}, "due_on"),
    ],
)
def test_it_refuses_a_bad_intervention_and_saves_nothing(
    world: Any, personas: dict[str, Any], agencies: Any, change: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = {
        "kind": InterventionKind.SUPPORT,
        "organisation": agencies.b,
        "description": "Housing support referral",
        "due_on": timezone.localdate() + timedelta(days=3),
        **change,
    }
    with pytest.raises(ValidationError) as raised:
        services.intervention_add(referral=world.referral, by=personas["programme_worker"], **values)
    assert field in raised.value.message_dict
    assert Intervention.objects.count() == 1


@pytest.mark.django_db
def test_it_lets_the_owning_agency_move_its_intervention(world: Any, personas: dict[str, Any]) -> None:
    police = personas["police_b"]
    services.intervention_transition(intervention=world.intervention, to_state=IP, by=police)
    services.intervention_transition(intervention=world.intervention, to_state=D, by=police)
    world.intervention.refresh_from_db()
    assert world.intervention.current_state == D
    assert list(world.intervention.statuses.values_list("state", flat=True)) == [P, IP, D]
    with pytest.raises(ValidationError):
        services.intervention_transition(intervention=world.intervention, to_state=IP, by=police)


@pytest.mark.django_db
def test_it_needs_a_reason_code_when_not_done(world: Any, personas: dict[str, Any]) -> None:
    worker = personas["programme_worker"]
    with pytest.raises(ValidationError):
        services.intervention_transition(intervention=world.intervention, to_state=N, by=worker)
    with pytest.raises(ValidationError):
        services.intervention_transition(intervention=world.intervention, to_state=N, by=worker, reason="free text")
    services.intervention_transition(intervention=world.intervention, to_state=N, by=worker, reason="not-possible")
    assert AuditEntry.objects.get(action="programmes.intervention.transition").details == {
        "from": P,
        "to": N,
        "reason": "not-possible",
    }


@pytest.mark.django_db
def test_it_refuses_agencies_that_do_not_own_the_intervention(world: Any, personas: dict[str, Any]) -> None:
    with pytest.raises(Http404):
        services.intervention_transition(intervention=world.intervention, to_state=IP, by=personas["probation"])


@pytest.mark.django_db
def test_it_shows_another_agency_only_its_own_interventions(
    world: Any, personas: dict[str, Any], agencies: Any
) -> None:
    worker = personas["programme_worker"]
    housing = services.intervention_add(
        referral=world.referral,
        kind=InterventionKind.SUPPORT,
        organisation=agencies.c,
        description="Review the tenancy",
        due_on=timezone.localdate() + timedelta(days=30),
        by=worker,
    )
    assert set(Intervention.objects.visible_to(worker)) == {world.intervention, housing}
    assert set(Intervention.objects.visible_to(personas["police_b"])) == {world.intervention}
    assert set(Intervention.objects.visible_to(personas["outsider_c"])) == {housing}
    assert not Intervention.objects.visible_to(personas["analyst"]).exists()
    assert not Intervention.objects.visible_to(personas["board_member"]).exists()


@pytest.mark.django_db
def test_it_hides_interventions_from_anyone_the_person_has_deny_listed(world: Any, personas: dict[str, Any]) -> None:
    police = personas["police_b"]
    assert set(Intervention.objects.visible_to(police)) == {world.intervention}
    HarmDenyEntryFactory(person_causing_harm=world.referral.person_causing_harm, user=police)
    assert not Intervention.objects.visible_to(police).exists()
    assert interventions_due_count(police) == 0


@pytest.mark.django_db
def test_it_counts_my_work_from_the_same_list(world: Any, personas: dict[str, Any], agencies: Any) -> None:
    police = personas["police_b"]
    assert interventions_due_count(police) == 0
    soon = drive_world(personas, agencies, due_in=2)
    assert interventions_due_count(police) == 1
    assert list(interventions_of_my_agencies(police, due=True)) == [soon.intervention]


@pytest.mark.django_db
def test_it_lists_the_caseload_with_the_next_intervention_due(world: Any, personas: dict[str, Any]) -> None:
    worker = personas["programme_worker"]
    rows = list(caseload_for(worker))
    assert rows == [world.referral]
    assert rows[0].next_due_on == world.intervention.due_on
    ProgrammeReferralFactory(programme=world.programme, current_state="engaged")  # no case manager
    assert list(caseload_for(worker)) == [world.referral]
    assert list(caseload_for(personas["police_b"])) == []


@pytest.mark.django_db
def test_it_shows_the_high_harm_section_on_the_referral_page(
    world: Any, personas: dict[str, Any], signed_in: SignedIn
) -> None:
    page = signed_in(personas["programme_worker"]).get(
        reverse("programmes:referral_detail", kwargs={"referral_id": world.referral.pk})
    )
    text = page.content.decode()
    assert 'id="high-harm"' in text
    assert "Check bail conditions weekly" in text
    assert reverse("high_harm:intervention_new", kwargs={"referral_id": world.referral.pk}) in text
    assert world.programme.kind == ProgrammeKind.HIGH_HARM


@pytest.mark.django_db
def test_it_changes_the_state_through_the_page(world: Any, personas: dict[str, Any], signed_in: SignedIn) -> None:
    url = reverse("high_harm:intervention_detail", kwargs={"intervention_id": world.intervention.pk})
    client = signed_in(personas["police_b"])
    assert "Check bail conditions weekly" in client.get(url).content.decode()
    assert client.post(url, {"to_state": IP, "reason": ""}).status_code == 302
    world.intervention.refresh_from_db()
    assert world.intervention.current_state == IP
    refused = client.post(url, {"to_state": P, "reason": ""})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode() or "There is a problem" in refused.content.decode()
