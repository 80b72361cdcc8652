"""Identity links for the GOV.UK components: the two records side by side, the comparison the model made
(levels and weights only, never a postcode, phone or address value) and the decisions so far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from vawg.core.presenters import SummaryRow, Tag
from vawg.intelligence.models import IdentityLink, IdentityLinkDecision, LinkState
from vawg.people.models import Person

STATE_TAGS = {
    LinkState.WAITING: Tag("Waiting for review", "yellow"),
    LinkState.LINKED: Tag("Linked automatically", "blue"),
    LinkState.ACCEPTED: Tag("Accepted: same person", "green"),
    LinkState.REJECTED: Tag("Rejected: not the same person", "grey"),
}
FIELD_LABELS = {
    "given_name": "Given name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "postcode": "Postcode",
    "phone": "Phone",
}
# What each of the model's levels means, in words (the level names are in vawg/intelligence/linkage/config.py).
LEVEL_WORDS = {
    "exact": "Agree",
    "nickname": "Close: a nickname of the same name",
    "reversed": "Close: given and family names reversed",
    "close": "Close: a typing error apart",
    "similar": "Similar",
    "contains": "Close: one contains the other",
    "day-month-swapped": "Close: day and month swapped",
    "sector": "Close: same postcode sector",
    "district": "Close: same postcode district",
    "disagree": "Disagree",
    "missing": "Missing on one side",
}


def moment(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%-d %B %Y}, " + f"{local:%-I:%M%p}".lower()


def state_tag(link: IdentityLink) -> Tag:
    return STATE_TAGS[LinkState(link.current_state)]


def probability(link: IdentityLink) -> str:
    return f"{link.match_probability:.1%}"


@dataclass(frozen=True)
class Side:
    heading: str
    rows: list[SummaryRow]


def person_rows(person: Person, *, aliases: list[str], sources: list[str]) -> list[SummaryRow]:
    """What a reviewer sees of one record: never an address, postcode, phone or email."""
    return [
        SummaryRow("Name", person.full_name or "Not recorded"),
        SummaryRow("Other names", ", ".join(aliases) if aliases else "None recorded"),
        SummaryRow("Date of birth", f"{person.date_of_birth:%-d %B %Y}" if person.date_of_birth else "Not recorded"),
        SummaryRow("Gender", person.get_gender_display()),
        SummaryRow("Held in", "; ".join(sources) if sources else "Another agency's record"),
    ]


def comparison_rows(link: IdentityLink) -> list[tuple[str, str, str]]:
    """(field, what the model found, its match weight) for each field the model compared."""
    rows = []
    for field, label in FIELD_LABELS.items():
        found: dict[str, Any] = link.comparison.get(field, {})
        level = str(found.get("level", ""))
        weight = found.get("weight")
        rows.append(
            (
                label,
                LEVEL_WORDS.get(level, "Not recorded"),
                f"{weight:+.1f}" if isinstance(weight, int | float) else "",
            )
        )
    return rows


def decision_rows(decisions: list[IdentityLinkDecision]) -> list[tuple[str, str, str, str]]:
    """(when, state, by, reason), oldest first."""
    return [
        (
            moment(decision.created_at),
            STATE_TAGS[LinkState(decision.state)].text,
            decision.created_by.get_username() if decision.created_by else f"The model ({decision.system_job})",
            decision.reason,
        )
        for decision in decisions
    ]
