"""Personal API tokens.

A token is shown to its owner once, when it is made, as
``vawg_<prefix>_<secret>``. Only the prefix (to find the row and to show in
lists) and a SHA-256 hash of the secret are stored: the secret is 256 bits from
``secrets``, so a fast hash is enough and the database never holds a usable token.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from vawg.core.models import BaseModel

if TYPE_CHECKING:
    from vawg.accounts.models import User

TOKEN_PREFIX = "vawg"  # noqa: S105 - the fixed start of every token, not a secret
# vawg_<8 hex>_<43 url-safe base64 characters> (secrets.token_urlsafe(32)).
TOKEN_PATTERN = re.compile(r"vawg_([0-9a-f]{8})_([A-Za-z0-9_-]{43})")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(token: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed token, or None."""
    match = TOKEN_PATTERN.fullmatch(token)
    return (match.group(1), match.group(2)) if match else None


def default_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        """Not revoked, not expired, and the owner's account is active."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)

    def owned_by(self, user: User) -> ApiTokenQuerySet:
        return self.filter(user=user)

    def not_revoked(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(BaseModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, so its owner can tell tokens apart.")
    # First 8 hex characters of the token's id: finds the row, and is safe to show.
    prefix = models.CharField(max_length=8, db_index=True, editable=False)
    # SHA-256 (hex) of the secret part. The token itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(default=default_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Active"
