"""Display values for the meeting pages: each meeting's state and whether it is an extra one, and the
meeting page's summary list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vawg.accounts.models import User
from vawg.core.presenters import SummaryRow, Tag
from vawg.marac.models import MaracMeeting, MeetingState
from vawg.marac.rules.meetings import Capacity

STATE_COLOURS: dict[str, str] = {MeetingState.CANCELLED: "red", MeetingState.SCHEDULED: "grey"}  # else: the default
NOT_CHOSEN = "Not chosen yet"


def state_tag(meeting: MaracMeeting) -> Tag:
    return Tag(meeting.get_current_state_display(), STATE_COLOURS.get(meeting.current_state, ""))


def extra_tag(meeting: MaracMeeting, text: str = "Extra") -> Tag | None:
    """ "Extra" beside an extra meeting (called for urgent cases)."""
    return Tag(text, "orange") if meeting.is_extra else None


@dataclass(frozen=True)
class MeetingRow:
    """One meeting in a list."""

    meeting: MaracMeeting
    chair: str
    state: Tag
    extra: Tag | None


def meeting_rows(meetings: Iterable[MaracMeeting]) -> list[MeetingRow]:
    return [
        MeetingRow(meeting=meeting, chair=_name(meeting.chair), state=state_tag(meeting), extra=extra_tag(meeting))
        for meeting in meetings
    ]


def _name(user: User | None) -> str:
    return user.full_name if user is not None else NOT_CHOSEN


def meeting_summary(meeting: MaracMeeting, capacity: Capacity, minutes_needed: int) -> list[SummaryRow]:
    """The meeting page's summary list (``capacity``: the cases this user can see against the capacity)."""
    return [
        SummaryRow("Chair", _name(meeting.chair)),
        SummaryRow("Coordinator", _name(meeting.coordinator)),
        SummaryRow("Cases listed", f"{capacity.listed} of {capacity.capacity}", value_id="capacity"),
        SummaryRow("Time needed", f"{minutes_needed} minutes ({meeting.area.minutes_per_case} minutes a case)"),
    ]
