"""One-time set-up links: a person sets their own password, then their authenticator."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import (
    Membership,
    Organisation,
    SetupLink,
    SetupLinkPurpose,
    StaffSession,
    StaffSessionEndReason,
    User,
    setup_token_hash,
)
from vawg.accounts.roles import Role
from vawg.accounts.services._common import end_sessions
from vawg.accounts.services.directory import membership_add, organisation_create, user_create
from vawg.accounts.services.sessions import remove_authenticators
from vawg.audit.services import audit_record, require_one_author
from vawg.core.models import save_valid

# A set-up link's token: 32 random bytes, URL-safe base64 (43 characters). Only its SHA-256 is stored.
SETUP_TOKEN_BYTES = 32


@transaction.atomic
def setup_link_create(
    *,
    user: User,
    purpose: str,
    by: User | None = None,
    system_job: str = "",
    request: HttpRequest | None = None,
) -> tuple[SetupLink, str]:
    """A one-time link with which ``user`` sets their own password. Returns the link and its token.

    The token is returned once, to be passed on by a safe channel; only its hash is
    stored. Earlier unused links of the user stop working. A "reset" also removes
    the user's password, authenticators and recovery codes and ends their sessions,
    so the link's holder must set a new password AND a new authenticator.
    """
    require_one_author(by=by, system_job=system_job)
    if not user.is_active:
        raise ValidationError("This user is disabled. Enable them before you create a set-up link.", code="disabled")
    if purpose not in SetupLinkPurpose.values:
        raise ValidationError(f"Unknown set-up link purpose {purpose!r}.", code="purpose")
    now = timezone.now()
    revoked = SetupLink.objects.filter(user=user).unused().update(revoked_at=now, updated_at=now)
    removed = ended = 0
    if purpose == SetupLinkPurpose.RESET:
        removed, ended = remove_authenticators(user)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(update_fields=["password", "updated_at"])
    token = secrets.token_urlsafe(SETUP_TOKEN_BYTES)
    link = SetupLink(
        user=user,
        token_hash=setup_token_hash(token),
        purpose=purpose,
        created_by=by,
        created_by_label=by.get_username() if by is not None else system_job,
    )
    save_valid(link)
    audit_record(
        action="accounts.setup_link.create",
        obj=user,
        request=request,
        details={
            "link": str(link.pk),
            "purpose": purpose,
            "expires_at": link.expires_at.isoformat(),
            "earlier_links_revoked": revoked,
            "devices_removed": removed,
            "sessions_ended": ended,
        },
        by=by,
        system_job=system_job,
    )
    return link, token


def _setup_link_refused(link: SetupLink, *, reason: str, request: HttpRequest | None) -> None:
    audit_record(
        action="accounts.setup_link.refuse",
        system_job="set-up-link",
        obj=link.user,
        request=request,
        details={"reason": reason or link.state(), "link": str(link.pk)},
    )


@transaction.atomic
def setup_link_failure_record(*, link: SetupLink, reason: str = "", request: HttpRequest | None = None) -> None:
    """Audit a refused set-up link: used, revoked, expired, for a disabled user, or a refused password.

    Only real links are recorded (a token that matches no link is not: anyone could
    send those and fill the log). Never records the token; the link's id and its user.
    """
    _setup_link_refused(link, reason=reason, request=request)


@transaction.atomic
def setup_link_use(*, link: SetupLink, password: str, request: HttpRequest | None = None) -> User | None:
    """Set the link's user's password and use up the link. Returns the user, or None if the link does not work.

    The caller has checked the link's token (and keeps only the link's id meanwhile).
    The user is NOT signed in: the caller sends them to the second-factor step
    (signin.pending_start_after_setup), so a link and a password never make a session alone.
    Their sessions end, and a sign-in lockout on the account is lifted: holding the
    link is the proof an administrator asked for.
    """
    usable = SetupLink.objects.select_for_update().usable().filter(pk=link.pk).select_related("user").first()
    if usable is None:
        current = SetupLink.objects.select_related("user").get(pk=link.pk)
        _setup_link_refused(current, reason="", request=request)
        return None
    link = usable
    user = link.user
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save(update_fields=["password", "updated_at"])
    link.used_at = timezone.now()
    save_valid(link, update_fields=["used_at", "updated_at"])
    ended = end_sessions(StaffSession.objects.for_user(user), reason=StaffSessionEndReason.PASSWORD_SET)
    lockout = AccessAttempt.objects.filter(username=user.get_username())
    lockout_records = lockout.count()
    lockout.delete()
    audit_record(
        action="accounts.setup_link.use",
        by=user,
        obj=user,
        request=request,
        details={
            "link": str(link.pk),
            "purpose": link.purpose,
            "sessions_ended": ended,
            "lockout_records_removed": lockout_records,
        },
    )
    return user


# Bootstrapping a partnership (manage.py create_admin) -------------------------------------------


@dataclass(frozen=True)
class AdminBootstrap:
    user: User
    organisation: Organisation
    link: SetupLink
    token: str
    created: tuple[str, ...]  # what was new: "agency", "user", "membership"


@transaction.atomic
def admin_bootstrap(
    *,
    email: str,
    full_name: str,
    agency_name: str,
    agency_type: str,
    reset: bool = False,
    system_job: str = "create_admin",
) -> AdminBootstrap:
    """A system administrator for a new partnership: the agency, the user and an admin membership
    (each found or created through the services above), and a set-up link for them.

    Refuses (ValidationError) a disabled user or an inactive agency, and a user who is
    already an administrator with a password unless ``reset`` (which then removes their
    password and authenticators: the link sets both again).
    """
    email, agency_name = email.strip().lower(), agency_name.strip()
    created: list[str] = []
    organisation = Organisation.objects.filter(name=agency_name).first()
    if organisation is None:
        organisation = organisation_create(name=agency_name, type=agency_type, system_job=system_job)
        created.append("agency")
    elif not organisation.is_active:
        raise ValidationError(f"The agency {agency_name!r} exists but is inactive. Make it active first.")
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(email=email, full_name=full_name, system_job=system_job)
        created.append("user")
    elif not user.is_active:
        raise ValidationError(f"The account {email} is disabled. Enable it on the administration site first.")
    elif user.has_usable_password() and user.memberships.active().filter(role=Role.ADMIN).exists() and not reset:
        raise ValidationError(
            f"{email} is already a system administrator and has a password. "
            "To give them a new password and authenticator, run the command again with --reset."
        )
    membership = Membership.objects.filter(user=user, organisation=organisation, role=Role.ADMIN, ended_at__isnull=True)
    if not membership.exists():
        membership_add(user=user, organisation=organisation, role=Role.ADMIN, system_job=system_job)
        created.append("membership")
    purpose = SetupLinkPurpose.RESET if reset else SetupLinkPurpose.NEW_ACCOUNT
    link, token = setup_link_create(user=user, purpose=purpose, system_job=system_job)
    return AdminBootstrap(user=user, organisation=organisation, link=link, token=token, created=tuple(created))
