"""Display values for the chair's view: the case list with progress, and one case in SafeLives order."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from vawg.marac.models import AgendaItem, MaracAction, MaracReferralState, RiskAddressed
from vawg.marac.presenters.research import research_return, uk_date
from vawg.people.rules import redact


def progress(item: AgendaItem) -> str:
    if item.heard_at is not None:
        return "Heard"
    if item.marac_referral.current_state != MaracReferralState.LISTED:
        return "Taken off the agenda"
    if item.started_at is not None:
        return "Under discussion"
    return "Not started"


def elapsed(item: AgendaItem, minutes_per_case: int) -> dict[str, Any] | None:
    """Minutes spent on the case (to its end, or to now) against the area's time per case."""
    if item.started_at is None:
        return None
    end = item.ended_at or timezone.now()
    minutes = max(0, int((end - item.started_at).total_seconds() // 60))
    return {
        "minutes": minutes,
        "allowed": minutes_per_case,
        "over": minutes > minutes_per_case,
        "started_iso": item.started_at.isoformat(),
        "running": item.ended_at is None,
    }


def action_rows(actions: list[MaracAction], values: list[str]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {
            "action": action,
            "description": redact(action.description, values),
            "agency": action.owning_organisation.name,
            "owner": str(action.owner) if action.owner else "",
            "due": uk_date(action.due_on),
            "overdue": action.current_state in ("open", "in-progress") and action.due_on < today,
            "risk": RiskAddressed(action.risk_addressed).label,
            "state": action.get_current_state_display(),
            "meeting": uk_date(timezone.localtime(action.agenda_item.meeting.starts_at).date()),
        }
        for action in actions
    ]


def research_table(item: AgendaItem, values: list[str]) -> list[dict[str, Any]]:
    return [research_return(task, values) for task in item.research.select_related("organisation")]
