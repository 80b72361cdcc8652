"""Access matrix entries for the minutes pages (merged by tests/test_access_matrix.py)."""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import Rule
from vawg.marac.models import MeetingState
from vawg.marac.tests.factories import listed_case

# Agencies A (idva_a) and B (police_b) are invited; the coordinator's county council coordinates.
# Agency C (outsider_c and the other roles) is not invited: 404.
INVITED_AND_COORDINATOR = frozenset({"idva_a", "police_b", "marac_coordinator"})


def _meeting(ctx: dict[str, Any], state: str) -> dict[str, Any]:
    agencies = ctx["agencies"]
    item = listed_case(coordinating=agencies.county, attending=[agencies.a, agencies.b], state=state)
    return {"meeting_id": item.meeting_id}


def _published(ctx: dict[str, Any]) -> dict[str, Any]:
    return _meeting(ctx, MeetingState.MINUTES_PUBLISHED)


def _held(ctx: dict[str, Any]) -> dict[str, Any]:
    return _meeting(ctx, MeetingState.HELD)


WEB: dict[str, Rule] = {
    "marac:minutes_detail": Rule(allowed=INVITED_AND_COORDINATOR, kwargs=_published, audited="marac.minutes.view"),
    "marac:minutes_download": Rule(
        allowed=INVITED_AND_COORDINATOR, kwargs=_published, audited="marac.minutes.download"
    ),
    # Invited agencies see the held meeting but may not publish (403); only the coordinator (or chair) may.
    "marac:minutes_publish": Rule(
        allowed=frozenset({"marac_coordinator"}), method="POST", kwargs=_held, audited="marac.minutes.publish"
    ),
}
