"""What the case services share (private to vawg.cases.services)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def required_text(value: str, *, field: str, message: str) -> str:
    """``value`` stripped; a ValidationError on ``field`` when nothing is left."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text
