"""Case pages: managing access and status, break-glass, alerts and "who has accessed this case"."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn
from vawg.accounts.tests.factories import user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.models import (
    BreakGlassAccess,
    Case,
    CaseAccessGrant,
    CaseAgency,
    CaseAlert,
    CaseAlertKind,
    CaseDenyEntry,
    CaseStatusValue,
    CaseTeamMember,
    ChronologyEntry,
    ChronologyKind,
    LawfulBasis,
)
from vawg.cases.tests.factories import CaseAccessGrantFactory, CaseDenyEntryFactory, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agencies: Agencies) -> Case:
    return CaseFactory(owning_organisation=agencies.a)


def _url(name: str, case: Case, **extra: object) -> str:
    return reverse(f"cases:{name}", kwargs={"case_id": case.pk, **extra})


MANAGE_PAGES = (
    "case_manage",
    "team_member_add",
    "case_agency_add",
    "grant_add",
    "restriction_change",
    "deny_entry_add",
    "case_status_change",
)


def test_it_shows_every_management_page_to_the_owning_agency(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    client = signed_in(idva_a)
    for name in MANAGE_PAGES:
        assert client.get(_url(name, case)).status_code == 200, name


def test_it_hides_management_from_an_agency_that_only_has_a_grant(
    police_b: User, agencies: Agencies, signed_in: SignedIn, case: Case
) -> None:
    CaseAccessGrantFactory(case=case, organisation=agencies.b)
    client = signed_in(police_b)
    assert client.get(_url("case_detail", case)).status_code == 200
    for name in MANAGE_PAGES:
        assert client.get(_url(name, case)).status_code == 404, name
    assert 'href="' + _url("case_manage", case) not in client.get(_url("case_detail", case)).content.decode()


def test_it_refuses_management_to_roles_without_the_permission(
    agencies: Agencies, signed_in: SignedIn, case: Case
) -> None:
    housing_a = user_with_role(Role.HOUSING, agencies.a)
    client = signed_in(housing_a)
    assert client.get(_url("case_detail", case)).status_code == 200
    assert client.get(_url("case_manage", case)).status_code == 403


def test_it_adds_a_team_member_by_email(idva_a: User, agencies: Agencies, signed_in: SignedIn, case: Case) -> None:
    colleague = user_with_role(Role.IDVA, agencies.a, email="colleague@example.invalid")
    client = signed_in(idva_a)
    response = client.post(_url("team_member_add", case), {"email": "Colleague@Example.invalid"})
    assert response.status_code == 302
    assert CaseTeamMember.objects.current().filter(case=case, user=colleague).exists()
    page = client.post(_url("team_member_add", case), {"email": "colleague@example.invalid"}).content.decode()
    assert "This person is already on the case team" in page
    user_with_role(Role.ANALYST, agencies.a, email="analyst.a@example.invalid")
    page = client.post(_url("team_member_add", case), {"email": "analyst.a@example.invalid"}).content.decode()
    assert "This person does not have a casework role" in page
    page = client.post(_url("team_member_add", case), {"email": "nobody@example.invalid"}).content.decode()
    assert "Enter the email address of someone with an active account" in page
    assert "govuk-error-summary" in page


def test_it_adds_an_agency(idva_a: User, agencies: Agencies, signed_in: SignedIn, case: Case) -> None:
    client = signed_in(idva_a)
    assert client.post(_url("case_agency_add", case), {"organisation": agencies.c.pk}).status_code == 302
    assert CaseAgency.objects.current().filter(case=case, organisation=agencies.c).exists()
    assert "Choose an agency" in client.post(_url("case_agency_add", case), {}).content.decode()
    page = client.post(_url("case_agency_add", case), {"organisation": agencies.a.pk}).content.decode()
    assert "Choose an agency from the list" in page  # the owner is not offered


@time_machine.travel("2026-06-01 10:00 +0000", tick=False)
def test_it_grants_and_revokes_access(
    idva_a: User, police_b: User, agencies: Agencies, signed_in: SignedIn, case: Case
) -> None:
    client = signed_in(idva_a)
    data = {
        "organisation": agencies.b.pk,
        "lawful_basis": LawfulBasis.SAFEGUARDING,
        "reason": "Joint safeguarding visit",
        "expires_on_0": "30",
        "expires_on_1": "6",
        "expires_on_2": "2026",
    }
    assert client.post(_url("grant_add", case), data).status_code == 302
    grant = CaseAccessGrant.objects.get(case=case)
    assert timezone.localtime(grant.expires_at).date().isoformat() == "2026-06-30"
    assert signed_in(police_b).get(_url("case_detail", case)).status_code == 200
    assert client.post(_url("grant_revoke", case, grant_id=grant.pk)).status_code == 302
    assert signed_in(police_b).get(_url("case_detail", case)).status_code == 404
    assert client.post(_url("grant_revoke", case, grant_id=grant.pk)).status_code == 404  # already revoked


@time_machine.travel("2026-06-01 10:00 +0000", tick=False)
def test_it_explains_grant_errors(idva_a: User, agencies: Agencies, signed_in: SignedIn, case: Case) -> None:
    client = signed_in(idva_a)
    page = client.post(_url("grant_add", case), {}).content.decode()
    for message in (
        "Choose an agency",
        "Choose the lawful basis for sharing",
        "Enter why the agency needs to see the case",
        "Enter the date access ends",
    ):
        assert message in page
    data = {
        "organisation": agencies.b.pk,
        "lawful_basis": LawfulBasis.CONSENT,
        "reason": "Shared with consent",
        "expires_on_0": "1",
        "expires_on_1": "1",
        "expires_on_2": "2026",
    }
    assert "The date access ends must be in the future" in client.post(_url("grant_add", case), data).content.decode()
    data["expires_on_2"] = "2028"
    assert "The date access ends must be within a year" in client.post(_url("grant_add", case), data).content.decode()
    assert not CaseAccessGrant.objects.exists()


def test_it_restricts_and_unrestricts_the_case(
    idva_a: User, agencies: Agencies, signed_in: SignedIn, case: Case
) -> None:
    client = signed_in(idva_a)
    assert (
        "Enter why the case is being restricted" in client.post(_url("restriction_change", case), {}).content.decode()
    )
    CaseTeamMember.objects.create(case=case, user=idva_a, added_by=idva_a)
    response = client.post(_url("restriction_change", case), {"reason": "Victim works for a partner agency"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_restricted
    colleague = user_with_role(Role.IDVA, agencies.a)
    assert signed_in(colleague).get(_url("case_detail", case)).status_code == 404
    assert "Lift the restriction" in client.get(_url("restriction_change", case)).content.decode()
    assert client.post(_url("restriction_change", case), {"reason": "No longer needed"}).status_code == 302
    case.refresh_from_db()
    assert not case.is_restricted


def test_it_sends_a_manager_who_restricted_themselves_out_back_to_the_list(
    idva_a: User, signed_in: SignedIn, case: Case
) -> None:
    response = signed_in(idva_a).post(_url("restriction_change", case), {"reason": "Victim works for a partner agency"})
    assert response["Location"] == reverse("cases:case_list")


def test_it_deny_lists_a_user(idva_a: User, agencies: Agencies, signed_in: SignedIn, case: Case) -> None:
    colleague = user_with_role(Role.IDVA, agencies.a, email="party@example.invalid")
    client = signed_in(idva_a)
    page = client.post(_url("deny_entry_add", case), {"email": "party@example.invalid"}).content.decode()
    assert "Enter why this person must not see the case" in page
    data = {"email": "party@example.invalid", "reason": "Named as a party"}
    assert client.post(_url("deny_entry_add", case), data).status_code == 302
    assert CaseDenyEntry.objects.current().filter(case=case, user=colleague).exists()
    assert signed_in(colleague).get(_url("case_detail", case)).status_code == 404


def test_it_closes_and_reopens_the_case_in_the_chronology(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    client = signed_in(idva_a)
    assert "Select why the case is being closed" in client.post(_url("case_status_change", case), {}).content.decode()
    closing = {"closure_reason": "support-completed", "reason": "Support complete"}
    assert client.post(_url("case_status_change", case), closing).status_code == 302
    case.refresh_from_db()
    assert case.current_status == CaseStatusValue.CLOSED
    assert "Reopen the case" in client.get(_url("case_status_change", case)).content.decode()
    assert client.post(_url("case_status_change", case), {"reason": "New incident"}).status_code == 302
    case.refresh_from_db()
    assert case.current_status == CaseStatusValue.REOPENED
    summaries = list(ChronologyEntry.objects.filter(case=case, kind=ChronologyKind.STATUS).values_list("summary"))
    assert sorted(summaries) == [("Case closed: Support completed",), ("Case reopened",)]


# Break-glass and alerts -------------------------------------------------------------------------------------


def test_it_opens_a_case_by_break_glass_and_alerts_the_owner(
    police_b: User, idva_a: User, signed_in: SignedIn, case: Case
) -> None:
    client = signed_in(police_b)
    assert client.get(_url("case_detail", case)).status_code == 404
    reason = "Officer attending a 999 call at the address now"
    response = client.post(reverse("cases:case_break_glass"), {"reference": case.reference.lower(), "reason": reason})
    assert response["Location"] == _url("case_detail", case)
    assert client.get(_url("case_detail", case)).status_code == 200
    assert AuditEntry.objects.get(action="cases.case.break_glass").purpose == reason
    owner = signed_in(idva_a)
    alert = CaseAlert.objects.get(case=case)
    page = owner.get(reverse("cases:alert_list")).content.decode()
    assert case.reference in page and reason in page and "Mark as read" in page
    assert owner.post(reverse("cases:alert_read", kwargs={"alert_id": alert.pk})).status_code == 302
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert "Mark as read" not in owner.get(reverse("cases:alert_list")).content.decode()


def test_it_gives_the_same_answer_for_an_unknown_and_a_deny_listed_reference(
    police_b: User, signed_in: SignedIn, case: Case
) -> None:
    CaseDenyEntryFactory(case=case, user=police_b)
    client = signed_in(police_b)
    reason = "Officer attending a 999 call at the address now"
    denied = client.post(reverse("cases:case_break_glass"), {"reference": case.reference, "reason": reason})
    unknown = client.post(reverse("cases:case_break_glass"), {"reference": "C-1999-000001", "reason": reason})
    for response in (denied, unknown):
        assert response.status_code == 200
        assert "No case with that reference" in response.content.decode()
    assert not BreakGlassAccess.objects.exists()


def test_it_answers_a_short_reason_the_same_whatever_the_reference(
    police_b: User, signed_in: SignedIn, case: Case
) -> None:
    """The reason is checked before any lookup: a real, a restricted, a deny-listed and a made-up
    reference all get the reason error and nothing else (the page cannot name a case)."""
    restricted = CaseFactory(is_restricted=True)
    denied = CaseFactory()
    CaseDenyEntryFactory(case=denied, user=police_b)
    client = signed_in(police_b)
    pages = [
        client.post(reverse("cases:case_break_glass"), {"reference": reference, "reason": "Urgent"}).content.decode()
        for reference in (case.reference, restricted.reference, denied.reference, "C-1999-000001")
    ]
    for page in pages:
        assert "in at least 20 characters" in page
        assert "No case with that reference" not in page
    # Every attempt is audited, the same way whatever the reference names: no case, no agency.
    refusals = AuditEntry.objects.filter(action__startswith="cases.break_glass").order_by("seq")
    assert [(e.action, e.details, e.object_id, e.agency_id) for e in refusals] == [
        ("cases.break_glass.refuse", {"reference": reference, "refusal": "incomplete"}, "", "")
        for reference in (case.reference, restricted.reference, denied.reference, "C-1999-000001")
    ]
    assert not CaseAlert.objects.exists()


def test_it_audits_every_refused_break_glass_and_alerts_the_owner_of_a_deny_listing(
    police_b: User, signed_in: SignedIn, case: Case
) -> None:
    CaseDenyEntryFactory(case=case, user=police_b)
    client = signed_in(police_b)
    reason = "Officer attending a 999 call at the address now"
    client.post(reverse("cases:case_break_glass"), {"reference": case.reference, "reason": reason})
    client.post(reverse("cases:case_break_glass"), {"reference": "C-1999-000001", "reason": reason})
    refusals = AuditEntry.objects.filter(action="cases.break_glass.refuse").order_by("seq")
    assert [(e.details["reference"], e.details["refusal"]) for e in refusals] == [
        (case.reference, "deny_listed"),
        ("C-1999-000001", "no_case"),
    ]
    assert all(e.actor_id == str(police_b.pk) and e.purpose == reason for e in refusals)
    assert refusals[0].object_id == str(case.pk) and refusals[0].agency_id == str(case.owning_organisation_id)
    alert = CaseAlert.objects.get(case=case)
    assert (alert.organisation_id, alert.kind) == (case.owning_organisation_id, CaseAlertKind.BREAK_GLASS_REFUSED)
    assert "deny-listed" in alert.message and reason not in alert.message
    assert not BreakGlassAccess.objects.exists()


def test_it_needs_a_long_enough_break_glass_reason(police_b: User, signed_in: SignedIn, case: Case) -> None:
    response = signed_in(police_b).post(
        reverse("cases:case_break_glass"), {"reference": case.reference, "reason": "Urgent"}
    )
    assert "in at least 20 characters" in response.content.decode()
    assert not BreakGlassAccess.objects.exists()


def test_it_keeps_break_glass_from_roles_without_it(idva_a: User, signed_in: SignedIn) -> None:
    assert signed_in(idva_a).get(reverse("cases:case_break_glass")).status_code == 403


def test_it_ends_break_glass_after_four_hours(police_b: User, signed_in: SignedIn, case: Case) -> None:
    client = signed_in(police_b)
    reason = "Officer attending a 999 call at the address now"
    client.post(reverse("cases:case_break_glass"), {"reference": case.reference, "reason": reason})
    with time_machine.travel(timezone.now() + timedelta(hours=4, minutes=1)):
        assert Case.objects.visible_to(police_b).filter(pk=case.pk).count() == 0


def test_it_shows_alerts_only_to_the_alerted_agency(
    police_b: User, outsider_c: User, signed_in: SignedIn, case: Case
) -> None:
    reason = "Officer attending a 999 call at the address now"
    signed_in(police_b).post(reverse("cases:case_break_glass"), {"reference": case.reference, "reason": reason})
    alert = CaseAlert.objects.get()
    client = signed_in(outsider_c)
    assert case.reference not in client.get(reverse("cases:alert_list")).content.decode()
    assert client.post(reverse("cases:alert_read", kwargs={"alert_id": alert.pk})).status_code == 404


# Who has accessed this case ---------------------------------------------------------------------------------


def test_it_lets_a_case_manager_see_who_has_accessed_the_case(
    idva_a: User, police_b: User, agencies: Agencies, signed_in: SignedIn, case: Case
) -> None:
    CaseAccessGrantFactory(case=case, organisation=agencies.b)
    signed_in(police_b).get(_url("case_detail", case))
    owner = signed_in(idva_a)
    case_access = reverse("audit:record_access_list", kwargs={"object_type": "cases.case", "object_id": str(case.pk)})
    victim_access = reverse(
        "audit:record_access_list", kwargs={"object_type": "people.person", "object_id": str(case.victim_id)}
    )
    assert case_access in owner.get(_url("case_detail", case)).content.decode()
    response = owner.get(case_access)
    assert response.status_code == 200
    assert police_b.email in response.content.decode()
    assert owner.get(victim_access).status_code == 200
    # An agency with a grant may see the case, not who else has.
    assert signed_in(police_b).get(case_access).status_code == 403
    assert signed_in(police_b).get(victim_access).status_code == 403
    other = CaseFactory(owning_organisation=agencies.b)
    other_access = reverse("audit:record_access_list", kwargs={"object_type": "cases.case", "object_id": str(other.pk)})
    assert owner.get(other_access).status_code == 403
    bad = reverse("audit:record_access_list", kwargs={"object_type": "cases.case", "object_id": "not-a-uuid"})
    assert owner.get(bad).status_code == 403


def test_it_removes_team_members_agencies_and_deny_entries(
    idva_a: User, agencies: Agencies, signed_in: SignedIn, case: Case
) -> None:
    colleague = user_with_role(Role.IDVA, agencies.a, email="colleague@example.invalid")
    member = CaseTeamMember.objects.create(case=case, user=colleague, added_by=idva_a)
    link = CaseAgency.objects.create(case=case, organisation=agencies.c, added_by=idva_a)
    entry = CaseDenyEntryFactory(case=case, user=colleague)
    client = signed_in(idva_a)
    page = client.get(_url("case_manage", case)).content.decode()
    assert "colleague@example.invalid" in page and agencies.c.name in page
    assert client.post(_url("team_member_remove", case, team_member_id=member.pk)).status_code == 302
    assert client.post(_url("case_agency_remove", case, case_agency_id=link.pk)).status_code == 302
    assert client.post(_url("deny_entry_remove", case, deny_entry_id=entry.pk)).status_code == 302
    assert not CaseTeamMember.objects.current().filter(case=case).exists()
    assert not CaseAgency.objects.current().filter(case=case).exists()
    assert not CaseDenyEntry.objects.current().filter(case=case).exists()
    # Each is gone: doing it again is 404, as for a row of another case.
    assert client.post(_url("team_member_remove", case, team_member_id=member.pk)).status_code == 404
    other = CaseFactory(owning_organisation=agencies.a)
    assert client.post(_url("case_agency_remove", other, case_agency_id=link.pk)).status_code == 404


def test_it_sends_a_manager_who_left_a_restricted_case_back_to_the_list(
    idva_a: User, signed_in: SignedIn, case: Case
) -> None:
    member = CaseTeamMember.objects.create(case=case, user=idva_a, added_by=idva_a)
    Case.objects.filter(pk=case.pk).update(is_restricted=True)
    response = signed_in(idva_a).post(_url("team_member_remove", case, team_member_id=member.pk))
    assert response["Location"] == reverse("cases:case_list")
