"""Research before the meeting and the victim's voice: who may write, until when, and the audit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.tests.factories import CaseDenyEntryFactory
from vawg.marac.models import MeetingState, ResearchFlag, ResearchTask, VictimVoice
from vawg.marac.services.research import (
    research_task_save,
    research_task_submit,
    victim_voice_save,
)
from vawg.marac.tests.factories import ResearchTaskFactory, listed_case


@pytest.fixture
def item(agencies: Any) -> Any:
    return listed_case(coordinating=agencies.county, attending=[agencies.a, agencies.b])


@pytest.fixture
def tasks(item: Any, agencies: Any) -> dict[str, ResearchTask]:
    return {
        "a": ResearchTaskFactory(agenda_item=item, organisation=agencies.a),
        "b": ResearchTaskFactory(agenda_item=item, organisation=agencies.b),
    }


def _save(task: ResearchTask, by: User, **overrides: Any) -> ResearchTask:
    fields: dict[str, Any] = {
        "holds_information": True,
        "flags": [ResearchFlag.VICTIM_KNOWN, ResearchFlag.WEAPONS],
        "victim_information": "Known since 2024",
        "perpetrator_information": "",
        "children_information": "",
    }
    fields.update(overrides)
    return research_task_save(task=task, by=by, **fields)


def test_it_shows_each_invited_agency_only_its_own_research(
    tasks: dict[str, ResearchTask], idva_a: User, police_b: User
) -> None:
    assert list(ResearchTask.objects.visible_to(idva_a)) == [tasks["a"]]
    assert list(ResearchTask.objects.visible_to(police_b)) == [tasks["b"]]


def test_it_shows_an_agency_not_at_the_meeting_no_research(tasks: dict[str, ResearchTask], outsider_c: User) -> None:
    assert not ResearchTask.objects.visible_to(outsider_c).exists()


def test_it_shows_the_chair_and_coordinator_every_agency_research(
    tasks: dict[str, ResearchTask], item: Any, marac_coordinator: User, outsider_c: User
) -> None:
    assert set(ResearchTask.objects.visible_to(marac_coordinator)) == set(tasks.values())
    item.meeting.chair = outsider_c
    item.meeting.save()
    assert set(ResearchTask.objects.visible_to(outsider_c)) == set(tasks.values())


def test_it_saves_a_draft_then_submits_it_with_audit(tasks: dict[str, ResearchTask], idva_a: User) -> None:
    task = _save(tasks["a"], idva_a)
    task.refresh_from_db()
    assert task.completed_at is None
    assert task.flags == [ResearchFlag.VICTIM_KNOWN, ResearchFlag.WEAPONS]
    research_task_submit(task=task, by=idva_a)
    task.refresh_from_db()
    assert task.completed_at is not None and task.completed_by == idva_a
    assert AuditEntry.objects.filter(action="marac.research.save", object_id=str(task.pk)).count() == 1
    assert AuditEntry.objects.filter(action="marac.research.submit", object_id=str(task.pk)).count() == 1


def test_it_refuses_to_submit_without_saying_whether_the_agency_holds_information(
    tasks: dict[str, ResearchTask], idva_a: User
) -> None:
    _save(tasks["a"], idva_a, holds_information=None)
    with pytest.raises(ValidationError):
        research_task_submit(task=tasks["a"], by=idva_a)


def test_it_refuses_another_agency_writing_research(tasks: dict[str, ResearchTask], police_b: User) -> None:
    with pytest.raises(PermissionDenied):
        _save(tasks["a"], police_b)


def test_it_refuses_the_coordinator_writing_an_agency_research(
    tasks: dict[str, ResearchTask], marac_coordinator: User
) -> None:
    with pytest.raises(PermissionDenied):
        _save(tasks["a"], marac_coordinator)


def test_it_refuses_unknown_flags(tasks: dict[str, ResearchTask], idva_a: User) -> None:
    with pytest.raises(ValidationError):
        _save(tasks["a"], idva_a, flags=["not-a-flag"])


def test_it_lets_research_be_corrected_until_the_meeting_starts(tasks: dict[str, ResearchTask], idva_a: User) -> None:
    task = _save(tasks["a"], idva_a)
    research_task_submit(task=task, by=idva_a)
    _save(task, idva_a, victim_information="Corrected")
    task.refresh_from_db()
    assert task.victim_information == "Corrected" and task.completed_at is not None
    with time_machine.travel(task.agenda_item.meeting.starts_at + timedelta(minutes=1)), pytest.raises(ValidationError):
        _save(task, idva_a, victim_information="Too late")


def test_it_hides_research_of_a_deny_listed_case(tasks: dict[str, ResearchTask], item: Any, idva_a: User) -> None:
    CaseDenyEntryFactory(case=item.marac_referral.case, user=idva_a)
    assert not ResearchTask.objects.visible_to(idva_a).exists()
    with pytest.raises(PermissionDenied):
        _save(tasks["a"], idva_a)


def test_it_records_the_victim_voice_for_an_invited_idva(item: Any, idva_a: User, agencies: Any) -> None:
    voice = victim_voice_save(item=item, by=idva_a, views="Wants the locks changed", safety_concerns="Evenings")
    assert voice.organisation_id == agencies.a.pk
    victim_voice_save(item=item, by=idva_a, views="Changed her mind", safety_concerns="")
    assert VictimVoice.objects.get(agenda_item=item).views == "Changed her mind"
    assert AuditEntry.objects.filter(action="marac.victim_voice.save").count() == 2


def test_it_refuses_the_victim_voice_from_someone_not_an_idva_or_not_invited(
    item: Any, police_b: User, agencies: Any
) -> None:
    from vawg.accounts.roles import Role
    from vawg.accounts.tests.factories import user_with_role

    with pytest.raises(PermissionDenied):
        victim_voice_save(item=item, by=police_b, views="x", safety_concerns="")
    idva_c = user_with_role(Role.IDVA, agencies.c, email="idva.c@example.invalid")
    with pytest.raises(PermissionDenied):
        victim_voice_save(item=item, by=idva_c, views="x", safety_concerns="")


def test_it_closes_the_victim_voice_once_the_meeting_is_held(item: Any, idva_a: User) -> None:
    type(item.meeting).objects.filter(pk=item.meeting_id).update(current_state=MeetingState.HELD)
    item.meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        victim_voice_save(item=item, by=idva_a, views="Late", safety_concerns="")


def test_it_needs_views_or_concerns(item: Any, idva_a: User) -> None:
    with pytest.raises(ValidationError):
        victim_voice_save(item=item, by=idva_a, views="  ", safety_concerns="")


def test_it_never_stores_a_location_value_typed_into_research_or_the_victim_voice(
    tasks: dict[str, ResearchTask], item: Any, idva_a: User
) -> None:
    victim = item.marac_referral.case.victim
    typed = f"Visited {victim.address} and rang {victim.phone}"
    task = _save(tasks["a"], idva_a, victim_information=typed, children_information=victim.postcode)
    task.refresh_from_db()
    for stored in (task.victim_information, task.children_information):
        assert "[location removed]" in stored
        assert victim.postcode not in stored and "Example Street" not in stored
    voice = victim_voice_save(item=item, by=idva_a, views=typed, safety_concerns="")
    assert victim.phone not in voice.views and "Example Street" not in voice.views
