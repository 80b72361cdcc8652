"""Helpers for the API tests: a token for a persona, and calls that carry it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from vawg.accounts.models import User
from vawg.api.services import api_token_create
from vawg.audit.models import AuditEntry


@pytest.fixture
def make_token(db: None) -> Callable[..., str]:
    """``make_token(user, name="...", days=None)``: a new token's plain text."""

    def make(user: User, name: str = "Test script", days: int | None = None) -> str:
        return api_token_create(user=user, name=name, by=user, days=days)[1]

    return make


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def api_calls() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="api.call.serve").order_by("seq"))


@pytest.fixture
def client() -> Client:
    return Client()
