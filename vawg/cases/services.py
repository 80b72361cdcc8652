"""Every write to a case, and the record of every read.

Each service is keyword-only, runs in one transaction, validates with
``full_clean()`` and writes exactly one audit entry (ids only, never case
content; break-glass records its stated reason as the entry's purpose).
Views gate first (``get_case_for``); the rules that belong to the action
itself (state machine, break-glass permission, deny-list) are enforced here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from vawg.accounts.models import District, Organisation, User
from vawg.audit.services import audit_record
from vawg.cases.models import (
    BREAK_GLASS,
    STATUS_TRANSITIONS,
    VIEW_CASES,
    BreakGlassAccess,
    Case,
    CaseAccessGrant,
    CaseAgency,
    CaseAlert,
    CaseAlertKind,
    CaseDenyEntry,
    CaseReferenceCounter,
    CaseRestrictionChange,
    CaseStatus,
    CaseStatusValue,
    CaseTeamMember,
    ChronologyEntry,
    ChronologyKind,
    RiskLevel,
)

if TYPE_CHECKING:
    from vawg.people.models import Person

BREAK_GLASS_DURATION = timedelta(hours=4)
BREAK_GLASS_REASON_MIN_LENGTH = 20
GRANT_LONGEST = timedelta(days=365)


def _required_text(value: str, *, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _next_reference() -> str:
    year = timezone.localdate().year
    counter, _ = CaseReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"C-{year}-{counter.last_number:06d}"


def _add_status(*, case: Case, status: str, reason: str, by: User, opening: bool = False) -> CaseStatus:
    if not opening:
        # Lock the case and read its status afresh, so two people closing it at once cannot both succeed.
        case.current_status = Case.objects.select_for_update().only("current_status").get(pk=case.pk).current_status
    allowed = STATUS_TRANSITIONS[None if opening else case.current_status]
    if status not in allowed:
        current = CaseStatusValue(case.current_status).label.lower()
        wanted = CaseStatusValue(status).label.lower()
        raise ValidationError({"status": f"A case that is {current} cannot be {wanted}"})
    row = CaseStatus(case=case, status=status, reason=reason, created_by=by)
    row.full_clean()
    row.save()
    case.current_status = status
    case.save(update_fields=["current_status", "updated_at"])
    _chronology(case=case, kind=ChronologyKind.STATUS, summary=STATUS_SUMMARIES[status], body=reason, by=by)
    return row


STATUS_SUMMARIES: dict[str, str] = {
    CaseStatusValue.OPEN: "Case opened",
    CaseStatusValue.CLOSED: "Case closed",
    CaseStatusValue.REOPENED: "Case reopened",
}


def _chronology(*, case: Case, kind: str, summary: str, body: str, by: User) -> ChronologyEntry:
    entry = ChronologyEntry(case=case, kind=kind, summary=summary, body=body, created_by=by)
    entry.full_clean()
    entry.save()
    return entry


# Cases and their status ----------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    victim: Person,
    owning_organisation: Organisation,
    by: User,
    district: District | None = None,
    risk_level: str = RiskLevel.NOT_ASSESSED,
    request: HttpRequest | None = None,
) -> Case:
    """Open a new case for ``victim``, held by ``owning_organisation``."""
    if not by.has_perm(VIEW_CASES):
        raise PermissionDenied
    case = Case(
        reference=_next_reference(),
        victim=victim,
        owning_organisation=owning_organisation,
        district=district,
        current_risk_level=risk_level,
        created_by=by,
    )
    case.full_clean()
    case.save()
    _add_status(case=case, status=CaseStatusValue.OPEN, reason="", by=by, opening=True)
    audit_record(action="cases.case.open", by=by, obj=case, agency_id=case.owning_organisation_id, request=request)
    return case


@transaction.atomic
def case_close(*, case: Case, by: User, reason: str, request: HttpRequest | None = None) -> CaseStatus:
    reason = _required_text(reason, field="reason", message="Enter why the case is being closed")
    row = _add_status(case=case, status=CaseStatusValue.CLOSED, reason=reason, by=by)
    audit_record(
        action="cases.case.close",
        by=by,
        obj=case,
        agency_id=case.owning_organisation_id,
        request=request,
        details={"status_id": row.pk},
    )
    return row


@transaction.atomic
def case_reopen(*, case: Case, by: User, reason: str, request: HttpRequest | None = None) -> CaseStatus:
    reason = _required_text(reason, field="reason", message="Enter why the case is being reopened")
    row = _add_status(case=case, status=CaseStatusValue.REOPENED, reason=reason, by=by)
    audit_record(
        action="cases.case.reopen",
        by=by,
        obj=case,
        agency_id=case.owning_organisation_id,
        request=request,
        details={"status_id": row.pk},
    )
    return row


@transaction.atomic
def case_restrict(*, case: Case, by: User, reason: str, request: HttpRequest | None = None) -> Case:
    """Restrict a case to its named team (plus break-glass). Takes effect on the next query."""
    reason = _required_text(reason, field="reason", message="Enter why the case is being restricted")
    if case.is_restricted:
        raise ValidationError({"is_restricted": "This case is already restricted"})
    return _set_restriction(case=case, restricted=True, reason=reason, by=by, request=request)


@transaction.atomic
def case_unrestrict(*, case: Case, by: User, reason: str, request: HttpRequest | None = None) -> Case:
    reason = _required_text(reason, field="reason", message="Enter why the restriction is being lifted")
    if not case.is_restricted:
        raise ValidationError({"is_restricted": "This case is not restricted"})
    return _set_restriction(case=case, restricted=False, reason=reason, by=by, request=request)


def _set_restriction(*, case: Case, restricted: bool, reason: str, by: User, request: HttpRequest | None) -> Case:
    change = CaseRestrictionChange(case=case, restricted=restricted, reason=reason, created_by=by)
    change.full_clean()
    change.save()
    case.is_restricted = restricted
    case.restricted_reason = reason if restricted else ""
    case.full_clean()
    case.save(update_fields=["is_restricted", "restricted_reason", "updated_at"])
    audit_record(
        action="cases.case.restrict" if restricted else "cases.case.unrestrict",
        by=by,
        obj=case,
        agency_id=case.owning_organisation_id,
        request=request,
        details={"restriction_change_id": change.pk},
    )
    return case


# The case team and the agencies working on it --------------------------------------------------


@transaction.atomic
def case_team_add(*, case: Case, user: User, by: User, request: HttpRequest | None = None) -> CaseTeamMember:
    if CaseTeamMember.objects.current().filter(case=case, user=user).exists():
        raise ValidationError({"user": "This person is already on the case team"})
    member = CaseTeamMember(case=case, user=user, added_by=by)
    member.full_clean()
    member.save()
    audit_record(
        action="cases.team_member.add",
        by=by,
        obj=case,
        agency_id=case.owning_organisation_id,
        request=request,
        details={"user_id": user.pk},
    )
    return member


@transaction.atomic
def case_team_remove(*, member: CaseTeamMember, by: User, request: HttpRequest | None = None) -> CaseTeamMember:
    if member.ended_at is not None:
        raise ValidationError({"user": "This person has already left the case team"})
    member.ended_at = timezone.now()
    member.ended_by = by
    member.full_clean()
    member.save(update_fields=["ended_at", "ended_by", "updated_at"])
    audit_record(
        action="cases.team_member.remove",
        by=by,
        obj=member.case,
        agency_id=member.case.owning_organisation_id,
        request=request,
        details={"user_id": member.user_id},
    )
    return member


@transaction.atomic
def case_agency_add(
    *, case: Case, organisation: Organisation, by: User, request: HttpRequest | None = None
) -> CaseAgency:
    if organisation.pk == case.owning_organisation_id:
        raise ValidationError({"organisation": "This agency already holds the case"})
    if CaseAgency.objects.current().filter(case=case, organisation=organisation).exists():
        raise ValidationError({"organisation": "This agency is already working on the case"})
    link = CaseAgency(case=case, organisation=organisation, added_by=by)
    link.full_clean()
    link.save()
    audit_record(
        action="cases.agency.add",
        by=by,
        obj=case,
        agency_id=case.owning_organisation_id,
        request=request,
        details={"organisation_id": organisation.pk},
    )
    return link


@transaction.atomic
def case_agency_remove(*, link: CaseAgency, by: User, request: HttpRequest | None = None) -> CaseAgency:
    if link.ended_at is not None:
        raise ValidationError({"organisation": "This agency has already stopped working on the case"})
    link.ended_at = timezone.now()
    link.ended_by = by
    link.full_clean()
    link.save(update_fields=["ended_at", "ended_by", "updated_at"])
    audit_record(
        action="cases.agency.remove",
        by=by,
        obj=link.case,
        agency_id=link.case.owning_organisation_id,
        request=request,
        details={"organisation_id": link.organisation_id},
    )
    return link


# Sharing with other agencies --------------------------------------------------------------------


@transaction.atomic
def case_grant_access(
    *,
    case: Case,
    organisation: Organisation,
    by: User,
    lawful_basis: str,
    reason: str,
    expires_at: datetime | None,
    request: HttpRequest | None = None,
) -> CaseAccessGrant:
    """Share ``case`` with another agency until ``expires_at`` (at most a year away)."""
    errors: dict[str, str] = {}
    now = timezone.now()
    if expires_at is None:
        errors["expires_at"] = "Enter when the access ends"
    elif expires_at <= now:
        errors["expires_at"] = "The date access ends must be in the future"
    elif expires_at > now + GRANT_LONGEST:
        errors["expires_at"] = "The date access ends must be within a year"
    if not (reason or "").strip():
        errors["reason"] = "Enter why the agency needs to see the case"
    if organisation.pk == case.owning_organisation_id:
        errors["organisation"] = "This agency already holds the case"
    if errors or expires_at is None:
        raise ValidationError(errors)
    grant = CaseAccessGrant(
        case=case,
        organisation=organisation,
        granted_by=by,
        lawful_basis=lawful_basis,
        reason=reason.strip(),
        expires_at=expires_at,
    )
    grant.full_clean()
    grant.save()
    audit_record(
        action="cases.grant.add",
        by=by,
        obj=case,
        agency_id=case.owning_organisation_id,
        request=request,
        details={"grant_id": grant.pk, "organisation_id": organisation.pk, "lawful_basis": lawful_basis},
    )
    return grant


@transaction.atomic
def case_revoke_grant(*, grant: CaseAccessGrant, by: User, request: HttpRequest | None = None) -> CaseAccessGrant:
    if grant.revoked_at is not None:
        raise ValidationError({"grant": "This access has already been revoked"})
    grant.revoked_at = timezone.now()
    grant.revoked_by = by
    grant.full_clean()
    grant.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_record(
        action="cases.grant.revoke",
        by=by,
        obj=grant.case,
        agency_id=grant.case.owning_organisation_id,
        request=request,
        details={"grant_id": grant.pk, "organisation_id": grant.organisation_id},
    )
    return grant


# The deny-list and break-glass -------------------------------------------------------------------


@transaction.atomic
def case_deny_add(
    *, case: Case, user: User, reason: str, by: User, request: HttpRequest | None = None
) -> CaseDenyEntry:
    """Deny ``user`` the case, whatever else they hold. Takes effect on their next request."""
    reason = _required_text(reason, field="reason", message="Enter why this person must not see the case")
    if CaseDenyEntry.objects.current().filter(case=case, user=user).exists():
        raise ValidationError({"user": "This person is already denied the case"})
    entry = CaseDenyEntry(case=case, user=user, reason=reason, added_by=by)
    entry.full_clean()
    entry.save()
    audit_record(
        action="cases.deny_entry.add",
        by=by,
        obj=case,
        agency_id=case.owning_organisation_id,
        request=request,
        details={"user_id": user.pk},
    )
    return entry


@transaction.atomic
def case_deny_remove(*, entry: CaseDenyEntry, by: User, request: HttpRequest | None = None) -> CaseDenyEntry:
    if entry.user_id == by.pk:
        raise ValidationError({"user": "You cannot remove yourself from a case's deny-list"})
    if entry.removed_at is not None:
        raise ValidationError({"user": "This person has already been removed from the deny-list"})
    entry.removed_at = timezone.now()
    entry.removed_by = by
    entry.full_clean()
    entry.save(update_fields=["removed_at", "removed_by", "updated_at"])
    audit_record(
        action="cases.deny_entry.remove",
        by=by,
        obj=entry.case,
        agency_id=entry.case.owning_organisation_id,
        request=request,
        details={"user_id": entry.user_id},
    )
    return entry


@transaction.atomic
def case_break_glass(*, case: Case, by: User, reason: str, request: HttpRequest | None = None) -> BreakGlassAccess:
    """Give ``user`` emergency access to ``case`` for BREAK_GLASS_DURATION; alert the owning agency.

    Only holders of ``cases.break_glass``. A deny-listed user is refused with 404, exactly as
    for a case that does not exist, so the refusal reveals nothing.
    """
    if not by.has_perm(BREAK_GLASS):
        raise PermissionDenied
    if CaseDenyEntry.objects.current().filter(case=case, user=by).exists():
        raise Http404("No such case.")
    reason = (reason or "").strip()
    if len(reason) < BREAK_GLASS_REASON_MIN_LENGTH:
        raise ValidationError(
            {"reason": f"Enter why you need to see this case, in at least {BREAK_GLASS_REASON_MIN_LENGTH} characters"}
        )
    now = timezone.now()
    access = BreakGlassAccess(case=case, user=by, reason=reason, at=now, expires_at=now + BREAK_GLASS_DURATION)
    access.full_clean()
    access.save()
    alert = CaseAlert(
        case=case,
        organisation_id=case.owning_organisation_id,
        kind=CaseAlertKind.BREAK_GLASS,
        break_glass=access,
        message=(
            f"Someone used break-glass access to case {case.reference} "
            f"until {timezone.localtime(access.expires_at):%d %B %Y %H:%M}. Review it in the audit log."
        ),
    )
    alert.full_clean()
    alert.save()
    audit_record(
        action="cases.case.break_glass",
        by=by,
        obj=case,
        agency_id=case.owning_organisation_id,
        request=request,
        purpose=reason,
        details={"break_glass_id": access.pk, "expires_at": access.expires_at.isoformat()},
    )
    return access


@transaction.atomic
def case_view_record(*, case: Case, by: User, request: HttpRequest | None = None) -> None:
    """Record that ``user`` opened ``case`` (call after the gate let them, on every read)."""
    audit_record(action="cases.case.view", by=by, obj=case, agency_id=case.owning_organisation_id, request=request)


# The chronology, reading contact details, alerts and searches ---------------------------------------

NOTE_MAX_LENGTH = 10_000


@transaction.atomic
def case_chronology_add(
    *, case: Case, kind: str, summary: str, body: str = "", by: User, request: HttpRequest | None = None
) -> ChronologyEntry:
    """Add an entry to ``case``'s chronology (other apps record contacts, assessments and referrals here)."""
    summary = _required_text(summary, field="summary", message="Enter a summary")
    entry = _chronology(case=case, kind=kind, summary=summary[:200], body=body, by=by)
    audit_record(
        action="cases.chronology.add",
        by=by,
        obj=case,
        agency_id=case.owning_organisation_id,
        request=request,
        details={"entry_id": entry.pk, "kind": kind},
    )
    return entry


@transaction.atomic
def case_note_add(*, case: Case, body: str, by: User, request: HttpRequest | None = None) -> ChronologyEntry:
    """Add a note to ``case``'s chronology. Its text is kept only in the encrypted body (notes can
    reveal where someone is), so the plaintext summary is a fixed "Note"."""
    body = _required_text(body, field="body", message="Enter a note")
    if len(body) > NOTE_MAX_LENGTH:
        raise ValidationError({"body": f"The note must be {NOTE_MAX_LENGTH:,} characters or fewer"})
    summary = "Note"
    entry = _chronology(case=case, kind=ChronologyKind.NOTE, summary=summary, body=body, by=by)
    audit_record(
        action="cases.note.add",
        by=by,
        obj=case,
        agency_id=case.owning_organisation_id,
        request=request,
        details={"entry_id": entry.pk},
    )
    return entry


@transaction.atomic
def case_contact_reveal(*, case: Case, by: User, reason: str, request: HttpRequest | None = None) -> Person:
    """Record that ``user`` is shown the victim's address and contact details, and why (security.md #37).

    Call only after the gate let ``user`` see ``case``. Returns the victim to show.
    """
    reason = _required_text(reason, field="reason", message="Enter why you need to see the contact details")
    audit_record(
        action="cases.victim_contact.reveal",
        by=by,
        obj=case.victim,
        agency_id=case.owning_organisation_id,
        purpose=reason,
        request=request,
        details={"case_id": str(case.pk)},
    )
    return case.victim


@transaction.atomic
def case_alert_mark_read(*, alert: CaseAlert, by: User, request: HttpRequest | None = None) -> CaseAlert:
    if alert.read_at is None:
        alert.read_at = timezone.now()
        alert.full_clean()
        alert.save(update_fields=["read_at", "updated_at"])
        audit_record(
            action="cases.alert.read",
            by=by,
            obj=alert.case,
            agency_id=alert.case.owning_organisation_id,
            request=request,
            details={"alert_id": alert.pk},
        )
    return alert


def case_search_record(*, by: User, fields_used: list[str], results: int, request: HttpRequest | None = None) -> None:
    """Audit a case search: which fields were used and how many cases were found, never the values."""
    audit_record(
        action="cases.case.search",
        by=by,
        request=request,
        details={"fields": sorted(fields_used), "results": results},
    )
