"""The keys shipped for tests and development are usable keys."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from vawg.core import crypto


def test_it_accepts_the_configured_test_keys() -> None:
    ring = crypto.parse_keys(settings.FIELD_ENCRYPTION_KEYS)
    assert all(len(key) == 32 for key in ring.keys.values())


def test_it_accepts_the_development_fallback_key() -> None:
    crypto.parse_keys("dev:ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcmVhbC1kYXQ=")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("k1:" + "QQ" * 10, "must be 32 bytes"),
        ("nokey", "look like 'kid:base64key'"),
        ("", "is empty"),
    ],
)
def test_it_refuses_malformed_key_lists(spec: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        crypto.parse_keys(spec)
