"""Reads for the API token pages: one token, only its owner's."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404

from vawg.accounts.models import User
from vawg.api.models import ApiToken


def api_token_get_for(*, user: User, token_id: UUID) -> ApiToken:
    """``user``'s own token ``token_id``; Http404 for anyone else's, as for one that does not exist."""
    token = ApiToken.objects.owned_by(user).filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token.")
    return token
