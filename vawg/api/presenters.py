"""Display values for the API token pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vawg.api.models import ApiToken
from vawg.core.presenters import Tag

STATUS_COLOURS = {"Active": "green", "Expired": "grey", "Revoked": "red"}


@dataclass(frozen=True)
class TokenRow:
    token: ApiToken
    status: Tag
    revocable: bool


def token_rows(tokens: Iterable[ApiToken]) -> list[TokenRow]:
    return [
        TokenRow(
            token=token,
            status=Tag(token.status, STATUS_COLOURS.get(token.status, "")),
            revocable=token.status == "Active",
        )
        for token in tokens
    ]
