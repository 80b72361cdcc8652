"""System checks for the referrals app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core import checks
from django.utils import timezone

from vawg.referrals.rules.workdays import LAST_YEAR


def bank_holidays_configured(
    app_configs: Any = None, today: date | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Warn from December of the last configured year: first-contact deadlines need next year's bank holidays."""
    today = today or timezone.localdate()
    if (today.year, today.month) < (LAST_YEAR, 12):
        return []
    return [
        checks.Warning(
            f"England and Wales bank holidays are configured only up to {LAST_YEAR}.",
            hint="Add the next year's dates from https://www.gov.uk/bank-holidays to vawg/referrals/rules/workdays.py.",
            id="referrals.W001",
        )
    ]
