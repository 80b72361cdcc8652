"""Making, using and revoking personal API tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import User
from vawg.api.models import TOKEN_PREFIX, ApiToken, hash_secret
from vawg.audit.models import AuditEntry
from vawg.audit.services import audit_record, audit_repeat_take, client_ip, rate_allowance_take, rate_key
from vawg.core.models import save_valid

MAX_TOKEN_DAYS = 366
# last_used_at is written at most this often, so busy clients do not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    by: User | None,
    system_job: str = "",
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for ``user`` and return it with the plain token, which is never available again."""
    if not user.is_active or not user.has_perm("api.use_api"):
        raise PermissionDenied("This user may not use the API.")
    if days is not None and not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError({"expires_at": f"A token must last between 1 and {MAX_TOKEN_DAYS} days."})
    token = ApiToken(user=user, name=name.strip())
    token.prefix = token.id.hex[:8]
    secret = secrets.token_urlsafe(32)
    token.token_hash = hash_secret(secret)
    if days is not None:
        token.expires_at = timezone.now() + timedelta(days=days)
    save_valid(token)
    audit_record(
        action="api.token.create",
        by=by,
        system_job=system_job,
        obj=token,
        details={"user_id": str(user.pk), "prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
    )
    return token, f"{TOKEN_PREFIX}_{token.prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User | None, reason: str, system_job: str = "") -> ApiToken:
    """Revoke one token. Revoking a revoked token changes nothing and writes no entry."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_reason = reason.strip()[:200]
    save_valid(token, update_fields=["revoked_at", "revoked_reason", "updated_at"])
    audit_record(
        action="api.token.revoke",
        by=by,
        system_job=system_job,
        obj=token,
        details={"user_id": str(token.user_id), "prefix": token.prefix, "reason": token.revoked_reason},
    )
    return token


@transaction.atomic
def api_tokens_revoke_all_for_user(*, user: User, by: User | None, reason: str, system_job: str = "") -> int:
    """Revoke every token ``user`` holds that is not revoked yet; return how many."""
    tokens = list(ApiToken.objects.owned_by(user).not_revoked().select_for_update())
    for token in tokens:
        api_token_revoke(token=token, by=by, reason=reason, system_job=system_job)
    return len(tokens)


def revoke_tokens_of_disabled_user(user: User) -> None:
    """Registered in vawg.accounts.hooks.ON_USER_DISABLED: a disabled user's tokens end with the account."""
    api_tokens_revoke_all_for_user(user=user, by=None, reason="User disabled", system_job="user_disabled")


def api_token_record_use(*, token: ApiToken) -> None:
    """Note when a token was last used (at most once a minute).

    No audit entry of its own: every API call already writes one ("api.call.serve").
    A single UPDATE, so concurrent calls cannot lose anything that matters.
    """
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


# Calls without a usable token (docs/security.md#s-4) -------------------------------------------------

UNAUTHENTICATED_SCOPE = "api.call.unauthenticated"
# An unknown URL can hold anything: the log keeps this much of a path, marked when cut.
MAX_LOGGED_PATH = 200
CUT_MARK = "\u2026"


def logged_path(path: str) -> str:
    """``path`` as the audit log keeps it: at most MAX_LOGGED_PATH characters, ending in "\u2026" when cut."""
    return path if len(path) <= MAX_LOGGED_PATH else path[: MAX_LOGGED_PATH - len(CUT_MARK)] + CUT_MARK


def api_call_allowance_take(*, request: HttpRequest) -> bool:
    """Count one call without a usable token from this client address; False once it has made
    API_UNAUTHENTICATED_PER_MINUTE this minute (then answer 429 and write nothing else)."""
    return rate_allowance_take(
        key=rate_key(client_ip(request)),
        scope=UNAUTHENTICATED_SCOPE,
        window=60,
        allowed=settings.API_UNAUTHENTICATED_PER_MINUTE,
    )


@transaction.atomic
def api_call_unauthenticated_record(*, request: HttpRequest, status: int) -> AuditEntry | None:
    """Audit a call without a usable token: one entry per client address a minute, which says how
    many calls it stands for ("attempts"); the others in that minute are counted, not logged."""
    attempts = audit_repeat_take(action="api.call.serve", request=request, subject="unauthenticated")
    if attempts is None:
        return None
    return audit_record(
        action="api.call.serve",
        system_job="api",
        request=request,
        details={
            "method": (request.method or "")[:10],
            "path": logged_path(request.path),
            "status": status,
            "reason": "unauthenticated",
            "attempts": attempts,
        },
    )
