"""Bearer-token authentication for the API.

``Authorization: Bearer vawg_<prefix>_<secret>``. The row is found by prefix and
the secret's hash compared in constant time. A token works only while it is not
revoked or expired and its owner is active and still holds "api.use_api", so
disabling a user (or ending their last membership) stops their tokens at once.
Sessions and cookies never authenticate an API call.
"""

from __future__ import annotations

import hmac

from django.http import HttpRequest
from ninja.security import HttpBearer

from vawg.api.models import ApiToken, hash_secret, split_token
from vawg.api.services import api_token_record_use

# Longer headers are refused before any parsing or hashing.
MAX_HEADER_LENGTH = 200


def token_from_header(header: str) -> ApiToken | None:
    """The usable token an ``Authorization`` header carries, or None."""
    if not header or len(header) > MAX_HEADER_LENGTH:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    parts = split_token(value)
    if parts is None:
        return None
    prefix, secret = parts
    digest = hash_secret(secret)
    for token in ApiToken.objects.usable().filter(prefix=prefix).select_related("user"):
        if hmac.compare_digest(token.token_hash, digest):
            if not token.user.has_perm("api.use_api"):
                return None
            return token
    return None


class ApiTokenAuth(HttpBearer):
    """The API's authentication: sets ``request.user`` and ``request.auth`` to the token's user and token."""

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        # Overridden (not HttpBearer's) so a malformed header is never logged, even with DEBUG on.
        token = token_from_header(request.headers.get("Authorization", ""))
        if token is None:
            return None
        request.user = token.user
        api_token_record_use(token=token)
        return token

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:  # pragma: no cover - unused
        return token_from_header(f"Bearer {token}")
