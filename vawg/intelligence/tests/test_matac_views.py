"""MATAC pages: the coordinator's journey without JavaScript (nominate from the ranking, accept, record a
tactic, hold the meeting, publish minutes), a partner's referral, and the minutes copies per agency."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.intelligence.models import (
    HarmAgency,
    HarmAgencyReason,
    MatacMeetingState,
    MatacNomination,
    MatacTactic,
    NominationSource,
    TacticKind,
)
from vawg.intelligence.services import matac as services
from vawg.intelligence.tests.factories import PersonCausingHarmFactory
from vawg.intelligence.tests.matrix_matac import meeting, rfg_score, world

pytestmark = pytest.mark.django_db


def test_it_takes_the_coordinator_from_a_ranking_row_to_published_minutes(
    personas: dict[str, Any], agencies: Any, signed_in: SignedIn
) -> None:
    coordinator = personas["matac_coordinator"]
    person = PersonCausingHarmFactory(
        owning_organisation=agencies.b, person__given_name="Ranked", person__family_name="Person"
    )
    # The coordinator's agency sees the person (say, a grant for MATAC work); the ranking scored them.
    HarmAgency.objects.create(
        person_causing_harm=person, organisation=agencies.c, reason=HarmAgencyReason.OTHER, system_job="tests"
    )
    rfg_score(person, total=61.5)
    scheduled = meeting(coordinator, [agencies.b], days=-1)
    client = signed_in(coordinator)

    url = reverse("matac:nomination_new") + f"?person={person.pk}&source=ranking"
    page = client.get(url)
    assert page.status_code == 200 and "61.50" in page.content.decode()
    # The form posts back to the address with the person and the source, not to the bare path.
    assert f'action="{url.replace("&", "&amp;")}"' in page.content.decode()
    response = client.post(url, {"reason": ""})
    nomination = MatacNomination.objects.get()
    assert response.status_code == 302 and nomination.source == NominationSource.RANKING

    response = client.post(
        reverse("matac:nomination_accept", kwargs={"nomination_id": nomination.pk}), {"meeting": scheduled.pk}
    )
    subject = nomination.subject
    assert response["Location"] == reverse("matac:subject_detail", kwargs={"subject_id": subject.pk})

    due = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("matac:tactic_new", kwargs={"subject_id": subject.pk}),
        {
            "meeting": scheduled.pk,
            "kind": TacticKind.PREVENTION_DIVERSION,
            "description": "Offer a place on the behaviour change programme",
            "owning_organisation": agencies.b.pk,
            "owner": personas["police_b"].pk,
            "due_on_0": due.day,
            "due_on_1": due.month,
            "due_on_2": due.year,
        },
    )
    assert response.status_code == 302
    assert MatacTactic.objects.get().owner == personas["police_b"]

    client.post(reverse("matac:meeting_transition", kwargs={"meeting_id": scheduled.pk}), {"to": "held"})
    client.post(reverse("matac:minutes_publish", kwargs={"meeting_id": scheduled.pk}))
    scheduled.refresh_from_db()
    assert scheduled.current_state == MatacMeetingState.MINUTES_PUBLISHED

    copy = signed_in(personas["police_b"]).get(reverse("matac:minutes_detail", kwargs={"meeting_id": scheduled.pk}))
    html = copy.content.decode()
    assert "Ranked Person" in html and "Offer a place on the behaviour change programme" in html


def test_it_shows_errors_and_saves_nothing_for_a_short_partner_reason(
    personas: dict[str, Any], agencies: Any, signed_in: SignedIn
) -> None:
    person = PersonCausingHarmFactory(owning_organisation=agencies.b)
    url = reverse("matac:nomination_new") + f"?person={person.pk}&source=partner"
    response = signed_in(personas["police_b"]).post(url, {"reason": "Worried"})
    assert response.status_code == 200
    assert "20 characters or more" in response.content.decode()
    assert not MatacNomination.objects.exists()


def test_it_refuses_to_nominate_a_person_the_user_cannot_see(
    personas: dict[str, Any], agencies: Any, signed_in: SignedIn
) -> None:
    person = PersonCausingHarmFactory(owning_organisation=agencies.b)
    url = reverse("matac:nomination_new") + f"?person={person.pk}&source=ranking"
    assert signed_in(personas["probation"]).get(url).status_code == 404
    assert signed_in(personas["idva_a"]).get(reverse("matac:nomination_new") + "?person=nonsense").status_code == 404


def test_it_shows_a_partner_s_reason_beside_the_rfg_components(
    personas: dict[str, Any], agencies: Any, signed_in: SignedIn
) -> None:
    w = world(personas, agencies)
    person = PersonCausingHarmFactory(owning_organisation=agencies.b)
    rfg_score(person, total=33.25)
    nomination = services.matac_nomination_create(
        by=w.police, person=person, source=NominationSource.PARTNER, reason="Stalking his ex-partner at work"
    )
    html = (
        signed_in(w.coordinator)
        .get(reverse("matac:nomination_detail", kwargs={"nomination_id": nomination.pk}))
        .content.decode()
    )
    assert "Stalking his ex-partner at work" in html
    assert "33.25" in html and "Recency" in html and "Victims" in html


@pytest.fixture
def two_agencies(personas: dict[str, Any], agencies: Any) -> dict[str, Any]:
    """A published meeting inviting police (B) and probation, each owning one tactic on the subject."""
    probation_agency = OrganisationFactory(name="Probation Service", type=OrganisationType.PROBATION)
    officer = user_with_role(Role.PROBATION, probation_agency, email="officer@example.invalid")
    w = world(personas, agencies)
    later = meeting(w.coordinator, [agencies.b, probation_agency], days=-1, location="Probation office, room 1")
    services.matac_tactic_create(
        subject=w.subject,
        meeting=later,
        by=w.coordinator,
        kind=TacticKind.ENFORCEMENT,
        description="Recall to prison if licence conditions are breached",
        owning_organisation=probation_agency,
        owner=officer,
        due_on=timezone.localdate() + timedelta(days=5),
    )
    services.matac_tactic_create(
        subject=w.subject,
        meeting=later,
        by=w.coordinator,
        kind=TacticKind.SUPPORT,
        description="Refer the victim to the IDVA service",
        owning_organisation=agencies.b,
        due_on=timezone.localdate() + timedelta(days=5),
    )
    services.matac_meeting_transition(meeting=later, to="held", by=w.coordinator)
    return {"world": w, "meeting": later, "officer": officer, "probation": probation_agency}


def _minutes(client: Any, meeting_id: Any) -> Any:
    return client.get(reverse("matac:minutes_detail", kwargs={"meeting_id": meeting_id}))


def test_it_gives_each_agency_its_own_tactics_in_full_and_others_in_outline(
    two_agencies: dict[str, Any], personas: dict[str, Any], signed_in: SignedIn
) -> None:
    w, later = two_agencies["world"], two_agencies["meeting"]
    services.matac_minutes_publish(meeting=later, by=w.coordinator)
    police = _minutes(signed_in(w.police), later.pk).content.decode()
    probation = _minutes(signed_in(two_agencies["officer"]), later.pk).content.decode()
    full = _minutes(signed_in(w.coordinator), later.pk).content.decode()
    recall, refer, carried = (
        "Recall to prison if licence conditions are breached",
        "Refer the victim to the IDVA service",
        "Check bail conditions weekly",
    )
    assert refer in police and carried in police and recall not in police
    assert recall in probation and refer not in probation and carried not in probation
    assert all(text in full for text in (recall, refer, carried))
    for html in (police, probation):
        assert "in outline" in html and "Probation Service" in html and "Enforcement" in html
        assert "Matac Subject" in html
    assert "Copy for Agency B Constabulary" in police and "Full minutes" in full


def test_it_audits_each_read_of_a_copy_with_its_agency(two_agencies: dict[str, Any], signed_in: SignedIn) -> None:
    w, later = two_agencies["world"], two_agencies["meeting"]
    services.matac_minutes_publish(meeting=later, by=w.coordinator)
    _minutes(signed_in(two_agencies["officer"]), later.pk)
    entry = AuditEntry.objects.get(action="intelligence.matac_minutes.view")
    assert entry.details["copy_for"] == str(two_agencies["probation"].pk)
    assert entry.details["full"] is False
    assert str(w.subject.pk) in entry.details["subject_ids"]


def test_it_keeps_minutes_from_agencies_until_published_and_from_agencies_not_invited(
    two_agencies: dict[str, Any], personas: dict[str, Any], signed_in: SignedIn
) -> None:
    w, later = two_agencies["world"], two_agencies["meeting"]
    assert _minutes(signed_in(w.coordinator), later.pk).status_code == 200  # the draft
    assert _minutes(signed_in(w.police), later.pk).status_code == 404
    services.matac_minutes_publish(meeting=later, by=w.coordinator)
    assert _minutes(signed_in(w.police), later.pk).status_code == 200
    for outsider in ("idva_a", "outsider_c", "probation"):
        assert _minutes(signed_in(personas[outsider]), later.pk).status_code == 404


def test_it_downloads_a_copy_as_a_pdf(two_agencies: dict[str, Any], signed_in: SignedIn) -> None:
    w, later = two_agencies["world"], two_agencies["meeting"]
    services.matac_minutes_publish(meeting=later, by=w.coordinator)
    response = signed_in(two_agencies["officer"]).get(
        reverse("matac:minutes_download", kwargs={"meeting_id": later.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="intelligence.matac_minutes.download").count() == 1


def test_it_shows_cohort_change_to_the_coordinator_with_small_numbers_suppressed(
    personas: dict[str, Any], agencies: Any, signed_in: SignedIn
) -> None:
    w = world(personas, agencies)
    services.matac_subject_exit(subject=w.subject, by=w.coordinator, exited_on=timezone.localdate(), reason="engaged")
    html = signed_in(w.coordinator).get(reverse("matac:cohort_report")).content.decode()
    assert "Suppressed" in html and "Matac Subject" not in html
    assert signed_in(personas["police_b"]).get(reverse("matac:cohort_report")).status_code == 403


def test_it_adds_the_matac_status_to_the_person_causing_harm_page(personas: dict[str, Any], agencies: Any) -> None:
    from vawg.intelligence.hooks import HARM_PAGE_SECTIONS
    from vawg.intelligence.presenters.matac import harm_page_section

    w = world(personas, agencies)
    assert harm_page_section in HARM_PAGE_SECTIONS
    found = harm_page_section(w.person, w.police)
    assert found is not None
    template, section = found
    assert template == "intelligence/matac/_harm_section.html"
    assert section["subject_id"] == w.subject.pk
    assert harm_page_section(w.person, personas["probation"]) is None


def test_it_registers_the_tactics_count_on_my_work() -> None:
    from vawg.accounts.hooks import MY_WORK

    entry = MY_WORK["matac_tactics_due"]
    assert (entry.url_name, entry.query) == ("matac:tactic_list", "due=1")
