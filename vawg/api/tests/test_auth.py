"""Bearer tokens: what authenticates an API call and what does not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from vawg.accounts.models import Membership, User
from vawg.api.models import ApiToken
from vawg.api.services import api_token_revoke
from vawg.api.tests.conftest import bearer

ME = "/api/v1/me"


def test_it_serves_a_call_with_a_valid_token(client: Client, idva_a: User, make_token: Callable[..., str]) -> None:
    response = client.get(ME, **bearer(make_token(idva_a)))

    assert response.status_code == 200
    assert response.json()["email"] == idva_a.email


def test_it_accepts_the_scheme_in_any_case(client: Client, idva_a: User, make_token: Callable[..., str]) -> None:
    response = client.get(ME, HTTP_AUTHORIZATION=f"bearer {make_token(idva_a)}")

    assert response.status_code == 200


def test_it_refuses_a_call_without_a_token(client: Client, db: None) -> None:
    response = client.get(ME)

    assert response.status_code == 401
    assert response.json() == {"detail": "Send a valid API token"}
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_refuses_a_staff_session_instead_of_a_token(idva_a: User, signed_in: Callable[[User], Client]) -> None:
    response = signed_in(idva_a).get(ME)

    assert response.status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "{token}",  # no scheme
        "Bearer",
        "Bearer ",
        "Token {token}",
        "Basic {token}",
        "Bearer  {token}",
        "Bearer {token}x",
        "Bearer {token} extra",
        "Bearer {wrong_secret}",
        "Bearer {wrong_prefix}",
        "Bearer vawg__",
        "Bearer " + "A" * 5000,
        "Bearer {token}\n",
    ],
)
def test_it_refuses_a_malformed_or_wrong_header(
    client: Client, idva_a: User, make_token: Callable[..., str], header: str
) -> None:
    token = make_token(idva_a)
    wrong_secret = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    wrong_prefix = "vawg_00000000_" + token.split("_", 2)[2]

    response = client.get(
        ME, HTTP_AUTHORIZATION=header.format(token=token, wrong_secret=wrong_secret, wrong_prefix=wrong_prefix)
    )

    assert response.status_code == 401
    assert response.json() == {"detail": "Send a valid API token"}


def test_it_refuses_an_expired_token(client: Client, idva_a: User, make_token: Callable[..., str]) -> None:
    token = make_token(idva_a, days=7)

    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        response = client.get(ME, **bearer(token))

    assert response.status_code == 401


def test_it_refuses_a_revoked_token(client: Client, idva_a: User, make_token: Callable[..., str]) -> None:
    token = make_token(idva_a)
    api_token_revoke(token=ApiToken.objects.get(), by=idva_a, reason="Lost laptop")

    assert client.get(ME, **bearer(token)).status_code == 401


def test_it_refuses_a_disabled_users_token_at_once(
    client: Client, idva_a: User, make_token: Callable[..., str]
) -> None:
    token = make_token(idva_a)
    assert client.get(ME, **bearer(token)).status_code == 200

    # Disabled directly (no service, no hook): the auth class must refuse on its own.
    User.objects.filter(pk=idva_a.pk).update(is_active=False, disabled_at=timezone.now())

    assert client.get(ME, **bearer(token)).status_code == 401


def test_it_refuses_a_user_whose_last_membership_ended(
    client: Client, idva_a: User, make_token: Callable[..., str]
) -> None:
    token = make_token(idva_a)
    Membership.objects.filter(user=idva_a).update(ended_at=timezone.now() - timedelta(seconds=1))

    assert client.get(ME, **bearer(token)).status_code == 401


def test_it_records_last_use_at_most_once_a_minute(
    client: Client, idva_a: User, make_token: Callable[..., str]
) -> None:
    token = make_token(idva_a)
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        client.get(ME, **bearer(token))
    first = ApiToken.objects.get().last_used_at
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get(ME, **bearer(token))
    unchanged = ApiToken.objects.get().last_used_at
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get(ME, **bearer(token))
    later = ApiToken.objects.get().last_used_at

    assert first == start
    assert unchanged == start
    assert later == start + timedelta(seconds=61)


def test_it_does_not_record_use_of_a_refused_call(client: Client, idva_a: User, make_token: Callable[..., str]) -> None:
    token = make_token(idva_a)

    client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token[:-1]}{'Y' if token.endswith('X') else 'X'}")

    assert ApiToken.objects.get().last_used_at is None
