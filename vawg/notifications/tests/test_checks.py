"""The deploy check: with GOV.UK Notify in use, a template and a reachable https site address are needed."""

from __future__ import annotations

import pytest
from django.test import override_settings

from vawg.notifications.checks import notify_configured


@pytest.mark.parametrize(
    ("gateway", "template", "base_url", "errors"),
    [
        ("fake", "", "http://127.0.0.1:8000", []),
        ("notify", "f33517ff-2a88-4f6e-b855-c550268ce08a", "https://vawg.example.invalid", []),
        ("notify", "", "https://vawg.example.invalid", ["notifications.E001"]),
        ("notify", "f33517ff-2a88-4f6e-b855-c550268ce08a", "http://127.0.0.1:8000", ["notifications.E002"]),
        ("notify", "f33517ff-2a88-4f6e-b855-c550268ce08a", "http://vawg.example.invalid", ["notifications.E002"]),
    ],
)
def test_it_needs_a_template_and_a_real_site_address_to_send_through_notify(
    gateway: str, template: str, base_url: str, errors: list[str]
) -> None:
    with override_settings(NOTIFY_GATEWAY=gateway, NOTIFY_TEMPLATE_ID=template, SITE_BASE_URL=base_url):
        assert [message.id for message in notify_configured()] == errors
