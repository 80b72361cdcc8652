"""The token pages at /account/api-tokens/."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from vawg.accounts.models import User
from vawg.api.models import TOKEN_PATTERN, ApiToken
from vawg.api.tests.conftest import bearer


def _plain_token(html: str) -> str:
    match = TOKEN_PATTERN.search(html)
    assert match, "no token on the page"
    return match.group(0)


def test_it_lists_only_the_users_own_tokens(
    idva_a: User, outsider_c: User, signed_in: Callable[[User], Client], make_token: Callable[..., str]
) -> None:
    make_token(idva_a, name="IDVA caseload export")
    make_token(outsider_c, name="Housing nightly sync")

    response = signed_in(outsider_c).get(reverse("api_tokens:token_list"))

    assert response.status_code == 200
    assert "Housing nightly sync" in response.content.decode()
    assert "IDVA caseload export" not in response.content.decode()


def test_it_creates_a_token_and_shows_it_once(idva_a: User, signed_in: Callable[[User], Client]) -> None:
    client = signed_in(idva_a)

    response = client.post(reverse("api_tokens:token_create"), {"name": "Weekly report"})

    assert response.status_code == 200
    html = response.content.decode()
    plain = _plain_token(html)
    assert "You will not be able to see it again" in html
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (idva_a, "Weekly report")
    # It works, and is never shown again.
    assert Client().get("/api/v1/me", **bearer(plain)).status_code == 200
    listing = client.get(reverse("api_tokens:token_list")).content.decode()
    assert "Weekly report" in listing
    assert plain not in listing
    assert plain.split("_", 2)[2] not in listing


def test_it_explains_a_missing_name(idva_a: User, signed_in: Callable[[User], Client]) -> None:
    response = signed_in(idva_a).post(reverse("api_tokens:token_create"), {"name": "  "})

    assert response.status_code == 200
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_only_creates_tokens_by_post(idva_a: User, signed_in: Callable[[User], Client]) -> None:
    response = signed_in(idva_a).get(reverse("api_tokens:token_create"))

    assert response.status_code == 405
    assert not ApiToken.objects.exists()


def test_it_revokes_the_users_own_token(
    idva_a: User, signed_in: Callable[[User], Client], make_token: Callable[..., str]
) -> None:
    plain = make_token(idva_a)
    token = ApiToken.objects.get()

    response = signed_in(idva_a).post(reverse("api_tokens:token_revoke", kwargs={"token_id": token.id}))

    assert response.status_code == 302
    assert response["Location"] == reverse("api_tokens:token_list")
    token.refresh_from_db()
    assert token.status == "Revoked"
    assert Client().get("/api/v1/me", **bearer(plain)).status_code == 401


def test_it_answers_404_to_revoking_someone_elses_token(
    idva_a: User, outsider_c: User, signed_in: Callable[[User], Client], make_token: Callable[..., str]
) -> None:
    plain = make_token(idva_a)
    token = ApiToken.objects.get()

    response = signed_in(outsider_c).post(reverse("api_tokens:token_revoke", kwargs={"token_id": token.id}))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get("/api/v1/me", **bearer(plain)).status_code == 200


def test_it_refuses_revoking_by_get(
    idva_a: User, signed_in: Callable[[User], Client], make_token: Callable[..., str]
) -> None:
    make_token(idva_a)
    token = ApiToken.objects.get()

    response = signed_in(idva_a).get(reverse("api_tokens:token_revoke", kwargs={"token_id": token.id}))

    assert response.status_code == 405
    assert ApiToken.objects.get().revoked_at is None


def test_it_keeps_signed_out_visitors_away(idva_a: User, make_token: Callable[..., str]) -> None:
    make_token(idva_a, name="IDVA caseload export")

    response = Client().get(reverse("api_tokens:token_list"))

    assert response.status_code in (302, 403)
    assert b"IDVA caseload export" not in response.content
