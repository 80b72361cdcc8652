"""Who may see a person causing harm: the agencies working with them, grants to other agencies, the named
team, the deny-list and the restriction. Managed by holders of ``intelligence.manage_people_causing_harm``
at the owning agency (``selectors.harm.managed_by``); anyone else gets 404, as for any record they may
not manage.

Each service runs in one transaction, validates its rows, and writes one audit entry with ids and codes
only (free text stays on the row). A change that would leave the manager unable to see or manage the
record is refused and nothing of it is kept: they must ask a colleague, or add themselves to the named
team first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.intelligence.config import VIEW_PEOPLE_CAUSING_HARM
from vawg.intelligence.models import (
    HarmAccessGrant,
    HarmAgency,
    HarmAgencyReason,
    HarmDenyEntry,
    HarmRestrictionChange,
    HarmTeamMember,
    PersonCausingHarm,
)
from vawg.intelligence.selectors.harm import managed_by

GRANT_REASON_MIN_LENGTH = 20
GRANT_LONGEST = timedelta(days=365)
LOCKED_OUT = (
    "You cannot make this change: you would no longer be able to see or manage this record. "
    "Ask a colleague at your agency to make it, or add yourself to the named team first."
)
GRANT_REASON_MESSAGE = f"Enter why the agency needs to see the record, in at least {GRANT_REASON_MIN_LENGTH} characters"
T = TypeVar("T")


def _managing(record: PersonCausingHarm, by: User) -> None:
    if not managed_by(by).filter(pk=record.pk).exists():
        raise Http404("No such person causing harm.")


def _keeping_access(record: PersonCausingHarm, by: User, field: str, change: Callable[[], T]) -> T:
    """Make ``change`` (its rows and audit entry) and keep it only if ``by`` may still manage the record."""
    _managing(record, by)
    try:
        with transaction.atomic():
            result = change()
            if not managed_by(by).filter(pk=record.pk).exists():
                raise ValidationError({field: LOCKED_OUT})
    except ValidationError:
        record.refresh_from_db()  # nothing of the refused change stays, in the database or on the page
        raise
    return result


def _text(value: str, *, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


# Agencies working with them ------------------------------------------------------------------------


@transaction.atomic
def harm_agency_add(
    *,
    record: PersonCausingHarm,
    organisation: Organisation,
    reason: str,
    by: User,
    request: HttpRequest | None = None,
) -> HarmAgency:
    """Record that ``organisation`` works with the person (probation supervising them, a programme): its
    holders of ``view_people_causing_harm`` see the record while the link is open."""
    _managing(record, by)
    if reason not in HarmAgencyReason.values or reason == HarmAgencyReason.OWNS:
        raise ValidationError({"reason": "Choose why the agency works with them"})
    if HarmAgency.objects.filter(
        person_causing_harm=record, organisation=organisation, reason=reason, ended_at__isnull=True
    ).exists():
        raise ValidationError({"organisation": "This agency already works with them for that reason"})
    link = HarmAgency(person_causing_harm=record, organisation=organisation, reason=reason, added_by=by)
    save_valid(link)
    audit_record(
        action="intelligence.harm_agency.add",
        by=by,
        obj=record,
        request=request,
        details={"harm_agency_id": str(link.pk), "organisation_id": str(organisation.pk), "reason": reason},
    )
    return link


def harm_agency_end(*, link: HarmAgency, by: User, request: HttpRequest | None = None) -> HarmAgency:
    """The agency no longer works with them (the row stays, with who ended it and when)."""
    record = link.person_causing_harm

    def end() -> HarmAgency:
        if link.ended_at is not None:
            raise ValidationError({"organisation": "This agency has already stopped working with them"})
        link.ended_at, link.ended_by = timezone.now(), by
        save_valid(link, update_fields=["ended_at", "ended_by", "updated_at"])
        audit_record(
            action="intelligence.harm_agency.end",
            by=by,
            obj=record,
            request=request,
            details={"harm_agency_id": str(link.pk), "organisation_id": str(link.organisation_id)},
        )
        return link

    return _keeping_access(record, by, "organisation", end)


# Grants ------------------------------------------------------------------------------------------


@transaction.atomic
def harm_grant_add(
    *,
    record: PersonCausingHarm,
    organisation: Organisation,
    lawful_basis: str,
    reason: str,
    expires_at: datetime | None,
    by: User,
    request: HttpRequest | None = None,
) -> HarmAccessGrant:
    """Let ``organisation`` see the record until ``expires_at`` (at most a year away), for a lawful basis and
    a reason of at least 20 characters."""
    _managing(record, by)
    errors: dict[str, str] = {}
    now = timezone.now()
    if expires_at is None:
        errors["expires_at"] = "Enter when the access ends"
    elif expires_at <= now:
        errors["expires_at"] = "The date access ends must be in the future"
    elif expires_at > now + GRANT_LONGEST:
        errors["expires_at"] = "The date access ends must be within a year"
    reason = (reason or "").strip()
    if len(reason) < GRANT_REASON_MIN_LENGTH:
        errors["reason"] = (
            f"Enter why the agency needs to see the record, in at least {GRANT_REASON_MIN_LENGTH} characters"
        )
    if organisation.pk == record.owning_organisation_id:
        errors["organisation"] = "This agency already holds the record"
    if errors or expires_at is None:
        raise ValidationError(errors)
    grant = HarmAccessGrant(
        person_causing_harm=record,
        organisation=organisation,
        granted_by=by,
        lawful_basis=lawful_basis,
        reason=reason,
        expires_at=expires_at,
    )
    save_valid(grant)
    audit_record(
        action="intelligence.harm_grant.add",
        by=by,
        obj=record,
        request=request,
        details={"grant_id": str(grant.pk), "organisation_id": str(organisation.pk), "lawful_basis": lawful_basis},
    )
    return grant


def harm_grant_revoke(*, grant: HarmAccessGrant, by: User, request: HttpRequest | None = None) -> HarmAccessGrant:
    record = grant.person_causing_harm

    def revoke() -> HarmAccessGrant:
        if grant.revoked_at is not None:
            raise ValidationError({"grant": "This access has already been revoked"})
        grant.revoked_at, grant.revoked_by = timezone.now(), by
        save_valid(grant, update_fields=["revoked_at", "revoked_by", "updated_at"])
        audit_record(
            action="intelligence.harm_grant.revoke",
            by=by,
            obj=record,
            request=request,
            details={"grant_id": str(grant.pk), "organisation_id": str(grant.organisation_id)},
        )
        return grant

    return _keeping_access(record, by, "grant", revoke)


# The named team -----------------------------------------------------------------------------------


@transaction.atomic
def harm_team_add(
    *, record: PersonCausingHarm, user: User, by: User, request: HttpRequest | None = None
) -> HarmTeamMember:
    """Name ``user`` on the record's team: they see it even when it is restricted (never when deny-listed)."""
    _managing(record, by)
    if not user.has_perm(VIEW_PEOPLE_CAUSING_HARM):
        raise ValidationError({"email": "This person does not have a role that may see people causing harm"})
    if HarmTeamMember.objects.filter(person_causing_harm=record, user=user, ended_at__isnull=True).exists():
        raise ValidationError({"email": "This person is already on the named team"})
    member = HarmTeamMember(person_causing_harm=record, user=user, added_by=by)
    save_valid(member)
    audit_record(
        action="intelligence.harm_team_member.add",
        by=by,
        obj=record,
        request=request,
        details={"team_member_id": str(member.pk), "user_id": str(user.pk)},
    )
    return member


def harm_team_remove(*, member: HarmTeamMember, by: User, request: HttpRequest | None = None) -> HarmTeamMember:
    record = member.person_causing_harm

    def remove() -> HarmTeamMember:
        if member.ended_at is not None:
            raise ValidationError({"user": "This person has already left the named team"})
        member.ended_at, member.ended_by = timezone.now(), by
        save_valid(member, update_fields=["ended_at", "ended_by", "updated_at"])
        audit_record(
            action="intelligence.harm_team_member.remove",
            by=by,
            obj=record,
            request=request,
            details={"team_member_id": str(member.pk), "user_id": str(member.user_id)},
        )
        return member

    return _keeping_access(record, by, "user", remove)


# The deny-list -----------------------------------------------------------------------------------


def harm_deny_add(
    *, record: PersonCausingHarm, user: User, reason: str, by: User, request: HttpRequest | None = None
) -> HarmDenyEntry:
    """Deny ``user`` the record, whatever else they hold. Takes effect on their next request."""
    reason = _text(reason, field="reason", message="Enter why this person must not see the record")

    def deny() -> HarmDenyEntry:
        if HarmDenyEntry.objects.filter(person_causing_harm=record, user=user, removed_at__isnull=True).exists():
            raise ValidationError({"email": "This person is already denied the record"})
        entry = HarmDenyEntry(person_causing_harm=record, user=user, reason=reason, added_by=by)
        save_valid(entry)
        audit_record(
            action="intelligence.harm_deny_entry.add",
            by=by,
            obj=record,
            request=request,
            details={"deny_entry_id": str(entry.pk), "user_id": str(user.pk)},
        )
        return entry

    return _keeping_access(record, by, "email", deny)


@transaction.atomic
def harm_deny_remove(*, entry: HarmDenyEntry, by: User, request: HttpRequest | None = None) -> HarmDenyEntry:
    record = entry.person_causing_harm
    _managing(record, by)
    if entry.removed_at is not None:
        raise ValidationError({"user": "This person has already been removed from the deny-list"})
    entry.removed_at, entry.removed_by = timezone.now(), by
    save_valid(entry, update_fields=["removed_at", "removed_by", "updated_at"])
    audit_record(
        action="intelligence.harm_deny_entry.remove",
        by=by,
        obj=record,
        request=request,
        details={"deny_entry_id": str(entry.pk), "user_id": str(entry.user_id)},
    )
    return entry


# Restriction -------------------------------------------------------------------------------------


def harm_restrict(
    *, record: PersonCausingHarm, reason: str, by: User, request: HttpRequest | None = None
) -> PersonCausingHarm:
    """Restrict the record to its named team. Refused when ``by`` is not on it (they would lose the record)."""
    reason = _text(reason, field="reason", message="Enter why the record is being restricted")
    if record.is_restricted:
        raise ValidationError({"reason": "This record is already restricted"})
    return _keeping_access(record, by, "reason", lambda: _set_restriction(record, True, reason, by, request))


@transaction.atomic
def harm_unrestrict(
    *, record: PersonCausingHarm, reason: str, by: User, request: HttpRequest | None = None
) -> PersonCausingHarm:
    _managing(record, by)
    reason = _text(reason, field="reason", message="Enter why the restriction is being lifted")
    if not record.is_restricted:
        raise ValidationError({"reason": "This record is not restricted"})
    return _set_restriction(record, False, reason, by, request)


def _set_restriction(
    record: PersonCausingHarm, restricted: bool, reason: str, by: User, request: HttpRequest | None
) -> PersonCausingHarm:
    change = HarmRestrictionChange(person_causing_harm=record, restricted=restricted, reason=reason, created_by=by)
    save_valid(change)
    PersonCausingHarm.objects.filter(pk=record.pk).update(
        is_restricted=restricted, restricted_reason=reason if restricted else "", updated_at=timezone.now()
    )
    record.is_restricted, record.restricted_reason = restricted, reason if restricted else ""
    audit_record(
        action="intelligence.person_causing_harm.restrict"
        if restricted
        else "intelligence.person_causing_harm.unrestrict",
        by=by,
        obj=record,
        request=request,
        details={"restriction_change_id": str(change.pk)},
    )
    return record
