"""Helpers the service modules share (private to vawg.accounts.services)."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from vawg.accounts.models import StaffSession, StaffSessionEndReason, StaffSessionQuerySet


def delete_django_sessions(session_keys: Iterable[str]) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in session_keys:
        store(session_key=key).delete()


def end_sessions(sessions: StaffSessionQuerySet, *, reason: StaffSessionEndReason) -> int:
    """End open staff sessions and delete their server-side sessions. Returns how many ended."""
    keys = list(sessions.open().values_list("session_key", flat=True))
    if not keys:
        return 0
    StaffSession.objects.filter(session_key__in=keys).update(ended_at=timezone.now(), ended_reason=reason)
    delete_django_sessions(keys)
    return len(keys)
