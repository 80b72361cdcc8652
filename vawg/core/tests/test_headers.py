"""Security headers on every public page (docs/security.md#s-31, docs/security.md#s-33, docs/security.md#s-36)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from vawg.accounts.models import User
from vawg.api.services import api_token_create

PUBLIC_PAGES = ["public:page_home", "public:page_staying_safe", "public:page_accessibility", "public:page_privacy"]


def _csp(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_answers_public_pages_without_caching(client: Client, name: str) -> None:
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_sends_a_strict_content_security_policy(client: Client, name: str) -> None:
    csp = _csp(client.get(reverse(name)))

    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_allows_no_other_origin_in_the_content_security_policy(client: Client, name: str) -> None:
    csp = _csp(client.get(reverse(name)))
    sources = [source for values in csp.values() for source in values]

    assert [s for s in sources if not re.fullmatch(r"'self'|'none'|'nonce-[A-Za-z0-9+/=_-]+'|data:", s)] == []
    assert "'unsafe-inline'" not in sources
    assert "'unsafe-eval'" not in sources


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_sends_the_browser_protection_headers(client: Client, name: str) -> None:
    response = client.get(reverse(name))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_never_sends_the_address_of_a_page_to_another_site(client: Client, name: str) -> None:
    """No Referer leaves the site. "same-origin", not "no-referrer": under "no-referrer" browsers
    send ``Origin: null`` with form POSTs, which Django's CSRF check refuses (vawg/settings.py)."""
    response = client.get(reverse(name))

    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_it_gives_the_inline_body_script_the_response_nonce(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())

    assert nonce is not None
    assert inline == [f' nonce="{nonce.group(1)}"']


def test_it_sends_the_headers_on_the_exit_redirect_too(client: Client, db: None) -> None:
    response = client.get(reverse("public:page_exit"))

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert _csp(response)["frame-ancestors"] == ["'none'"]


# --- Every response, not only pages: API errors and static files ----------------------------------

BROWSER_PROTECTION = {
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _assert_browser_protection(response: Any) -> None:
    assert {name: response.get(name) for name in BROWSER_PROTECTION} == BROWSER_PROTECTION
    csp = _csp(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] in (["'self'"], ["'none'"])


@pytest.mark.parametrize(
    ("path", "with_token", "status"),
    [
        ("/api/v1/me", False, 401),
        ("/api/v1/no-such-thing", True, 404),
        ("/api/v1/agencies/00000000-0000-4000-8000-000000000000", True, 404),
        ("/api/v1/agencies?type=bogus", True, 422),
    ],
)
def test_it_sends_the_headers_on_api_errors(
    client: Client, idva_a: User, path: str, with_token: bool, status: int
) -> None:
    headers = {}
    if with_token:
        token = api_token_create(user=idva_a, name="Header check", by=idva_a)[1]
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    response = client.get(path, **headers)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    _assert_browser_protection(response)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["vawg/app.css", "vawg/app.js", "vawg/images/favicon.svg"])
def test_it_sends_the_headers_on_static_files(client: Client, settings: Any, path: str) -> None:
    # WhiteNoise serves from the finders here, as in development (the suite does not collectstatic).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True

    response = client.get(f"/static/{path}")

    assert response.status_code == 200
    _assert_browser_protection(response)
