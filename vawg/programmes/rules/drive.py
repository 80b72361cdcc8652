"""High-harm case management's rules (docs/programmes.md#high-harm-case-management): which state an
intervention may move to, and whether an outstanding one is overdue or due soon (MARAC's window)."""

from __future__ import annotations

from datetime import date, timedelta

from vawg.marac.config import ACTION_DUE_SOON_DAYS
from vawg.programmes.models import INTERVENTION_TRANSITIONS, InterventionState

OVERDUE = "overdue"
DUE_SOON = "due-soon"
NOT_DUE = ""


def intervention_may_move(current: str, to: str) -> bool:
    """Whether an intervention in state ``current`` may move to ``to`` (INTERVENTION_TRANSITIONS)."""
    return to in INTERVENTION_TRANSITIONS.get(current, frozenset())


def intervention_due(*, state: str, due_on: date | None, today: date) -> str:
    """``OVERDUE`` for an outstanding intervention due before ``today``; ``DUE_SOON`` for one due from today
    to ``ACTION_DUE_SOON_DAYS`` days later; ``NOT_DUE`` otherwise (done, not done, no date, or later)."""
    if state not in (InterventionState.PLANNED, InterventionState.IN_PROGRESS) or due_on is None:
        return NOT_DUE
    if due_on < today:
        return OVERDUE
    if due_on <= today + timedelta(days=ACTION_DUE_SOON_DAYS):
        return DUE_SOON
    return NOT_DUE


# Why an intervention changed state: codes only (free text about a person would need encryption).
INTERVENTION_REASONS: dict[str, str] = {
    "": "No reason given",
    "no-longer-needed": "No longer needed",
    "not-possible": "Could not be carried out",
    "declined": "The person declined or did not engage",
    "custody": "The person is in custody",
    "other": "Another reason",
}
