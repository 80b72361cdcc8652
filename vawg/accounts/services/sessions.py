"""Staff sessions, sign-in failures, authenticators and lockouts."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg.accounts.models import StaffSession, StaffSessionEndReason, User
from vawg.accounts.services._common import end_sessions
from vawg.audit.services import (
    audit_record,
    audit_repeat_take,
    client_ip,
    rate_allowance_take,
    rate_count_clear,
    rate_count_get,
    rate_key,
)
from vawg.core.models import save_valid

RECOVERY_CODE_COUNT = 10
# StaffSession.last_seen_at is written at most this often (the idle timeout itself reads the session).
LAST_SEEN_WRITE_INTERVAL = timedelta(minutes=1)

# Sign-in throttles (docs/security.md#s-4): failed steps per client address and minute, and wrong
# passwords or codes per account (by the email typed, known or not) and clock hour from all addresses.
ADDRESS_SCOPE = "accounts.sign_in_fail.address"
ACCOUNT_SCOPE = "accounts.sign_in_fail.account"
ADDRESS_WINDOW = 60
ACCOUNT_WINDOW = 60 * 60
# The refusals that were a guess at a password or code (not a refusal of a locked or unready account).
GUESSES = frozenset({"bad-credentials", "bad-code", "bad-enrolment-code"})

# Why a session ended -> the audit action: signing out, a timeout, or an end for any other reason.
END_ACTIONS: dict[str, str] = {
    StaffSessionEndReason.SIGNED_OUT: "accounts.user.sign_out",
    StaffSessionEndReason.IDLE: "accounts.session.expire",
    StaffSessionEndReason.ABSOLUTE: "accounts.session.expire",
    StaffSessionEndReason.ENDED_BY_USER: "accounts.session.end",
    StaffSessionEndReason.ENDED_BY_ADMIN: "accounts.session.end",
    StaffSessionEndReason.USER_DISABLED: "accounts.session.end",
    StaffSessionEndReason.MFA_RESET: "accounts.session.end",
    StaffSessionEndReason.NO_ACCESS: "accounts.session.end",
    StaffSessionEndReason.PASSWORD_SET: "accounts.session.end",
}


# Staff sessions ---------------------------------------------------------------------------------


@transaction.atomic
def staff_session_start(
    *, user: User, session_key: str, method: str, request: HttpRequest | None = None
) -> StaffSession:
    """Record a completed sign-in (password and second factor). Writes "accounts.user.sign_in"."""
    now = timezone.now()
    staff_session = StaffSession(
        user=user, session_key=session_key, started_at=now, last_seen_at=now, ip=client_ip(request)
    )
    save_valid(staff_session)
    audit_record(
        action="accounts.user.sign_in",
        by=user,
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
    by: User | None = None,
    request: HttpRequest | None = None,
) -> None:
    """End the staff session for ``session_key`` (sign-out, timeout, lost access).

    Writes one entry: "accounts.user.sign_out", "accounts.session.expire" or "accounts.session.end".
    The caller deletes or flushes the browser's session itself.
    """
    staff_session = StaffSession.objects.open().for_session_key(session_key).filter(user=user).first()
    if staff_session is not None:
        staff_session.ended_at = timezone.now()
        staff_session.ended_reason = reason
        save_valid(staff_session, update_fields=["ended_at", "ended_reason", "updated_at"])
    audit_record(
        action=END_ACTIONS[reason],
        by=by,
        system_job="" if by is not None else "staff-session",
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
    *, user: User, by: User, keep_session_key: str | None = None, request: HttpRequest | None = None
) -> int:
    """End every live session of ``user`` except ``keep_session_key``. Returns how many ended."""
    reason = StaffSessionEndReason.ENDED_BY_USER if by.pk == user.pk else StaffSessionEndReason.ENDED_BY_ADMIN
    sessions = StaffSession.objects.for_user(user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    count = end_sessions(sessions, reason=reason)
    audit_record(
        action="accounts.session.end_all",
        by=by,
        obj=user,
        request=request,
        details={"sessions_ended": count, "kept_current": bool(keep_session_key)},
    )
    return count


def sign_in_address_allowed(*, request: HttpRequest) -> bool:
    """False once this client address has had LOGIN_ADDRESS_FAILURES_PER_MINUTE refused sign-in steps
    this minute: the sign-in views then answer 429 before checking (or writing) anything."""
    failures = rate_count_get(key=rate_key(client_ip(request)), scope=ADDRESS_SCOPE, window=ADDRESS_WINDOW)
    return failures < settings.LOGIN_ADDRESS_FAILURES_PER_MINUTE


def account_failures(*, email: str) -> int:
    """Wrong passwords and codes for ``email`` (as typed, normalised) this clock hour, from every address."""
    return rate_count_get(key=rate_key(email), scope=ACCOUNT_SCOPE, window=ACCOUNT_WINDOW)


@transaction.atomic
def sign_in_failure_record(
    *, user: User | None, reason: str, request: HttpRequest | None = None, email: str = ""
) -> None:
    """Count a refused sign-in step and audit it. Only the id of an existing account is kept, never a typed email.

    A wrong password or code counts towards the account's hourly limit, keyed (as a keyed hash) by
    ``email``, the address typed (default: ``user``'s), so unknown emails are counted like known ones.
    Each step counts towards the client address's allowance; past it nothing more is written. At
    most one audit entry a minute per client address, account and reason: it says how many refused
    steps it stands for ("attempts"), and the others are counted only (vawg.audit.services).
    """
    email = email or (user.get_username() if user is not None else "")
    if reason in GUESSES and email:
        rate_allowance_take(key=rate_key(email), scope=ACCOUNT_SCOPE, window=ACCOUNT_WINDOW)
    allowed = settings.LOGIN_ADDRESS_FAILURES_PER_MINUTE
    if not rate_allowance_take(
        key=rate_key(client_ip(request)), scope=ADDRESS_SCOPE, window=ADDRESS_WINDOW, allowed=allowed
    ):
        return
    subject = f"{reason}:{user.pk if user is not None else ''}"
    attempts = audit_repeat_take(action="accounts.user.sign_in_fail", request=request, subject=subject)
    if attempts is None:
        return
    audit_record(
        action="accounts.user.sign_in_fail",
        system_job="sign-in",
        obj=user,
        request=request,
        details={"reason": reason, "attempts": attempts},
    )


def code_confirm_record(*, by: User, confirmed: bool, request: HttpRequest | None = None) -> None:
    """Audit a code entered to confirm it is them before a sensitive step (step-up), right or wrong."""
    audit_record(
        action="accounts.code.confirm" if confirmed else "accounts.code.refuse",
        by=by,
        obj=by,
        request=request,
        details={"purpose": "step-up"},
    )


# Authenticators ---------------------------------------------------------------------------------


@transaction.atomic
def mfa_enrolment_confirm(*, device: TOTPDevice, request: HttpRequest | None = None) -> list[str]:
    """Save a checked authenticator (built, unsaved, during set-up) as confirmed and issue new recovery codes.

    Returns the codes (shown once). Refuses (ValidationError) a user who already has a
    confirmed authenticator, so two submissions of one set-up cannot make two.
    """
    user = User.objects.select_for_update().get(pk=device.user_id)
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        raise ValidationError("This user already has an authenticator.", code="has_authenticator")
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device.user = user
    device.confirmed = True
    save_valid(device)
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice(user=user, name="Recovery codes", confirmed=True)
    save_valid(recovery)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    audit_record(
        action="accounts.mfa.enrol",
        by=user,
        obj=user,
        request=request,
        details={"device": device.pk, "recovery_codes": len(codes)},
    )
    return codes


def remove_authenticators(user: User) -> tuple[int, int]:
    """Delete every authenticator and recovery code of ``user`` and end their sessions. Returns both counts.

    Only ever together with removing their password (setup_link_create, purpose "reset"):
    with a password left, whoever knows it would be one step from a new authenticator.
    """
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    ended = end_sessions(StaffSession.objects.for_user(user), reason=StaffSessionEndReason.MFA_RESET)
    return removed, ended


# Sign-in lockouts (django-axes) -----------------------------------------------------------------


@transaction.atomic
def lockout_clear(*, attempt: AccessAttempt, by: User, request: HttpRequest | None = None) -> int:
    """Lift an account's sign-in lockout early: remove every failed-attempt record for its username
    (from every address) and its count towards the hourly account-wide limit.

    Returns how many records were removed. The audit entry names the account only
    if one exists with that email: a typed email of an unknown person is never kept.
    """
    attempts = AccessAttempt.objects.filter(username=attempt.username)
    failures = sum(attempts.values_list("failures_since_start", flat=True))
    removed: int = attempts.count()
    attempts.delete()
    if attempt.username:
        rate_count_clear(key=rate_key(attempt.username), scope=ACCOUNT_SCOPE)
    user = User.objects.filter(email=attempt.username).first() if attempt.username else None
    audit_record(
        action="accounts.lockout.clear",
        by=by,
        obj=user,
        request=request,
        details={"failures": failures, "records_removed": removed, "known_account": user is not None},
    )
    return removed
