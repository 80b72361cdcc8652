"""Pages for research, the victim's voice, the chair's view and actions: journeys, canaries and 404s."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.testing import SignedIn
from vawg.audit.models import AuditEntry
from vawg.cases.tests.factories import CaseFactory
from vawg.marac.models import (
    ActionState,
    MaracAction,
    MaracReferralState,
    MeetingState,
    ResearchFlag,
    VictimVoice,
)
from vawg.marac.tests.factories import (
    AgendaItemFactory,
    MaracActionFactory,
    MaracMeetingFactory,
    MeetingAgencyFactory,
    ResearchTaskFactory,
    listed_case,
)
from vawg.people.tests.factories import PersonFactory, SafeContactPreferenceFactory

CANARIES = ("Canarywharf Lane", "ZZ9 9ZZ", "07700 900555", "canary.victim@example.invalid", "Bluebird")


@pytest.fixture
def item(agencies: Any, outsider_c: User) -> Any:
    victim = PersonFactory(
        given_name="Vera",
        family_name="Testcase",
        address="7 Canarywharf Lane, Birdtown",
        postcode="ZZ9 9ZZ",
        phone="07700 900555",
        email="canary.victim@example.invalid",
    )
    SafeContactPreferenceFactory(person=victim, code_word="Bluebird")
    return listed_case(
        coordinating=agencies.county,
        attending=[agencies.a, agencies.b],
        chair=outsider_c,
        case=CaseFactory(victim=victim),
        reason="Threats at 7 Canarywharf Lane; call 07700900555",
        children_in_household=2,
    )


@pytest.fixture
def task_a(item: Any, agencies: Any) -> Any:
    return ResearchTaskFactory(
        agenda_item=item,
        organisation=agencies.a,
        victim_information="Seen at ZZ9 9ZZ, code word Bluebird",
        holds_information=True,
        flags=[ResearchFlag.WEAPONS],
        completed_at=timezone.now(),
    )


def _assert_no_canary(html: str) -> None:
    for canary in CANARIES:
        assert canary.lower() not in html.lower(), canary


def test_it_lists_outstanding_research_first_with_an_overdue_tag(
    item: Any, agencies: Any, idva_a: User, signed_in: SignedIn
) -> None:
    overdue = ResearchTaskFactory(agenda_item=item, organisation=agencies.a, due_at=timezone.now() - timedelta(hours=1))
    other = listed_case(coordinating=agencies.county, attending=[agencies.a])
    done = ResearchTaskFactory(agenda_item=other, organisation=agencies.a, completed_at=timezone.now())
    ResearchTaskFactory(agenda_item=item, organisation=agencies.b)
    html = signed_in(idva_a).get(reverse("marac:research_task_list")).content.decode()
    assert html.index(item.marac_referral.reference) < html.index(done.agenda_item.marac_referral.reference)
    assert "Overdue" in html and str(overdue.pk) in html
    assert html.count("/marac/research/") == 2  # agency B's task is not listed


def test_it_shows_the_research_pack_without_any_location_value(task_a: Any, idva_a: User, signed_in: SignedIn) -> None:
    response = signed_in(idva_a).get(reverse("marac:research_task_detail", kwargs={"task_id": task_a.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vera Testcase" in html and "17 May 1990" in html and "Children in the household" in html
    _assert_no_canary(html)
    assert AuditEntry.objects.filter(action="marac.research.view", object_id=str(task_a.pk)).count() == 1


def test_it_saves_and_submits_research_through_the_page(
    item: Any, agencies: Any, idva_a: User, signed_in: SignedIn
) -> None:
    task = ResearchTaskFactory(agenda_item=item, organisation=agencies.a)
    url = reverse("marac:research_task_detail", kwargs={"task_id": task.pk})
    client = signed_in(idva_a)
    data = {"holds_information": "yes", "flags": [ResearchFlag.WEAPONS], "victim_information": "Known"}
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    task.refresh_from_db()
    assert task.holds_information is True and task.completed_at is None
    assert client.post(url, {**data, "submit": "1"}).status_code == 302
    task.refresh_from_db()
    assert task.completed_at is not None


def test_it_shows_an_error_when_submitting_without_an_answer(
    item: Any, agencies: Any, idva_a: User, signed_in: SignedIn
) -> None:
    task = ResearchTaskFactory(agenda_item=item, organisation=agencies.a)
    response = signed_in(idva_a).post(
        reverse("marac:research_task_detail", kwargs={"task_id": task.pk}), {"submit": "1"}
    )
    assert response.status_code == 200
    assert "Select yes if your agency holds information" in response.content.decode()


@pytest.mark.parametrize("persona", ["police_b", "outsider_c", "marac_coordinator"])
def test_it_answers_404_for_another_agency_research(
    persona: str, task_a: Any, personas: dict[str, User], signed_in: SignedIn
) -> None:
    url = reverse("marac:research_task_detail", kwargs={"task_id": task_a.pk})
    assert signed_in(personas[persona]).get(url).status_code == 404


def test_it_answers_404_to_an_agency_not_at_the_meeting(agencies: Any, signed_in: SignedIn) -> None:
    from vawg.accounts.roles import Role
    from vawg.accounts.tests.factories import user_with_role

    item = listed_case(coordinating=agencies.county, attending=[agencies.a])
    idva_c = user_with_role(Role.IDVA, agencies.c, email="idva.c@example.invalid")
    client = signed_in(idva_c)
    assert client.get(reverse("marac:victim_voice_edit", kwargs={"item_id": item.pk})).status_code == 404
    assert client.get(reverse("marac:agenda_item_chair", kwargs={"item_id": item.pk})).status_code == 404


def test_it_records_the_victim_voice_through_the_page(item: Any, idva_a: User, signed_in: SignedIn) -> None:
    url = reverse("marac:victim_voice_edit", kwargs={"item_id": item.pk})
    response = signed_in(idva_a).post(url, {"views": "Wants to stay put", "safety_concerns": ""})
    assert response.status_code == 302
    assert VictimVoice.objects.get(agenda_item=item).views == "Wants to stay put"


def test_it_shows_the_chair_every_return_redacted_and_outstanding_research_as_not_returned(
    item: Any, task_a: Any, agencies: Any, outsider_c: User, signed_in: SignedIn
) -> None:
    ResearchTaskFactory(agenda_item=item, organisation=agencies.b)
    VictimVoice.objects.create(
        agenda_item=item, organisation=agencies.a, views="Fears for 7 Canarywharf Lane", recorded_by=outsider_c
    )
    response = signed_in(outsider_c).get(reverse("marac:agenda_item_chair", kwargs={"item_id": item.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Access to weapons" in html and "Not returned" in html and "[location removed]" in html
    _assert_no_canary(html)
    assert AuditEntry.objects.filter(action="marac.chair.view", object_id=str(item.pk)).count() == 1


@pytest.mark.parametrize("persona", ["idva_a", "police_b", "analyst"])
def test_it_keeps_the_chair_view_from_those_not_running_the_meeting(
    persona: str, item: Any, personas: dict[str, User], signed_in: SignedIn
) -> None:
    client = signed_in(personas[persona])
    assert client.get(reverse("marac:agenda_item_chair", kwargs={"item_id": item.pk})).status_code in (403, 404)
    assert client.get(reverse("marac:meeting_chair", kwargs={"meeting_id": item.meeting_id})).status_code in (403, 404)


def test_it_times_a_case_against_the_minutes_per_case(item: Any, outsider_c: User, signed_in: SignedIn) -> None:
    client = signed_in(outsider_c)
    url = reverse("marac:agenda_item_chair", kwargs={"item_id": item.pk})
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.post(reverse("marac:agenda_item_start", kwargs={"item_id": item.pk}))
        traveller.shift(timedelta(minutes=9, seconds=20))
        html = client.get(url).content.decode()
    assert ">9</span> of 15 minutes" in html
    assert "marac/timer.js" in html


def test_it_runs_a_case_through_the_chair_pages(
    item: Any, agencies: Any, outsider_c: User, idva_a: User, signed_in: SignedIn
) -> None:
    client = signed_in(outsider_c)
    kwargs = {"item_id": item.pk}
    client.post(reverse("marac:agenda_item_record", kwargs=kwargs), {"risks_identified": "Escalating threats"})
    due = timezone.localdate() + timedelta(days=14)
    response = client.post(
        reverse("marac:action_add", kwargs=kwargs),
        {
            "description": "Install a door alarm",
            "owning_organisation": agencies.a.pk,
            "owner": idva_a.pk,
            "due_on_0": due.day,
            "due_on_1": due.month,
            "due_on_2": due.year,
            "risk_addressed": "victim",
        },
    )
    assert response.status_code == 302
    action = MaracAction.objects.get(agenda_item=item)
    assert (action.owner, action.due_on, action.owning_organisation) == (idva_a, due, agencies.a)
    client.post(reverse("marac:agenda_item_record", kwargs=kwargs), {"conclusion": "Heard, plan agreed"})
    client.post(reverse("marac:agenda_item_hear", kwargs=kwargs))
    item.refresh_from_db()
    item.marac_referral.refresh_from_db()
    assert item.risks_identified == "Escalating threats" and item.conclusion == "Heard, plan agreed"
    assert item.marac_referral.current_state == MaracReferralState.HEARD
    meeting_page = client.get(reverse("marac:meeting_chair", kwargs={"meeting_id": item.meeting_id}))
    assert "Heard" in meeting_page.content.decode()
    client.post(reverse("marac:meeting_close", kwargs={"meeting_id": item.meeting_id}))
    item.meeting.refresh_from_db()
    assert item.meeting.current_state == MeetingState.HELD


def test_it_shows_action_form_errors_on_the_case_page(item: Any, outsider_c: User, signed_in: SignedIn) -> None:
    response = signed_in(outsider_c).post(reverse("marac:action_add", kwargs={"item_id": item.pk}), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter what the action is" in html and "Choose the agency that owns the action" in html


def test_it_shows_actions_carried_forward_from_an_earlier_meeting(
    item: Any, agencies: Any, marac_coordinator: User, signed_in: SignedIn
) -> None:
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.a, description="Earlier action for this case")
    later = MaracMeetingFactory(
        area=item.meeting.area, starts_at=item.meeting.starts_at + timedelta(days=28), current_state="agenda-published"
    )
    MeetingAgencyFactory(meeting=later, organisation=agencies.a)
    again = AgendaItemFactory(meeting=later, marac_referral__case=item.marac_referral.case)
    html = (
        signed_in(marac_coordinator)
        .get(reverse("marac:agenda_item_chair", kwargs={"item_id": again.pk}))
        .content.decode()
    )
    assert "Outstanding actions from earlier meetings" in html and "Earlier action for this case" in html


def test_it_lists_and_filters_the_agency_actions(item: Any, agencies: Any, idva_a: User, signed_in: SignedIn) -> None:
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.a, description="Open one")
    MaracActionFactory(
        agenda_item=item, owning_organisation=agencies.a, description="Done one", current_state=ActionState.DONE
    )
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.b, description="Police one")
    client = signed_in(idva_a)
    html = client.get(reverse("marac:action_list")).content.decode()
    assert "Open one" in html and "Done one" not in html and "Police one" not in html
    html = client.get(reverse("marac:action_list"), {"state": "done"}).content.decode()
    assert "Done one" in html and "Open one" not in html
    html = client.get(reverse("marac:action_list"), {"state": "<script>"}).content.decode()
    assert "Open one" in html and "Done one" not in html


def test_it_updates_an_action_status_through_the_page(
    item: Any, agencies: Any, idva_a: User, police_b: User, signed_in: SignedIn
) -> None:
    action = MaracActionFactory(agenda_item=item, owning_organisation=agencies.a)
    url = reverse("marac:action_detail", kwargs={"action_id": action.pk})
    assert signed_in(police_b).post(url, {"state": "done"}).status_code == 404
    assert signed_in(idva_a).post(url, {"state": "done", "note": "Fitted"}).status_code == 302
    action.refresh_from_db()
    assert action.current_state == ActionState.DONE


def test_it_shows_the_coordinator_outstanding_actions_by_agency(
    item: Any, agencies: Any, marac_coordinator: User, signed_in: SignedIn
) -> None:
    MaracActionFactory(
        agenda_item=item, owning_organisation=agencies.a, due_on=timezone.localdate() - timedelta(days=3)
    )
    client = signed_in(marac_coordinator)
    html = client.get(reverse("marac:action_outstanding")).content.decode()
    assert agencies.a.name in html
    drill = reverse("marac:action_outstanding_agency", kwargs={"organisation_id": agencies.a.pk})
    assert client.get(drill).status_code == 200
    none = reverse("marac:action_outstanding_agency", kwargs={"organisation_id": agencies.c.pk})
    assert client.get(none).status_code == 404
