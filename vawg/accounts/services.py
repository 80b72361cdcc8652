"""Writes for agencies, users, memberships, authenticators and staff sessions.

Every function here is keyword-only, runs in one transaction, validates with
``full_clean()`` and writes exactly one audit entry describing what it did.
Audit details hold ids, codes and counts only: never passwords, codes, typed
email addresses of unknown accounts, or a confidential address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg.accounts.models import (
    District,
    Membership,
    Organisation,
    StaffSession,
    StaffSessionEndReason,
    StaffSessionQuerySet,
    User,
)
from vawg.audit.services import audit_record, client_ip

# Called with the user, inside user_disable's transaction, after their sessions end.
# Higher apps register here from AppConfig.ready() (the API app revokes tokens);
# accounts never imports them.
ON_USER_DISABLED: list[Callable[[User], None]] = []

RECOVERY_CODE_COUNT = 10
# StaffSession.last_seen_at is written at most this often (the idle timeout itself reads the session).
LAST_SEEN_WRITE_INTERVAL = timedelta(minutes=1)

_END_ACTIONS = {
    StaffSessionEndReason.SIGNED_OUT: "accounts.sign_out",
    StaffSessionEndReason.IDLE: "accounts.session_expired",
    StaffSessionEndReason.ABSOLUTE: "accounts.session_expired",
}


def _delete_django_sessions(session_keys: Iterable[str]) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in session_keys:
        store(session_key=key).delete()


def _end_sessions(sessions: StaffSessionQuerySet, *, reason: StaffSessionEndReason) -> int:
    """End open staff sessions and delete their server-side sessions. Returns how many ended."""
    keys = list(sessions.open().values_list("session_key", flat=True))
    if not keys:
        return 0
    StaffSession.objects.filter(session_key__in=keys).update(ended_at=timezone.now(), ended_reason=reason)
    _delete_django_sessions(keys)
    return len(keys)


# Staff sessions ---------------------------------------------------------------------------------


@transaction.atomic
def staff_session_start(
    *, user: User, session_key: str, method: str, request: HttpRequest | None = None
) -> StaffSession:
    """Record a completed sign-in (password and second factor). Writes "accounts.sign_in"."""
    now = timezone.now()
    staff_session = StaffSession(
        user=user, session_key=session_key, started_at=now, last_seen_at=now, ip=client_ip(request)
    )
    staff_session.full_clean()
    staff_session.save()
    audit_record(
        action="accounts.sign_in",
        actor=user,
        obj=staff_session,
        request=request,
        details={"method": method},
    )
    return staff_session


@transaction.atomic
def staff_session_end(
    *,
    user: User,
    session_key: str | None,
    reason: StaffSessionEndReason,
    ended_by: User | None = None,
    request: HttpRequest | None = None,
) -> None:
    """End the staff session for ``session_key`` (sign-out, timeout, lost access).

    Writes one entry: "accounts.sign_out", "accounts.session_expired" or "accounts.session_ended".
    The caller deletes or flushes the browser's session itself.
    """
    staff_session = StaffSession.objects.open().for_session_key(session_key).filter(user=user).first()
    if staff_session is not None:
        staff_session.ended_at = timezone.now()
        staff_session.ended_reason = reason
        staff_session.full_clean()
        staff_session.save(update_fields=["ended_at", "ended_reason", "updated_at"])
    action = _END_ACTIONS.get(reason, "accounts.session_ended")
    audit_record(
        action=action,
        actor=ended_by,
        system_job="" if ended_by is not None else "staff-session",
        obj=user,
        request=request,
        details={"reason": str(reason), "staff_session": str(staff_session.pk) if staff_session else ""},
    )


def staff_session_touch(*, staff_session: StaffSession) -> None:
    """Note activity on a session, at most once a minute.

    Bookkeeping only (the idle timeout reads the session itself), so no audit entry:
    one per request would bury the entries that matter.
    """
    now = timezone.now()
    if now - staff_session.last_seen_at >= LAST_SEEN_WRITE_INTERVAL:
        StaffSession.objects.filter(pk=staff_session.pk).update(last_seen_at=now)
        staff_session.last_seen_at = now


@transaction.atomic
def sessions_end_all_for_user(
    *, user: User, ended_by: User, keep_session_key: str | None = None, request: HttpRequest | None = None
) -> int:
    """End every live session of ``user`` except ``keep_session_key``. Returns how many ended."""
    reason = StaffSessionEndReason.ENDED_BY_USER if ended_by.pk == user.pk else StaffSessionEndReason.ENDED_BY_ADMIN
    sessions = StaffSession.objects.for_user(user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    count = _end_sessions(sessions, reason=reason)
    audit_record(
        action="accounts.sessions_end_all",
        actor=ended_by,
        obj=user,
        request=request,
        details={"sessions_ended": count, "kept_current": bool(keep_session_key)},
    )
    return count


def sign_in_failure_record(*, user: User | None, reason: str, request: HttpRequest | None = None) -> None:
    """Audit a refused sign-in step. Only the id of an existing account is kept, never a typed email."""
    audit_record(
        action="accounts.sign_in_failed",
        system_job="sign-in",
        obj=user,
        request=request,
        details={"reason": reason},
    )


# Authenticators ---------------------------------------------------------------------------------


@transaction.atomic
def totp_device_prepare(*, user: User, device_id: int | None = None) -> TOTPDevice:
    """The unconfirmed authenticator a user is setting up: the one already shown, or a new one.

    Any other unconfirmed device of the user is removed, so only the secret on screen can be confirmed.
    """
    unconfirmed = TOTPDevice.objects.filter(user=user, confirmed=False)
    if device_id is not None:
        existing = unconfirmed.filter(pk=device_id).first()
        if existing is not None:
            return existing
    unconfirmed.delete()
    device = TOTPDevice(user=user, name="Authenticator app", confirmed=False)
    device.full_clean()
    device.save()
    audit_record(action="accounts.mfa_enrolment_start", actor=user, obj=user, details={"device": device.pk})
    return device


@transaction.atomic
def mfa_enrolment_confirm(*, device: TOTPDevice, request: HttpRequest | None = None) -> list[str]:
    """Confirm a checked authenticator and issue new recovery codes. Returns the codes (shown once)."""
    user = device.user
    device.confirmed = True
    device.full_clean()
    device.save()
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice(user=user, name="Recovery codes", confirmed=True)
    recovery.full_clean()
    recovery.save()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    audit_record(
        action="accounts.mfa_enrol",
        actor=user,
        obj=user,
        request=request,
        details={"device": device.pk, "recovery_codes": len(codes)},
    )
    return codes


@transaction.atomic
def mfa_reset(*, user: User, reset_by: User, request: HttpRequest | None = None) -> None:
    """Remove all of a user's authenticators and recovery codes; they set up a new app at next sign-in.

    Their live sessions end too. Nobody ever sees or sets another user's password.
    """
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    ended = _end_sessions(StaffSession.objects.for_user(user), reason=StaffSessionEndReason.MFA_RESET)
    audit_record(
        action="accounts.mfa_reset",
        actor=reset_by,
        obj=user,
        request=request,
        details={"devices_removed": removed, "sessions_ended": ended},
    )


# Users ------------------------------------------------------------------------------------------


@transaction.atomic
def user_create(*, email: str, full_name: str, created_by: User) -> User:
    """A new member of staff. They have no usable password and no authenticator yet."""
    user = User(email=email.strip().lower(), full_name=full_name.strip())
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(action="accounts.user_create", actor=created_by, obj=user)
    return user


@transaction.atomic
def user_update(*, user: User, email: str, full_name: str, updated_by: User) -> User:
    changed = [
        name
        for name, value in (("email", email.strip().lower()), ("full_name", full_name.strip()))
        if getattr(user, name) != value
    ]
    user.email = email.strip().lower()
    user.full_name = full_name.strip()
    user.full_clean()
    user.save()
    audit_record(action="accounts.user_update", actor=updated_by, obj=user, details={"changed": changed})
    return user


@transaction.atomic
def user_disable(*, user: User, disabled_by: User, reason: str, request: HttpRequest | None = None) -> None:
    """Disable a user at once: every session ends and every API token is revoked (security.md #14)."""
    user.is_active = False
    user.disabled_at = timezone.now()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["is_active", "disabled_at", "updated_at"])
    ended = _end_sessions(StaffSession.objects.for_user(user), reason=StaffSessionEndReason.USER_DISABLED)
    for hook in ON_USER_DISABLED:
        hook(user)
    audit_record(
        action="accounts.user_disable",
        actor=disabled_by,
        obj=user,
        request=request,
        details={"reason": reason[:200], "sessions_ended": ended},
    )


@transaction.atomic
def user_enable(*, user: User, enabled_by: User, request: HttpRequest | None = None) -> None:
    user.is_active = True
    user.disabled_at = None
    user.full_clean(exclude=["password"])
    user.save(update_fields=["is_active", "disabled_at", "updated_at"])
    audit_record(action="accounts.user_enable", actor=enabled_by, obj=user, request=request)


# Memberships ------------------------------------------------------------------------------------


@transaction.atomic
def membership_add(*, user: User, organisation: Organisation, role: str, added_by: User) -> Membership:
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    audit_record(
        action="accounts.membership_add",
        actor=added_by,
        obj=membership,
        agency_id=organisation.pk,
        details={"user": str(user.pk), "role": role},
    )
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, ended_by: User, at: Any = None) -> Membership:
    membership.ended_at = at or timezone.now()
    membership.full_clean()
    membership.save(update_fields=["ended_at", "updated_at"])
    audit_record(
        action="accounts.membership_end",
        actor=ended_by,
        obj=membership,
        agency_id=membership.organisation_id,
        details={"user": str(membership.user_id), "role": membership.role},
    )
    return membership


# Agencies and districts -------------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *,
    name: str,
    type: str,
    created_by: User,
    districts: Iterable[District] = (),
    is_active: bool = True,
    confidential_address: str = "",
) -> Organisation:
    organisation = Organisation(name=name, type=type, is_active=is_active, confidential_address=confidential_address)
    organisation.full_clean()
    organisation.save()
    organisation.districts.set(list(districts))
    audit_record(
        action="accounts.organisation_create",
        actor=created_by,
        obj=organisation,
        agency_id=organisation.pk,
        details={"has_confidential_address": bool(confidential_address)},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    updated_by: User,
    name: str,
    type: str,
    districts: Iterable[District],
    is_active: bool,
    confidential_address: str | None = None,
) -> Organisation:
    """Change an agency. ``confidential_address=None`` keeps the stored address; "" removes it."""
    before = Organisation.objects.get(pk=organisation.pk)
    organisation.name, organisation.type, organisation.is_active = name, type, is_active
    changed = [
        field for field in ("name", "type", "is_active") if getattr(before, field) != getattr(organisation, field)
    ]
    if confidential_address is not None and confidential_address != before.confidential_address:
        organisation.confidential_address = confidential_address
        changed.append("confidential_address")
    organisation.full_clean()
    organisation.save()
    new_districts = list(districts)
    if {district.pk for district in new_districts} != set(before.districts.values_list("pk", flat=True)):
        organisation.districts.set(new_districts)
        changed.append("districts")
    audit_record(
        action="accounts.organisation_update",
        actor=updated_by,
        obj=organisation,
        agency_id=organisation.pk,
        details={"changed": changed},
    )
    return organisation


@transaction.atomic
def district_create(*, name: str, slug: str, created_by: User) -> District:
    district = District(name=name, slug=slug)
    district.full_clean()
    district.save()
    audit_record(action="accounts.district_create", actor=created_by, obj=district)
    return district


@transaction.atomic
def district_update(*, district: District, name: str, slug: str, updated_by: User) -> District:
    district.name, district.slug = name, slug
    district.full_clean()
    district.save()
    audit_record(action="accounts.district_update", actor=updated_by, obj=district)
    return district
