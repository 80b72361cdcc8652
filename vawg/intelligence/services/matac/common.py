"""What MATAC's services share: who runs a MATAC, text checks with redaction, and state moves under a lock."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from vawg.accounts.models import User
from vawg.intelligence.config import RUN_MATAC
from vawg.intelligence.models import PersonCausingHarm
from vawg.intelligence.rules.matac import MAX_TEXT
from vawg.intelligence.selectors.matac import location_values_of, organisations_of
from vawg.people.rules import redact


def require_runs(user: User, organisation_id: object) -> None:
    """PermissionDenied unless ``user`` holds ``run_matac`` at the MATAC's coordinating agency."""
    if not any(org.pk == organisation_id for org in organisations_of(user, RUN_MATAC)):
        raise PermissionDenied


def clean_text(
    text: str, *, person: PersonCausingHarm, field: str, required: str = "", minimum: int = 0, what: str = "text"
) -> str:
    """``text`` stripped and redacted of every location value held for the person and their victims
    (so an address typed by mistake is never stored), or a ValidationError on ``field``."""
    value = redact((text or "").strip(), location_values_of([person])[person.pk])
    if required and not value:
        raise ValidationError({field: required})
    if value and len(value) < minimum:
        raise ValidationError({field: f"The {what} must be {minimum} characters or more"})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: f"The {what} must be {MAX_TEXT} characters or fewer"})
    return value


def move(
    obj: models.Model,
    *,
    state: str,
    transitions: Mapping[str, frozenset[str]],
    labels: type[models.TextChoices],
    noun: str,
) -> str:
    """Check ``state`` against the state machine, reading the current state under a row lock (two people
    acting at once cannot both succeed), set it on ``obj`` and save. Returns the state it was in."""
    locked: Any = type(obj)._default_manager.select_for_update().only("current_state").get(pk=obj.pk)
    current: str = locked.current_state
    if state not in transitions.get(current, frozenset()):
        becomes = labels(state).label.lower() if state in labels.values else state
        raise ValidationError({"state": f"A {noun} that is {labels(current).label.lower()} cannot become {becomes}"})
    obj.current_state = state  # type: ignore[attr-defined]
    obj.save(update_fields=["current_state", "updated_at"])
    return current
