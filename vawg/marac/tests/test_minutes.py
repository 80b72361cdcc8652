"""Minutes: each agency's copy holds only its relevant cases and own actions; publishing; audit; the PDF."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pypdf
import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from vawg.accounts.models import User
from vawg.accounts.testing import SignedIn
from vawg.audit.models import AuditEntry
from vawg.cases.tests.factories import CaseDenyEntryFactory, CaseFactory
from vawg.marac.models import ActionState, MaracMeetingStatus, MeetingAttendee, MeetingState, VictimVoice
from vawg.marac.presenters.minutes import NO_CASES, build_minutes, victim_display_name
from vawg.marac.selectors.minutes import minutes_access
from vawg.marac.tests.factories import (
    AgendaItemFactory,
    MaracActionFactory,
    MaracMeetingFactory,
    MeetingAgencyFactory,
    ResearchTaskFactory,
    listed_case,
)
from vawg.people.tests.factories import PersonFactory


def _url(name: str, meeting: Any) -> str:
    return reverse(f"marac:{name}", kwargs={"meeting_id": meeting.pk})


def _pdf_text(document: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(document)).pages]


@pytest.fixture
def meeting_with_cases(agencies: Any, marac_coordinator: User) -> dict[str, Any]:
    """A published meeting (agencies A and B invited) with one item per way of being relevant, and one
    item relevant to neither A nor B."""
    first = listed_case(
        coordinating=agencies.county,
        attending=[agencies.a, agencies.b],
        state=MeetingState.MINUTES_PUBLISHED,
        case=CaseFactory(owning_organisation=agencies.a),  # A owns the case
        referring_organisation=agencies.county,
    )
    meeting = first.meeting

    def item(**referral: Any) -> Any:
        referral.setdefault("referring_organisation", agencies.county)
        referral.setdefault("case", CaseFactory(owning_organisation=agencies.county))
        return AgendaItemFactory(
            meeting=meeting,
            marac_referral__area=meeting.area,
            marac_referral__case=referral["case"],
            marac_referral__referring_organisation=referral["referring_organisation"],
        )

    items = {
        "a_owns_case": first,
        "b_owns_action": item(),
        "b_holds_information": item(),
        "a_referred": item(referring_organisation=agencies.a),
        "a_victim_voice": item(),
        "nobody": item(),
    }
    MaracActionFactory(agenda_item=items["b_owns_action"], owning_organisation=agencies.b, description="B's action")
    a_action = MaracActionFactory(
        agenda_item=items["a_owns_case"], owning_organisation=agencies.a, description="A's action"
    )
    b_on_a = MaracActionFactory(
        agenda_item=items["a_owns_case"], owning_organisation=agencies.b, description="B's action on A's case"
    )
    now = datetime.now(tz=UTC)
    ResearchTaskFactory(
        agenda_item=items["b_holds_information"], organisation=agencies.b, holds_information=True, completed_at=now
    )
    # A checked and holds nothing on this one; B's research is not yet complete: neither is relevant.
    ResearchTaskFactory(agenda_item=items["nobody"], organisation=agencies.a, holds_information=False, completed_at=now)
    ResearchTaskFactory(agenda_item=items["nobody"], organisation=agencies.b, holds_information=True)
    VictimVoice.objects.create(
        agenda_item=items["a_victim_voice"], organisation=agencies.a, views="Views", recorded_by=marac_coordinator
    )
    MeetingAttendee.objects.create(
        meeting=meeting, organisation=agencies.b, name="Pat Officer", job_title="DA officer", attended=True
    )
    MeetingAttendee.objects.create(meeting=meeting, organisation=agencies.a, name="Sam Advocate", attended=False)
    return {"meeting": meeting, "items": items, "a_action": a_action, "b_on_a": b_on_a}


def _references(user: User, meeting: Any) -> set[str]:
    minutes = build_minutes(user, meeting, minutes_access(user, meeting))
    return {case.marac_reference for case in minutes.cases}


def _ref(items: dict[str, Any], *names: str) -> set[str]:
    return {items[name].marac_referral.reference for name in names}


def test_it_gives_each_agency_only_its_relevant_cases(
    meeting_with_cases: dict[str, Any], idva_a: User, police_b: User, marac_coordinator: User
) -> None:
    meeting, items = meeting_with_cases["meeting"], meeting_with_cases["items"]
    assert _references(idva_a, meeting) == _ref(items, "a_owns_case", "a_referred", "a_victim_voice")
    assert _references(police_b, meeting) == _ref(items, "a_owns_case", "b_owns_action", "b_holds_information")
    assert _references(marac_coordinator, meeting) == _ref(items, *items)


def test_it_gives_each_agency_only_its_own_actions(
    meeting_with_cases: dict[str, Any], idva_a: User, police_b: User, marac_coordinator: User
) -> None:
    meeting = meeting_with_cases["meeting"]
    reference = meeting_with_cases["items"]["a_owns_case"].marac_referral.reference

    def actions(user: User) -> list[str]:
        minutes = build_minutes(user, meeting, minutes_access(user, meeting))
        case = next(case for case in minutes.cases if case.marac_reference == reference)
        return sorted(action.description for action in case.actions)

    assert actions(idva_a) == ["A's action"]
    assert actions(police_b) == ["B's action on A's case"]
    assert actions(marac_coordinator) == ["A's action", "B's action on A's case"]


def test_it_shows_the_agency_page_with_its_cases_and_attendance(
    meeting_with_cases: dict[str, Any], idva_a: User, signed_in: SignedIn
) -> None:
    meeting, items = meeting_with_cases["meeting"], meeting_with_cases["items"]
    response = signed_in(idva_a).get(_url("minutes_detail", meeting))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Copy for Agency A Domestic Abuse Service" in page
    assert "Pat Officer" in page and "Apologies" in page and "Attended" in page
    assert items["a_referred"].marac_referral.reference in page
    assert items["b_owns_action"].marac_referral.reference not in page
    assert "B&#x27;s action on A&#x27;s case" not in page and "A&#x27;s action" in page


def test_it_tells_an_invited_agency_with_no_relevant_cases_so(agencies: Any, idva_a: User, signed_in: SignedIn) -> None:
    item = listed_case(
        coordinating=agencies.county, attending=[agencies.a, agencies.b], state=MeetingState.MINUTES_PUBLISHED
    )
    MeetingAttendee.objects.create(meeting=item.meeting, organisation=agencies.b, name="Pat Officer", attended=True)
    page = signed_in(idva_a).get(_url("minutes_detail", item.meeting)).content.decode()
    assert NO_CASES in page
    assert "Pat Officer" in page
    assert item.marac_referral.reference not in page


def test_it_refuses_minutes_to_an_agency_that_was_not_invited(
    meeting_with_cases: dict[str, Any], outsider_c: User, signed_in: SignedIn
) -> None:
    meeting = meeting_with_cases["meeting"]
    client = signed_in(outsider_c)
    assert client.get(_url("minutes_detail", meeting)).status_code == 404
    assert client.get(_url("minutes_download", meeting)).status_code == 404
    assert client.post(_url("minutes_publish", meeting)).status_code == 404
    assert not AuditEntry.objects.filter(action__startswith="marac.minutes").exists()


def test_it_hides_draft_minutes_from_agencies_and_lets_coordinator_and_chair_preview(
    agencies: Any, idva_a: User, police_b: User, marac_coordinator: User, signed_in: SignedIn
) -> None:
    item = listed_case(
        coordinating=agencies.county, attending=[agencies.a, agencies.b], state=MeetingState.HELD, chair=police_b
    )
    assert signed_in(idva_a).get(_url("minutes_detail", item.meeting)).status_code == 404
    assert signed_in(idva_a).get(_url("minutes_download", item.meeting)).status_code == 404
    for user in (marac_coordinator, police_b):
        response = signed_in(user).get(_url("minutes_detail", item.meeting))
        assert response.status_code == 200
        assert "Draft: not yet published" in response.content.decode()
        assert item.marac_referral.reference in response.content.decode()


def test_it_has_no_minutes_before_the_meeting_is_held(
    agencies: Any, marac_coordinator: User, signed_in: SignedIn
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.AGENDA_PUBLISHED)
    assert signed_in(marac_coordinator).get(_url("minutes_detail", item.meeting)).status_code == 404


def test_it_publishes_held_minutes_once(agencies: Any, marac_coordinator: User, signed_in: SignedIn) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.HELD)
    meeting = item.meeting
    client = signed_in(marac_coordinator)
    response = client.post(_url("minutes_publish", meeting))
    assert response.status_code == 302 and response["Location"] == _url("minutes_detail", meeting)
    meeting.refresh_from_db()
    assert meeting.current_state == MeetingState.MINUTES_PUBLISHED
    assert list(MaracMeetingStatus.objects.filter(meeting=meeting).values_list("state", flat=True)) == [
        MeetingState.MINUTES_PUBLISHED
    ]
    entry = AuditEntry.objects.get(action="marac.minutes.publish")
    assert entry.object_id == str(meeting.pk)
    page = client.post(_url("minutes_publish", meeting), follow=True).content.decode()
    assert "cannot become minutes published" in page
    assert AuditEntry.objects.filter(action="marac.minutes.publish").count() == 1


def test_it_refuses_to_publish_a_meeting_that_was_not_held(
    agencies: Any, marac_coordinator: User, signed_in: SignedIn
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.AGENDA_PUBLISHED)
    signed_in(marac_coordinator).post(_url("minutes_publish", item.meeting))
    item.meeting.refresh_from_db()
    assert item.meeting.current_state == MeetingState.AGENDA_PUBLISHED
    assert not AuditEntry.objects.filter(action="marac.minutes.publish").exists()


def test_it_lets_the_chair_publish_but_not_an_attending_agency(
    agencies: Any, idva_a: User, police_b: User, signed_in: SignedIn
) -> None:
    item = listed_case(
        coordinating=agencies.county, attending=[agencies.a, agencies.b], state=MeetingState.HELD, chair=police_b
    )
    assert signed_in(idva_a).post(_url("minutes_publish", item.meeting)).status_code == 403
    item.meeting.refresh_from_db()
    assert item.meeting.current_state == MeetingState.HELD
    assert signed_in(police_b).post(_url("minutes_publish", item.meeting)).status_code == 302
    item.meeting.refresh_from_db()
    assert item.meeting.current_state == MeetingState.MINUTES_PUBLISHED


def test_it_audits_each_view_and_download_with_the_agency_and_items(
    meeting_with_cases: dict[str, Any], police_b: User, agencies: Any, signed_in: SignedIn
) -> None:
    meeting, items = meeting_with_cases["meeting"], meeting_with_cases["items"]
    client = signed_in(police_b)
    client.get(_url("minutes_detail", meeting))
    client.get(_url("minutes_download", meeting))
    expected = {str(items[name].pk) for name in ("a_owns_case", "b_owns_action", "b_holds_information")}
    for action in ("marac.minutes.view", "marac.minutes.download"):
        entry = AuditEntry.objects.get(action=action)
        assert str(entry.actor_id) == str(police_b.pk)
        assert entry.object_id == str(meeting.pk)
        assert str(entry.agency_id) == str(agencies.b.pk)
        assert set(entry.details["item_ids"].split(",")) == expected


def test_it_leaves_a_deny_listed_case_out_of_the_users_copy(meeting_with_cases: dict[str, Any], police_b: User) -> None:
    meeting, items = meeting_with_cases["meeting"], meeting_with_cases["items"]
    CaseDenyEntryFactory(case=items["b_owns_action"].marac_referral.case, user=police_b)
    assert _references(police_b, meeting) == _ref(items, "a_owns_case", "b_holds_information")


@time_machine.travel(datetime(2026, 11, 27, 14, 5, tzinfo=UTC), tick=False)
def test_it_downloads_a_marked_pdf_for_the_agency(
    meeting_with_cases: dict[str, Any], police_b: User, signed_in: SignedIn
) -> None:
    meeting, items = meeting_with_cases["meeting"], meeting_with_cases["items"]
    response = signed_in(police_b).get(_url("minutes_download", meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    document = b"".join(response.streaming_content) if response.streaming else response.content
    assert document.startswith(b"%PDF")
    pages = [" ".join(page.split()) for page in _pdf_text(document)]
    assert len(pages) > 1
    for page in pages:
        assert page.count("OFFICIAL-SENSITIVE") >= 2  # header and footer
        assert page.count("Copy for Agency B Constabulary, downloaded 27 November 2026 14:05") >= 2
    text = " ".join(pages)
    assert "This document is confidential" in text
    assert "Safeguarding of children and individuals at risk (DPA 2018 Sch 1 para 18)" in text
    assert items["b_owns_action"].marac_referral.reference in text
    assert items["a_referred"].marac_referral.reference not in text


@override_settings(MARAC_CONFIDENTIALITY_STATEMENT="Local wording, shared under {lawful_basis}.")
def test_it_prints_the_configured_confidentiality_statement(
    meeting_with_cases: dict[str, Any], marac_coordinator: User, signed_in: SignedIn
) -> None:
    response = signed_in(marac_coordinator).get(_url("minutes_download", meeting_with_cases["meeting"]))
    text = " ".join(" ".join(_pdf_text(response.content)).split())
    assert "Local wording, shared under Safeguarding of children and individuals at risk" in text


def test_it_carries_forward_outstanding_actions_from_earlier_meetings(
    agencies: Any, idva_a: User, marac_coordinator: User
) -> None:
    earlier = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.MINUTES_PUBLISHED)
    MaracActionFactory(agenda_item=earlier, owning_organisation=agencies.a, description="Still open")
    MaracActionFactory(
        agenda_item=earlier, owning_organisation=agencies.a, description="Finished", current_state=ActionState.DONE
    )
    MaracActionFactory(agenda_item=earlier, owning_organisation=agencies.b, description="Police's open action")
    later = MaracMeetingFactory(
        area=earlier.meeting.area,
        starts_at=earlier.meeting.starts_at + timedelta(days=28),
        current_state=MeetingState.MINUTES_PUBLISHED,
    )
    MeetingAgencyFactory(meeting=later, organisation=agencies.a)

    def carried(user: User) -> list[str]:
        minutes = build_minutes(user, later, minutes_access(user, later))
        return sorted(row.description for row in minutes.carried_forward)

    assert carried(marac_coordinator) == ["Police's open action", "Still open"]
    assert carried(idva_a) == ["Still open"]


def test_it_names_the_victim_by_first_name_and_family_initial() -> None:
    assert victim_display_name(PersonFactory.build(given_name="Jane", family_name="smith")) == "Jane S."
    assert victim_display_name(PersonFactory.build(given_name="", family_name="Smith")) == "S."
    assert victim_display_name(PersonFactory.build(given_name="Jane", family_name="")) == "Jane"


def test_it_asks_for_a_fresh_code_before_the_minutes_download(
    meeting_with_cases: dict[str, Any], marac_coordinator: User, signed_in: SignedIn
) -> None:
    from vawg.accounts.session_keys import CODE_AT_KEY

    meeting = meeting_with_cases["meeting"]
    client = signed_in(marac_coordinator)
    session = client.session
    session[CODE_AT_KEY] -= 301
    session.save()
    response = client.get(_url("minutes_download", meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:code_confirm"))
    assert not AuditEntry.objects.filter(action="marac.minutes.download").exists()
