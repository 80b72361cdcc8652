"""The MARAC flag beside a victim wherever they appear (registered in people's PERSON_FLAGS).

The flag says only that the victim was referred to MARAC in the last 12 months, and when: never the
area, the meeting or what was discussed.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from uuid import UUID

from django.utils import timezone

from vawg.marac.selectors.referrals import victims_referred_since
from vawg.people.presenters import Flag

FLAG_TEXT = "MARAC in the last 12 months"
FLAG_WINDOW_DAYS = 365


def marac_person_flags(person_ids: Collection[UUID]) -> dict[UUID, list[Flag]]:
    """people's PERSON_FLAGS source: a victim referred to MARAC in the last 12 months (one query)."""
    since = timezone.localdate() - timedelta(days=FLAG_WINDOW_DAYS)
    return {
        person_id: [Flag(FLAG_TEXT, "red", hint=f"Referred on {last:%-d %B %Y}: a new incident is a repeat")]
        for person_id, last in victims_referred_since(person_ids, since).items()
    }
