"""Case pages: list, search, the case page, revealing contact details, notes and safe contact."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import User
from vawg.accounts.testing import SignedIn
from vawg.audit.models import AuditEntry
from vawg.cases import presenters
from vawg.cases.models import Case, CaseParty, ChronologyEntry, ChronologyKind, PartyRelationship, PartyRole
from vawg.cases.tests.factories import (
    CaseAccessGrantFactory,
    CaseDenyEntryFactory,
    CaseFactory,
    CaseTeamMemberFactory,
    PersonFactory,
)
from vawg.people.models import (
    Channel,
    PersonAlias,
    SafeContactPreference,
    SafeStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agencies: Agencies) -> Case:
    victim = PersonFactory(given_name="Alexandra", family_name="Quill", date_of_birth=date(1988, 4, 2))
    return CaseFactory(owning_organisation=agencies.a, victim=victim)


def _detail(case: Case) -> str:
    return reverse("cases:case_detail", kwargs={"case_id": case.pk})


def _search(client: Client, **data: str) -> Any:
    return client.post(reverse("cases:case_search"), data)


# The list ----------------------------------------------------------------------------------------------


def test_it_lists_only_the_cases_a_user_can_see(
    agencies: Agencies, idva_a: User, police_b: User, signed_in: SignedIn, case: Case
) -> None:
    other = CaseFactory(owning_organisation=agencies.b)
    page = signed_in(idva_a).get(reverse("cases:case_list")).content.decode()
    assert case.reference in page
    assert other.reference not in page
    assert "of 1." in page
    assert case.reference not in signed_in(police_b).get(reverse("cases:case_list")).content.decode()


def test_it_leaves_restricted_and_deny_listed_cases_out_of_the_list_and_its_count(
    agencies: Agencies, idva_a: User, signed_in: SignedIn, case: Case
) -> None:
    restricted = CaseFactory(owning_organisation=agencies.a, is_restricted=True)
    denied = CaseFactory(owning_organisation=agencies.a)
    CaseDenyEntryFactory(case=denied, user=idva_a)
    page = signed_in(idva_a).get(reverse("cases:case_list")).content.decode()
    assert restricted.reference not in page
    assert denied.reference not in page
    assert "of 1." in page


@pytest.mark.parametrize("persona", ["analyst", "board_member", "admin_user"])
def test_it_refuses_the_list_to_roles_without_casework(
    persona: str, request: pytest.FixtureRequest, signed_in: SignedIn
) -> None:
    assert signed_in(request.getfixturevalue(persona)).get(reverse("cases:case_list")).status_code == 403


def test_it_lists_cases_in_a_constant_number_of_queries(
    agencies: Agencies,
    idva_a: User,
    signed_in: SignedIn,
    django_assert_max_num_queries: Any,
) -> None:
    client = signed_in(idva_a)
    CaseFactory.create_batch(5, owning_organisation=agencies.a)
    client.get(reverse("cases:case_list"))  # warm the session
    with django_assert_max_num_queries(20) as five:
        assert client.get(reverse("cases:case_list")).status_code == 200
    CaseFactory.create_batch(20, owning_organisation=agencies.a)
    with django_assert_max_num_queries(len(five.captured_queries)):
        page = client.get(reverse("cases:case_list")).content.decode()
    assert "of 25." in page


# Search -------------------------------------------------------------------------------------------------


def test_it_finds_a_visible_case_by_name_alias_date_of_birth_or_reference(
    idva_a: User, signed_in: SignedIn, case: Case
) -> None:
    PersonAlias.objects.create(person=case.victim, name="Sandy Feather")
    client = signed_in(idva_a)
    for data in (
        {"name": "alexandra"},
        {"name": "QUILL alex"},
        {"name": "feather"},
        {"date_of_birth_0": "2", "date_of_birth_1": "4", "date_of_birth_2": "1988"},
        {"reference": case.reference.lower()},
    ):
        page = _search(client, **data).content.decode()
        assert case.reference in page, data
        assert "1 matching case." in page


def test_it_never_finds_a_case_the_user_cannot_see(
    agencies: Agencies, idva_a: User, police_b: User, signed_in: SignedIn, case: Case
) -> None:
    hidden = CaseFactory(owning_organisation=agencies.b, victim=PersonFactory(given_name="Alexandra"))
    restricted = CaseFactory(
        owning_organisation=agencies.a, is_restricted=True, victim=PersonFactory(given_name="Alexandra")
    )
    page = _search(signed_in(idva_a), name="Alexandra").content.decode()
    assert case.reference in page
    assert hidden.reference not in page
    assert restricted.reference not in page
    assert "1 matching case." in page
    page = _search(signed_in(police_b), reference=case.reference).content.decode()
    assert "No cases match your search." in page


def test_it_audits_a_search_by_the_fields_used_never_the_values(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    _search(signed_in(idva_a), name="Quill", reference=case.reference)
    entry = AuditEntry.objects.get(action="cases.case.search")
    assert entry.details == {"fields": ["name", "reference"], "results": 1}
    assert "Quill" not in str(entry.details) and case.reference not in str(entry.details)


def test_it_asks_for_something_to_search_by(idva_a: User, signed_in: SignedIn) -> None:
    response = _search(signed_in(idva_a))
    assert "Enter a name, a date of birth or a case reference" in response.content.decode()
    assert not AuditEntry.objects.filter(action="cases.case.search").exists()


def test_it_shows_the_search_form_on_get(idva_a: User, signed_in: SignedIn) -> None:
    response = signed_in(idva_a).get(reverse("cases:case_search"))
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()


# The case page ------------------------------------------------------------------------------------------


def test_it_shows_the_case_to_its_owner_with_one_audit_entry(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    response = signed_in(idva_a).get(_detail(case))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alexandra Quill" in page
    assert "2 April 1988" in page
    assert AuditEntry.objects.filter(action="cases.case.view", object_id=str(case.pk)).count() == 1


def test_it_masks_the_address_and_contact_details(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    page = signed_in(idva_a).get(_detail(case)).content.decode()
    assert case.victim.address not in page
    assert case.victim.phone not in page
    assert case.victim.email not in page
    assert case.victim.postcode not in page


def test_it_shows_unknown_safe_contact_as_unsafe(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    SafeContactPreference.objects.create(
        person=case.victim, channel=Channel.SMS, version=1, status=SafeStatus.SAFE, system_job="tests"
    )
    page = signed_in(idva_a).get(_detail(case)).content.decode()
    assert page.count("Not known: treat as unsafe") == len(Channel) - 1


@pytest.mark.parametrize(
    "setup",
    [
        pytest.param(lambda case, user: None, id="other-agency-without-grant"),
        pytest.param(lambda case, user: CaseDenyEntryFactory(case=case, user=user), id="deny-listed-with-grant"),
    ],
)
def test_it_answers_404_to_someone_who_may_not_see_the_case(
    setup: Callable[[Case, User], object], police_b: User, agencies: Agencies, signed_in: SignedIn, case: Case
) -> None:
    if setup(case, police_b) is not None:
        CaseAccessGrantFactory(case=case, organisation=agencies.b)
    client = signed_in(police_b)
    for name in ("case_detail", "safe_contact_edit", "note_add", "contact_reveal"):
        assert client.get(reverse(f"cases:{name}", kwargs={"case_id": case.pk})).status_code == 404, name
    assert not AuditEntry.objects.filter(action="cases.case.view").exists()


def test_it_shows_the_case_to_another_agency_with_a_grant(
    police_b: User, agencies: Agencies, signed_in: SignedIn, case: Case
) -> None:
    CaseAccessGrantFactory(case=case, organisation=agencies.b)
    assert signed_in(police_b).get(_detail(case)).status_code == 200


def test_it_hides_a_restricted_case_from_its_owner_unless_named_on_the_team(
    idva_a: User, signed_in: SignedIn, case: Case
) -> None:
    Case.objects.filter(pk=case.pk).update(is_restricted=True)
    client = signed_in(idva_a)
    assert client.get(_detail(case)).status_code == 404
    CaseTeamMemberFactory(case=case, user=idva_a)
    assert client.get(_detail(case)).status_code == 200


@pytest.mark.parametrize("persona", ["analyst", "board_member"])
def test_it_refuses_the_case_page_to_aggregate_roles(
    persona: str, request: pytest.FixtureRequest, signed_in: SignedIn, case: Case
) -> None:
    assert signed_in(request.getfixturevalue(persona)).get(_detail(case)).status_code == 403


def test_it_includes_sections_other_apps_register(
    idva_a: User, signed_in: SignedIn, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Case, User]] = []

    def section(c: Case, u: User) -> tuple[str, dict[str, Any]]:
        seen.append((c, u))
        return "cases/_case_caption.html", {}

    monkeypatch.setattr(presenters, "CASE_PAGE_SECTIONS", [section, lambda c, u: None])
    page = signed_in(idva_a).get(_detail(case)).content.decode()
    assert seen == [(case, idva_a)]
    assert f"Case {case.reference}</span>" in page


# Revealing contact details -------------------------------------------------------------------------------


def test_it_reveals_contact_details_for_a_reason_and_audits_it(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    url = reverse("cases:contact_reveal", kwargs={"case_id": case.pk})
    response = signed_in(idva_a).post(url, {"reason": "Arranging a safe home visit"})
    page = response.content.decode()
    assert case.victim.address in page
    assert case.victim.phone in page
    entry = AuditEntry.objects.get(action="cases.victim_contact.reveal")
    assert entry.purpose == "Arranging a safe home visit"
    assert entry.object_id == str(case.victim.pk)
    assert entry.details == {"case_id": str(case.pk)}
    assert case.victim.address not in str(entry.details)


def test_it_needs_a_reason_to_reveal_contact_details(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    url = reverse("cases:contact_reveal", kwargs={"case_id": case.pk})
    page = signed_in(idva_a).post(url, {"reason": "  "}).content.decode()
    assert "Enter why you need to see the contact details" in page
    assert "govuk-error-summary" in page
    assert case.victim.address not in page
    assert not AuditEntry.objects.filter(action="cases.victim_contact.reveal").exists()


# Notes ------------------------------------------------------------------------------------------------------


def test_it_adds_a_note_to_the_chronology(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    client = signed_in(idva_a)
    url = reverse("cases:note_add", kwargs={"case_id": case.pk})
    response = client.post(url, {"body": "Spoke to her at the clinic.\nShe is staying with her sister."})
    assert response.status_code == 302
    entry = ChronologyEntry.objects.get(case=case)
    assert entry.kind == ChronologyKind.NOTE
    assert entry.summary == "Note"  # the text is only in the encrypted body
    stored = ChronologyEntry._meta.get_field("body").stored_value(entry)  # type: ignore[union-attr]
    assert stored and "Spoke to her" not in stored
    assert entry.created_by == idva_a
    assert AuditEntry.objects.filter(action="cases.note.add", object_id=str(case.pk)).count() == 1
    assert "She is staying with her sister." in client.get(_detail(case)).content.decode()


def test_it_records_contact_with_the_survivor_which_the_no_contact_filter_reads(
    idva_a: User, signed_in: SignedIn, case: Case
) -> None:
    client = signed_in(idva_a)
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=30))
    listed = reverse("cases:case_list") + "?no_contact=yes"
    assert case.reference in client.get(listed).content.decode()

    response = client.post(
        reverse("cases:note_add", kwargs={"case_id": case.pk}), {"body": "Called at the safe time", "contact": "on"}
    )

    assert response.status_code == 302
    entry = ChronologyEntry.objects.get(case=case)
    assert (entry.kind, entry.summary) == (ChronologyKind.CONTACT, "Contact with the survivor")
    assert AuditEntry.objects.get(action="cases.note.add").details["kind"] == "contact"
    assert case.reference not in client.get(listed).content.decode()


def test_it_asks_for_the_note(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    url = reverse("cases:note_add", kwargs={"case_id": case.pk})
    page = signed_in(idva_a).post(url, {"body": ""}).content.decode()
    assert "Enter a note" in page
    assert not ChronologyEntry.objects.exists()


def test_it_keeps_chronology_entries_immutable(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    signed_in(idva_a).post(reverse("cases:note_add", kwargs={"case_id": case.pk}), {"body": "First"})
    entry = ChronologyEntry.objects.get()
    entry.summary = "Changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        ChronologyEntry.objects.all().delete()


# Safe contact -------------------------------------------------------------------------------------------------


def test_it_records_safe_contact_and_shows_its_history(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    client = signed_in(idva_a)
    url = reverse("cases:safe_contact_edit", kwargs={"case_id": case.pk})
    data = {"channel": Channel.SMS, "status": SafeStatus.SAFE, "safe_from": "09:00", "safe_until": "12:30"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {"channel": Channel.SMS, "status": SafeStatus.UNSAFE}).status_code == 302
    rows = SafeContactPreference.objects.filter(person=case.victim, channel=Channel.SMS).order_by("version")
    assert [(row.version, row.status) for row in rows] == [(1, SafeStatus.SAFE), (2, SafeStatus.UNSAFE)]
    page = client.get(url).content.decode()
    assert "09:00 to 12:30" in page  # the history keeps the old window
    assert page.count("Text message (SMS)") >= 3  # now, and twice in the history


def test_it_explains_safe_contact_errors(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    url = reverse("cases:safe_contact_edit", kwargs={"case_id": case.pk})
    client = signed_in(idva_a)
    page = client.post(url, {}).content.decode()
    assert "Choose a way of contacting them" in page
    assert "Choose whether it is safe to contact them this way" in page
    data = {"channel": Channel.SMS, "status": SafeStatus.SAFE, "safe_from": "09:00"}
    assert "Enter both the start and the end of the safe time" in client.post(url, data).content.decode()
    data = {"channel": Channel.SMS, "status": SafeStatus.UNSAFE, "safe_from": "09:00", "safe_until": "10:00"}
    assert "Only give safe times" in client.post(url, data).content.decode()
    assert not SafeContactPreference.objects.exists()


# Navigation --------------------------------------------------------------------------------------------------


def test_it_adds_cases_to_the_navigation_and_home_for_casework_roles(
    idva_a: User, analyst: User, signed_in: SignedIn
) -> None:
    home = signed_in(idva_a).get(reverse("accounts:staff_home")).content.decode()
    assert home.count(f'href="{reverse("cases:case_list")}"') == 2
    assert (
        f'href="{reverse("cases:case_list")}"'
        not in signed_in(analyst).get(reverse("accounts:staff_home")).content.decode()
    )


def test_it_shows_the_parties_to_the_case(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    harm = PersonFactory(given_name="Desmond", family_name="Harker", gender="male")
    CaseParty.objects.create(
        case=case,
        person=harm,
        role=PartyRole.PERSON_CAUSING_HARM,
        relationship_to_victim=PartyRelationship.EX_PARTNER,
        added_by=idva_a,
    )
    page = signed_in(idva_a).get(_detail(case)).content.decode()
    assert "Desmond Harker" in page
    assert "Person causing harm" in page and "Ex-partner" in page


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "1990", "The date of birth must be a real date"),
        ("", "2", "1990", "The date of birth must include a day"),
        ("2", "", "", "The date of birth must include a month and a year"),
        ("2", "4", "88", "Year must include 4 numbers"),
    ],
)
def test_it_explains_a_wrong_date_of_birth(
    day: str, month: str, year: str, message: str, idva_a: User, signed_in: SignedIn
) -> None:
    data = {"date_of_birth_0": day, "date_of_birth_1": month, "date_of_birth_2": year}
    page = _search(signed_in(idva_a), **data).content.decode()
    assert message in page
    assert "govuk-error-summary" in page
