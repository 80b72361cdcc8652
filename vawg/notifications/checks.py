"""System checks for staff notifications: a GOV.UK Notify key needs a template and a real site address."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def notify_configured(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """With Notify in use, every email needs a template and links that reach the staff site."""
    if settings.NOTIFY_GATEWAY != "notify":
        return []
    problems: list[checks.CheckMessage] = []
    if not settings.NOTIFY_TEMPLATE_ID:
        problems.append(
            checks.Error(
                "NOTIFY_API_KEY is set but NOTIFY_TEMPLATE_ID is not: staff notification emails cannot be sent.",
                hint="Make an email template in GOV.UK Notify with ((subject)), ((body)) and ((link)).",
                id="notifications.E001",
            )
        )
    url = urlsplit(settings.SITE_BASE_URL)
    if url.scheme != "https" or url.hostname in LOCAL_HOSTS:
        problems.append(
            checks.Error(
                f"VAWG_BASE_URL is {settings.SITE_BASE_URL!r}: links in staff emails would not reach the site.",
                hint="Set VAWG_BASE_URL to the staff site's https address, for example https://vawg.example.org.",
                id="notifications.E002",
            )
        )
    return problems
