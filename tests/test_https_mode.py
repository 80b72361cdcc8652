"""Headers and cookies as production serves them (HTTPS on), which the rest of the suite cannot see.

The suite runs with VAWG_HTTPS=false (the local demo's plain http). Here the
production values are read from vawg/settings.py in a fresh interpreter with the
production defaults, applied to the test settings, and checked on real responses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from vawg.accounts.roles import Role
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import user_with_role

ROOT = Path(__file__).resolve().parents[1]
NAMES = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_USE_SESSIONS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "MESSAGE_STORAGE",
]


@pytest.fixture(scope="module")
def production_values() -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in {"VAWG_HTTPS", "VAWG_DEMO", "DEBUG", "DATABASE_URL"}}
    env.update({"SECRET_KEY": "x" * 60, "AUDIT_HMAC_KEY": "y" * 40, "FIELD_ENCRYPTION_KEYS": "k1:" + "A" * 43})
    code = f"import json, vawg.settings as s; print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}))"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


@pytest.fixture
def https(production_values: dict[str, Any]) -> Any:
    with override_settings(**production_values):
        yield production_values


def test_it_redirects_plain_http_to_https(https: dict[str, Any], db: None) -> None:
    response = Client().get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.parametrize("path", ["/", "/staying-safe-online/", "/sign-in/", "/api/v1/health"])
def test_it_sends_hsts_for_a_year_with_subdomains(https: dict[str, Any], db: None, path: str) -> None:
    response = Client().get(path, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Set-Cookie" not in response  # nothing stored by looking


def test_it_issues_only_a_secure_host_only_session_cookie_at_sign_in(https: dict[str, Any], db: None) -> None:
    user = user_with_role(Role.IDVA)
    totp_device_for(user)
    client = Client()
    response = client.post(
        reverse("accounts:sign_in_password"),
        {"email": user.email, "password": "correct horse battery staple"},
        secure=True,
    )
    assert response.status_code == 302
    assert list(response.cookies) == ["__Host-vawg_session"]
    cookie = response.cookies["__Host-vawg_session"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""  # __Host- cookies must not name a domain
