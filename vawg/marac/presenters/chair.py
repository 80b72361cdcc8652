"""Display values for the chair's view: the case list with progress, and one case in SafeLives order."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from uuid import UUID

from django.utils import timezone

from vawg.core.presenters import Tag
from vawg.marac.models import AgendaItem, MaracReferralState, ResearchTask
from vawg.marac.presenters.research import research_return, values_for, victim_pseudonym
from vawg.people.rules import redact

HEARD = "Heard"
UNDER_DISCUSSION = "Under discussion"
PROGRESS_COLOURS = {HEARD: "green", UNDER_DISCUSSION: "yellow"}  # anything else: grey
HEARD_TAG = Tag(HEARD, "green")
OVER_TIME = Tag("Over time", "red")
NOT_RETURNED = Tag("Not returned", "grey")


def progress(item: AgendaItem) -> str:
    if item.heard_at is not None:
        return HEARD
    if item.marac_referral.current_state != MaracReferralState.LISTED:
        return "Taken off the agenda"
    if item.started_at is not None:
        return UNDER_DISCUSSION
    return "Not started"


def progress_tag(item: AgendaItem) -> Tag:
    text = progress(item)
    return Tag(text, PROGRESS_COLOURS.get(text, "grey"))


@dataclass(frozen=True)
class Timer:
    """Minutes spent on a case (to its end, or to now) against the area's time per case."""

    minutes: int
    allowed: int
    over: bool
    started_iso: str
    running: bool

    @property
    def over_tag(self) -> Tag | None:
        return OVER_TIME if self.over else None


def elapsed(item: AgendaItem, minutes_per_case: int) -> Timer | None:
    if item.started_at is None:
        return None
    end = item.ended_at or timezone.now()
    minutes = max(0, int((end - item.started_at).total_seconds() // 60))
    return Timer(
        minutes=minutes,
        allowed=minutes_per_case,
        over=minutes > minutes_per_case,
        started_iso=item.started_at.isoformat(),
        running=item.ended_at is None,
    )


@dataclass(frozen=True)
class CaseListRow:
    """One case on the chair's list."""

    item: AgendaItem
    reference: str
    victim: str
    progress: Tag
    timer: Timer | None


def case_list_rows(
    items: Iterable[AgendaItem], minutes_per_case: int, withheld: Collection[UUID] = frozenset()
) -> list[CaseListRow]:
    """The chair's list; referrals in ``withheld`` (selectors.names_withheld) under a pseudonym."""
    return [
        CaseListRow(
            item=item,
            reference=item.marac_referral.reference,
            victim=victim_pseudonym(item.marac_referral)
            if item.marac_referral_id in withheld
            else redact(item.marac_referral.case.victim.full_name, values_for(item)),
            progress=progress_tag(item),
            timer=elapsed(item, minutes_per_case),
        )
        for item in items
    ]


@dataclass(frozen=True)
class ResearchRow:
    """One agency's research on the chair's page (redacted); flags as blue tags."""

    agency: str
    returned: bool
    holds: str
    flags: tuple[Tag, ...]
    victim: str
    perpetrator: str
    children: str
    not_returned: Tag = NOT_RETURNED


def research_table(tasks: Iterable[ResearchTask], values: list[str]) -> list[ResearchRow]:
    rows = []
    for task in tasks:
        own = research_return(task, values)
        rows.append(
            ResearchRow(
                agency=own.agency,
                returned=own.returned,
                holds=own.holds,
                flags=tuple(Tag(flag, "blue") for flag in own.flags),
                victim=own.victim,
                perpetrator=own.perpetrator,
                children=own.children,
            )
        )
    return rows


def meeting_state_tag(state_label: str) -> Tag:
    """The meeting's state on the chair's list (the default colour)."""
    return Tag(state_label)
