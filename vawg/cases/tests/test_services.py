"""Case services: the state machine, sharing, deny-lists, break-glass, and one audit entry each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases import services
from vawg.cases.models import (
    BreakGlassAccess,
    Case,
    CaseAlert,
    CaseAlertKind,
    CaseStatus,
    CaseStatusValue,
    LawfulBasis,
)
from vawg.cases.tests.factories import (
    CaseAccessGrantFactory,
    CaseAgencyFactory,
    CaseDenyEntryFactory,
    CaseFactory,
    CaseTeamMemberFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

GOOD_REASON = "Police received a 999 call from the address overnight"


@pytest.fixture
def case(agencies: Agencies, idva_a: User) -> Case:
    return services.case_open(victim=PersonFactory(), owning_organisation=agencies.a, by=idva_a)


def _latest_audit() -> AuditEntry:
    return AuditEntry.objects.newest_first().first()  # type: ignore[return-value]


# Opening and references ---------------------------------------------------------------------


def test_it_opens_a_case_with_a_status_row_and_a_yearly_reference(agencies: Agencies, idva_a: User) -> None:
    with time_machine.travel("2026-05-01 12:00:00+01:00"):
        first = services.case_open(victim=PersonFactory(), owning_organisation=agencies.a, by=idva_a)
        second = services.case_open(victim=PersonFactory(), owning_organisation=agencies.a, by=idva_a)
    with time_machine.travel("2027-01-02 12:00:00+00:00"):
        next_year = services.case_open(victim=PersonFactory(), owning_organisation=agencies.a, by=idva_a)

    assert (first.reference, second.reference, next_year.reference) == (
        "C-2026-000001",
        "C-2026-000002",
        "C-2027-000001",
    )
    assert first.current_status == CaseStatusValue.OPEN
    assert list(first.statuses.values_list("status", flat=True)) == [CaseStatusValue.OPEN]
    entry = _latest_audit()
    assert (entry.action, entry.object_id, entry.agency_id) == (
        "cases.case.open",
        str(next_year.pk),
        str(agencies.a.pk),
    )


def test_it_refuses_to_open_a_case_for_someone_without_casework(agencies: Agencies, analyst: User) -> None:
    with pytest.raises(PermissionDenied):
        services.case_open(victim=PersonFactory(), owning_organisation=agencies.a, by=analyst)
    assert not Case.objects.exists()


# The state machine ----------------------------------------------------------------------------

CLOSE, REOPEN = "close", "reopen"
# (actions already taken after opening, the next action, the status it should give or None if refused)
TRANSITIONS: list[tuple[list[str], str, str | None]] = [
    ([], CLOSE, CaseStatusValue.CLOSED),
    ([], REOPEN, None),
    ([CLOSE], CLOSE, None),
    ([CLOSE], REOPEN, CaseStatusValue.REOPENED),
    ([CLOSE, REOPEN], REOPEN, None),
    ([CLOSE, REOPEN], CLOSE, CaseStatusValue.CLOSED),
    ([CLOSE, REOPEN, CLOSE], REOPEN, CaseStatusValue.REOPENED),
]


def _do(action: str, case: Case, user: User) -> CaseStatus:
    if action == CLOSE:
        return services.case_close(case=case, by=user, closure_reason="support-completed")
    return services.case_reopen(case=case, by=user, reason="New incident reported")


@pytest.mark.parametrize(("history", "action", "expected"), TRANSITIONS)
def test_it_follows_the_case_state_machine(
    case: Case, idva_a: User, history: list[str], action: str, expected: str | None
) -> None:
    for step in history:
        _do(step, case, idva_a)
    rows_before = case.statuses.count()

    if expected is None:
        with pytest.raises(ValidationError) as refused:
            _do(action, case, idva_a)
        assert "cannot be" in str(refused.value)
        assert case.statuses.count() == rows_before
    else:
        _do(action, case, idva_a)
        case.refresh_from_db()
        assert case.current_status == expected
        assert case.statuses.order_by("-created_at").first().status == expected  # type: ignore[union-attr]
        assert case.is_open is (expected == CaseStatusValue.REOPENED)


def test_it_reads_the_status_afresh_so_a_stale_copy_cannot_close_twice(case: Case, idva_a: User) -> None:
    stale = Case.objects.get(pk=case.pk)
    services.case_close(case=case, by=idva_a, closure_reason="support-completed")
    with pytest.raises(ValidationError):
        services.case_close(case=stale, by=idva_a, closure_reason="support-completed")


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_needs_a_reason_to_close(case: Case, idva_a: User, reason: str) -> None:
    with pytest.raises(ValidationError, match="Select why the case is being closed"):
        services.case_close(case=case, by=idva_a, closure_reason=reason)


def test_it_keeps_status_rows_immutable(case: Case) -> None:
    row = case.statuses.get()
    row.reason = "changed"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


# Restriction ----------------------------------------------------------------------------------


def test_it_restricts_and_unrestricts_with_a_reason_and_history(case: Case, idva_a: User) -> None:
    with pytest.raises(ValidationError, match="Enter why the case is being restricted"):
        services.case_restrict(case=case, by=idva_a, reason=" ")
    services.case_restrict(case=case, by=idva_a, reason="Victim works for a partner agency")
    case.refresh_from_db()
    assert case.is_restricted
    assert case.restricted_reason == "Victim works for a partner agency"
    with pytest.raises(ValidationError, match="already restricted"):
        services.case_restrict(case=case, by=idva_a, reason="Again")
    with pytest.raises(ValidationError, match="Enter why the restriction is being lifted"):
        services.case_unrestrict(case=case, by=idva_a, reason="")

    services.case_unrestrict(case=case, by=idva_a, reason="Victim has left the partner agency")
    case.refresh_from_db()
    assert (case.is_restricted, case.restricted_reason) == (False, "")
    assert list(case.restriction_changes.values_list("restricted", flat=True)) == [True, False]


# Sharing ------------------------------------------------------------------------------------------


def _grant(case: Case, agencies: Agencies, user: User, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "case": case,
        "organisation": agencies.b,
        "by": user,
        "lawful_basis": LawfulBasis.SAFEGUARDING,
        "reason": "Joint safeguarding plan",
        "expires_at": timezone.now() + timedelta(days=90),
        **overrides,
    }
    return services.case_grant_access(**fields)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"expires_at": None}, "expires_at", "Enter when the access ends"),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "expires_at", "must be in the future"),
        ({"expires_at": timezone.now() + timedelta(days=367)}, "expires_at", "must be within a year"),
        ({"reason": "  "}, "reason", "Enter why the agency needs to see the case"),
        ({"lawful_basis": "because"}, "lawful_basis", "not a valid choice"),
        ({"lawful_basis": ""}, "lawful_basis", "cannot be blank"),
    ],
)
def test_it_refuses_a_grant_without_basis_reason_or_a_sensible_expiry(
    case: Case, agencies: Agencies, idva_a: User, overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _grant(case, agencies, idva_a, **overrides)
    assert message in " ".join(refused.value.message_dict[field])
    assert not case.access_grants.exists()


def test_it_refuses_to_grant_the_owning_agency(case: Case, agencies: Agencies, idva_a: User) -> None:
    with pytest.raises(ValidationError, match="already holds the case"):
        _grant(case, agencies, idva_a, organisation=agencies.a)


def test_it_grants_and_revokes_access(case: Case, agencies: Agencies, idva_a: User, police_b: User) -> None:
    grant = _grant(case, agencies, idva_a)
    assert Case.objects.visible_to(police_b).filter(pk=case.pk).exists()
    assert _latest_audit().details["lawful_basis"] == LawfulBasis.SAFEGUARDING

    services.case_revoke_grant(grant=grant, by=idva_a)

    assert not Case.objects.visible_to(police_b).filter(pk=case.pk).exists()
    assert grant.revoked_by == idva_a
    with pytest.raises(ValidationError, match="already been revoked"):
        services.case_revoke_grant(grant=grant, by=idva_a)


# Team, agencies, deny-list ---------------------------------------------------------------------------


def test_it_adds_and_removes_team_members_once(case: Case, idva_a: User, outsider_c: User) -> None:
    member = services.case_team_add(case=case, user=outsider_c, by=idva_a)
    with pytest.raises(ValidationError, match="already on the case team"):
        services.case_team_add(case=case, user=outsider_c, by=idva_a)
    services.case_team_remove(member=member, by=idva_a)
    assert not Case.objects.visible_to(outsider_c).exists()
    with pytest.raises(ValidationError, match="already left"):
        services.case_team_remove(member=member, by=idva_a)


def test_it_adds_and_removes_working_agencies(case: Case, agencies: Agencies, idva_a: User, outsider_c: User) -> None:
    with pytest.raises(ValidationError, match="already holds the case"):
        services.case_agency_add(case=case, organisation=agencies.a, by=idva_a)
    link = services.case_agency_add(case=case, organisation=agencies.c, by=idva_a)
    assert Case.objects.visible_to(outsider_c).filter(pk=case.pk).exists()
    services.case_agency_remove(link=link, by=idva_a)
    assert not Case.objects.visible_to(outsider_c).filter(pk=case.pk).exists()


def test_it_denies_a_user_at_once_and_needs_a_reason(case: Case, idva_a: User, marac_coordinator: User) -> None:
    colleague = CaseTeamMemberFactory(case=case).user
    with pytest.raises(ValidationError, match="Enter why this person must not see the case"):
        services.case_deny_add(case=case, user=idva_a, reason="", by=marac_coordinator)

    entry = services.case_deny_add(
        case=case, user=idva_a, reason="Named as the perpetrator's relative", by=marac_coordinator
    )

    assert not Case.objects.visible_to(idva_a).exists()
    with pytest.raises(ValidationError, match="already denied"):
        services.case_deny_add(case=case, user=idva_a, reason="Again", by=marac_coordinator)
    services.case_deny_remove(entry=entry, by=marac_coordinator)
    assert Case.objects.visible_to(idva_a).filter(pk=case.pk).exists()
    assert colleague.pk != idva_a.pk


def test_it_refuses_to_let_a_user_remove_their_own_deny_entry(case: Case, idva_a: User) -> None:
    entry = CaseDenyEntryFactory(case=case, user=idva_a)
    with pytest.raises(ValidationError, match="cannot remove yourself"):
        services.case_deny_remove(entry=entry, by=idva_a)
    entry.refresh_from_db()
    assert entry.removed_at is None


# Break-glass ------------------------------------------------------------------------------------------


def test_it_lets_a_named_role_break_glass_alerting_the_owner_and_auditing_the_reason(
    case: Case, agencies: Agencies, police_b: User
) -> None:
    services.case_restrict(case=case, by=case.created_by, reason="Victim is a police employee")
    assert not Case.objects.visible_to(police_b).exists()

    access = services.case_break_glass(case=case, by=police_b, reason=GOOD_REASON)

    assert Case.objects.visible_to(police_b).get() == case
    assert access.expires_at - access.at == timedelta(hours=4)
    alert = CaseAlert.objects.get()
    assert (alert.case, alert.organisation, alert.kind, alert.break_glass) == (
        case,
        agencies.a,
        CaseAlertKind.BREAK_GLASS,
        access,
    )
    assert alert.read_at is None
    assert police_b.full_name not in alert.message and case.victim.family_name not in alert.message
    entry = _latest_audit()
    assert (entry.action, entry.actor_id, entry.purpose) == ("cases.case.break_glass", str(police_b.pk), GOOD_REASON)
    assert entry.details["break_glass_id"] == str(access.pk)


@pytest.mark.parametrize("holder", ["marac_coordinator", "police_b"])
def test_it_gives_break_glass_to_coordinators_and_police(
    case: Case, holder: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(holder)
    services.case_break_glass(case=case, by=user, reason=GOOD_REASON)
    assert Case.objects.visible_to(user).filter(pk=case.pk).exists()


@pytest.mark.parametrize("persona", ["outsider_c", "analyst", "board_member", "admin_user"])
def test_it_refuses_break_glass_to_other_roles(case: Case, persona: str, request: pytest.FixtureRequest) -> None:
    with pytest.raises(PermissionDenied):
        services.case_break_glass(case=case, by=request.getfixturevalue(persona), reason=GOOD_REASON)
    assert not BreakGlassAccess.objects.exists()
    assert not CaseAlert.objects.exists()


@pytest.mark.parametrize("reason", ["", "because", " " * 40])
def test_it_needs_a_real_reason_to_break_glass(case: Case, police_b: User, reason: str) -> None:
    with pytest.raises(ValidationError, match="Enter why you need to see this case"):
        services.case_break_glass(case=case, by=police_b, reason=reason)
    assert not BreakGlassAccess.objects.exists()


def test_it_refuses_break_glass_to_a_deny_listed_user_as_if_there_were_no_case(case: Case, police_b: User) -> None:
    CaseDenyEntryFactory(case=case, user=police_b)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(Http404):
        services.case_break_glass(case=case, by=police_b, reason=GOOD_REASON)
    assert not BreakGlassAccess.objects.exists()
    assert not CaseAlert.objects.exists()
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize(
    ("who", "deny", "refusal"),
    [("police_b", True, "deny_listed"), ("idva_a", False, "not_permitted"), ("police_b", False, None)],
)
def test_it_refuses_a_break_glass_attempt_the_same_way_and_audits_why(
    case: Case, who: str, deny: bool, refusal: str | None, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)
    if deny:
        CaseDenyEntryFactory(case=case, user=user)
    access = services.case_break_glass_attempt(reference=case.reference.lower(), by=user, reason=GOOD_REASON)
    if refusal is None:
        assert access is not None and access.case == case
        assert not AuditEntry.objects.filter(action="cases.break_glass.refuse").exists()
        return
    assert access is None
    entry = AuditEntry.objects.get(action="cases.break_glass.refuse")
    assert (entry.details["refusal"], entry.object_id) == (refusal, str(case.pk))
    assert CaseAlert.objects.filter(case=case).exists() == deny


def test_it_checks_the_reason_before_looking_for_the_case(police_b: User) -> None:
    with pytest.raises(ValidationError):
        services.case_break_glass_attempt(reference="C-1999-000001", by=police_b, reason="Urgent")
    assert not AuditEntry.objects.filter(action__startswith="cases.break_glass").exists()


def test_it_records_a_read(case: Case, idva_a: User) -> None:
    services.case_view_record(case=case, by=idva_a)
    entry = _latest_audit()
    assert (entry.action, entry.object_type, entry.object_id) == ("cases.case.view", "cases.case", str(case.pk))


# One audit entry per service ---------------------------------------------------------------------------


Call = Callable[[Case, Agencies, User, User], object]


def _noop(case: Case, agencies: Agencies, me: User, other: User) -> None:
    return None


def _closed(case: Case, agencies: Agencies, me: User, other: User) -> None:
    services.case_close(case=case, by=me, closure_reason="support-completed")


def _restricted(case: Case, agencies: Agencies, me: User, other: User) -> None:
    services.case_restrict(case=case, by=me, reason="Victim works for a partner agency")


# action: (what must happen first, the service call that should write exactly one entry)
CALLS: dict[str, tuple[Call, Call]] = {
    "cases.case.close": (
        _noop,
        lambda c, a, me, other: services.case_close(case=c, by=me, closure_reason="other", reason="Done"),
    ),
    "cases.case.reopen": (
        _closed,
        lambda c, a, me, other: services.case_reopen(case=c, by=me, reason="New incident"),
    ),
    "cases.case.restrict": (
        _noop,
        lambda c, a, me, other: services.case_restrict(case=c, by=me, reason="Staff member"),
    ),
    "cases.case.unrestrict": (
        _restricted,
        lambda c, a, me, other: services.case_unrestrict(case=c, by=me, reason="No longer needed"),
    ),
    "cases.team_member.add": (_noop, lambda c, a, me, other: services.case_team_add(case=c, user=other, by=me)),
    "cases.team_member.remove": (
        _noop,
        lambda c, a, me, other: services.case_team_remove(member=CaseTeamMemberFactory(case=c, user=other), by=me),
    ),
    "cases.agency.add": (
        _noop,
        lambda c, a, me, other: services.case_agency_add(case=c, organisation=a.c, by=me),
    ),
    "cases.agency.remove": (
        _noop,
        lambda c, a, me, other: services.case_agency_remove(link=CaseAgencyFactory(case=c, organisation=a.c), by=me),
    ),
    "cases.grant.add": (_noop, lambda c, a, me, other: _grant(c, a, me)),
    "cases.grant.revoke": (
        _noop,
        lambda c, a, me, other: services.case_revoke_grant(
            grant=CaseAccessGrantFactory(case=c, organisation=a.b), by=me
        ),
    ),
    "cases.deny_entry.add": (
        _noop,
        lambda c, a, me, other: services.case_deny_add(case=c, user=other, reason="Party", by=me),
    ),
    "cases.deny_entry.remove": (
        _noop,
        lambda c, a, me, other: services.case_deny_remove(entry=CaseDenyEntryFactory(case=c, user=other), by=me),
    ),
    "cases.case.break_glass": (
        _noop,
        lambda c, a, me, other: services.case_break_glass(case=c, by=me, reason=GOOD_REASON),
    ),
    "cases.case.view": (_noop, lambda c, a, me, other: services.case_view_record(case=c, by=me)),
}


@pytest.mark.parametrize("action", sorted(CALLS))
def test_it_writes_exactly_one_audit_entry_per_service(
    action: str, agencies: Agencies, marac_coordinator: User, outsider_c: User
) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    prepare, call = CALLS[action]
    prepare(case, agencies, marac_coordinator, outsider_c)
    before = list(AuditEntry.objects.values_list("pk", flat=True))

    call(case, agencies, marac_coordinator, outsider_c)

    new = AuditEntry.objects.exclude(pk__in=before)
    assert [entry.action for entry in new] == [action]
    assert new.get().object_id == str(case.pk)
    assert new.get().actor_id == str(marac_coordinator.pk)
    assert new.get().agency_id == str(agencies.a.pk)


def test_it_writes_exactly_one_audit_entry_when_opening(agencies: Agencies, idva_a: User) -> None:
    person = PersonFactory()
    services.case_open(victim=person, owning_organisation=agencies.a, by=idva_a)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["cases.case.open"]
