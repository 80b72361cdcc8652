"""Who may see a case: its team, the agencies working on it, grants to other agencies, the deny-list,
break-glass access, and the alerts break-glass raises.

Each service is keyword-only, runs in one transaction, saves through ``save_valid`` (validated) and writes
exactly one audit entry (ids only; break-glass records its stated reason as the entry's purpose).
The rules belonging to the action (who may break glass, the deny-list beating everything, a grant's
longest term) are enforced here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.cases.models import (
    BREAK_GLASS,
    MANAGE_CASE,
    VIEW_CASES,
    BreakGlassAccess,
    Case,
    CaseAccessGrant,
    CaseAgency,
    CaseAlert,
    CaseAlertKind,
    CaseDenyEntry,
    CaseTeamMember,
)
from vawg.cases.services._common import required_text
from vawg.core.models import save_valid
from vawg.notifications.selectors import recipients_who_see, staff_holding
from vawg.notifications.services import notification_queue

BREAK_GLASS_DURATION = timedelta(hours=4)
BREAK_GLASS_REASON_MIN_LENGTH = 20
GRANT_LONGEST = timedelta(days=365)

# The rows of a case's access that start and end: team members, agencies, grants, deny-list entries.
_Current = CaseTeamMember | CaseAgency | CaseAccessGrant | CaseDenyEntry
_Joining = CaseTeamMember | CaseAgency | CaseDenyEntry  # at most one current row per person or agency

# For each kind of row: the field that may hold only one current row per case, and the error if it does.
_ALREADY_CURRENT: dict[type[_Joining], tuple[str, str]] = {
    CaseTeamMember: ("user", "This person is already on the case team"),
    CaseAgency: ("organisation", "This agency is already working on the case"),
    CaseDenyEntry: ("user", "This person is already denied the case"),
}
# For each kind of row: how its ending is stamped (<stamp>_at, <stamp>_by), and the error if it already is.
_ALREADY_ENDED: dict[type[_Current], tuple[str, str, str]] = {
    CaseTeamMember: ("ended", "user", "This person has already left the case team"),
    CaseAgency: ("ended", "organisation", "This agency has already stopped working on the case"),
    CaseAccessGrant: ("revoked", "grant", "This access has already been revoked"),
    CaseDenyEntry: ("removed", "user", "This person has already been removed from the deny-list"),
}


def _notify(*, case: Case, kind: str, perm: str, organisation_id: object, event: str, link: str) -> None:
    """Tell the agency's users who hold ``perm`` and may see ``case`` (never a deny-listed one), after commit."""
    users = staff_holding(perm=perm, organisation_ids=[organisation_id])
    sees = recipients_who_see(users, sees=lambda user: Case.objects.visible_to(user).filter(pk=case.pk).exists())
    notification_queue(kind=kind, recipients=sees, event=event, link=link)


def _notify_shared(*, case: Case, organisation_id: object, event: str) -> None:
    link = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    _notify(case=case, kind="case-shared", perm=VIEW_CASES, organisation_id=organisation_id, event=event, link=link)


# The case team and the agencies working on it --------------------------------------------------


def _add_current(
    row: _Joining, *, action: str, by: User, request: HttpRequest | None, details: dict[str, object]
) -> None:
    """Save a new team/agency/deny-list row for its case, unless a current one is already there."""
    field, message = _ALREADY_CURRENT[type(row)]
    if type(row).objects.current().filter(case=row.case, **{field: getattr(row, field)}).exists():
        raise ValidationError({field: message})
    save_valid(row)
    audit_record(action=action, by=by, obj=row.case, request=request, details=details)


def _end(row: _Current, *, action: str, by: User, request: HttpRequest | None, details: dict[str, object]) -> None:
    """Stamp ``row`` ended now by ``by``, unless it already is."""
    stamp, field, message = _ALREADY_ENDED[type(row)]
    if getattr(row, f"{stamp}_at") is not None:
        raise ValidationError({field: message})
    setattr(row, f"{stamp}_at", timezone.now())
    setattr(row, f"{stamp}_by", by)
    save_valid(row, update_fields=[f"{stamp}_at", f"{stamp}_by", "updated_at"])
    audit_record(action=action, by=by, obj=row.case, request=request, details=details)


@transaction.atomic
def case_team_add(*, case: Case, user: User, by: User, request: HttpRequest | None = None) -> CaseTeamMember:
    member = CaseTeamMember(case=case, user=user, added_by=by)
    _add_current(member, action="cases.team_member.add", by=by, request=request, details={"user_id": user.pk})
    return member


@transaction.atomic
def case_team_remove(*, member: CaseTeamMember, by: User, request: HttpRequest | None = None) -> CaseTeamMember:
    _end(member, action="cases.team_member.remove", by=by, request=request, details={"user_id": member.user_id})
    return member


@transaction.atomic
def case_agency_add(
    *, case: Case, organisation: Organisation, by: User, request: HttpRequest | None = None
) -> CaseAgency:
    if organisation.pk == case.owning_organisation_id:
        raise ValidationError({"organisation": "This agency already holds the case"})
    link = CaseAgency(case=case, organisation=organisation, added_by=by)
    _add_current(link, action="cases.agency.add", by=by, request=request, details={"organisation_id": organisation.pk})
    _notify_shared(case=case, organisation_id=organisation.pk, event=f"case:{case.pk}:agency:{link.pk}")
    return link


@transaction.atomic
def case_agency_remove(*, link: CaseAgency, by: User, request: HttpRequest | None = None) -> CaseAgency:
    _end(link, action="cases.agency.remove", by=by, request=request, details={"organisation_id": link.organisation_id})
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
    save_valid(grant)
    audit_record(
        action="cases.grant.add",
        by=by,
        obj=case,
        request=request,
        details={"grant_id": grant.pk, "organisation_id": organisation.pk, "lawful_basis": lawful_basis},
    )
    _notify_shared(case=case, organisation_id=organisation.pk, event=f"case:{case.pk}:grant:{grant.pk}")
    return grant


@transaction.atomic
def case_revoke_grant(*, grant: CaseAccessGrant, by: User, request: HttpRequest | None = None) -> CaseAccessGrant:
    _end(
        grant,
        action="cases.grant.revoke",
        by=by,
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
    reason = required_text(reason, field="reason", message="Enter why this person must not see the case")
    entry = CaseDenyEntry(case=case, user=user, reason=reason, added_by=by)
    _add_current(entry, action="cases.deny_entry.add", by=by, request=request, details={"user_id": user.pk})
    return entry


@transaction.atomic
def case_deny_remove(*, entry: CaseDenyEntry, by: User, request: HttpRequest | None = None) -> CaseDenyEntry:
    if entry.user_id == by.pk:
        raise ValidationError({"user": "You cannot remove yourself from a case's deny-list"})
    _end(entry, action="cases.deny_entry.remove", by=by, request=request, details={"user_id": entry.user_id})
    return entry


BREAK_GLASS_REASON_MESSAGE = (
    f"Enter why you need to see this case, in at least {BREAK_GLASS_REASON_MIN_LENGTH} characters"
)


@transaction.atomic
def case_break_glass_attempt(
    *, reference: str, by: User, reason: str, request: HttpRequest | None = None
) -> BreakGlassAccess | None:
    """Break glass on the case with ``reference``: the access, or None when refused.

    The reason is checked before any case is looked up, so no answer depends on what exists. Every
    refusal (no such case, deny-listed, not permitted) returns None, the same to the caller, and is
    audited with why (``cases.break_glass.refuse``); an attempt against a deny-listing also alerts the
    agency that owns the case.
    """
    reason = (reason or "").strip()
    if len(reason) < BREAK_GLASS_REASON_MIN_LENGTH:
        raise ValidationError({"reason": BREAK_GLASS_REASON_MESSAGE})
    reference = reference.strip().upper()
    case = Case.objects.filter(reference=reference).first()
    denied = case is not None and CaseDenyEntry.objects.current().filter(case=case, user=by).exists()
    if case is not None and by.has_perm(BREAK_GLASS) and not denied:
        return case_break_glass(case=case, by=by, reason=reason, request=request)
    refusal = "no_case" if case is None else "deny_listed" if denied else "not_permitted"
    audit_record(
        action="cases.break_glass.refuse",
        by=by,
        obj=case,
        request=request,
        purpose=reason,
        details={"reference": reference, "refusal": refusal},
    )
    if case is not None and denied:
        save_valid(
            CaseAlert(
                case=case,
                organisation_id=case.owning_organisation_id,
                kind=CaseAlertKind.BREAK_GLASS_REFUSED,
                message=(
                    f"Someone deny-listed from case {case.reference} tried break-glass access on "
                    f"{timezone.localtime():%d %B %Y at %H:%M}. They were refused. Review it in the audit log."
                ),
            )
        )
    return None


def case_break_glass_incomplete(*, reference: str, by: User, request: HttpRequest | None = None) -> None:
    """Audit a break-glass attempt refused before any lookup (no reason, or one too short): the reference
    as typed and nothing about any case, so the entry (like the answer) cannot depend on what exists."""
    audit_record(
        action="cases.break_glass.refuse",
        by=by,
        request=request,
        details={"reference": (reference or "").strip().upper()[:20], "refusal": "incomplete"},
    )


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
        raise ValidationError({"reason": BREAK_GLASS_REASON_MESSAGE})
    now = timezone.now()
    access = BreakGlassAccess(case=case, user=by, reason=reason, at=now, expires_at=now + BREAK_GLASS_DURATION)
    save_valid(access)
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
    save_valid(alert)
    audit_record(
        action="cases.case.break_glass",
        by=by,
        obj=case,
        request=request,
        purpose=reason,
        details={"break_glass_id": access.pk, "expires_at": access.expires_at.isoformat()},
    )
    # The owning agency's case managers who see the alert (alerts_for) are emailed that there is one.
    _notify(
        case=case,
        kind="break-glass",
        perm=MANAGE_CASE,
        organisation_id=case.owning_organisation_id,
        event=f"break-glass:{access.pk}",
        link=reverse("cases:case_detail", kwargs={"case_id": case.pk}),
    )
    return access


@transaction.atomic
def case_alert_mark_read(*, alert: CaseAlert, by: User, request: HttpRequest | None = None) -> CaseAlert:
    if alert.read_at is None:
        alert.read_at = timezone.now()
        save_valid(alert, update_fields=["read_at", "updated_at"])
        audit_record(action="cases.alert.read", by=by, obj=alert.case, request=request, details={"alert_id": alert.pk})
    return alert
