"""MATAC's configuration and pure rules: the meeting cadence, exit reasons, the place label check and the
cohort figures (docs/matac.md).

The constants below are versioned configuration: a partnership changes them by a reviewed change to this
file with a new ``MATAC_CONFIG_VERSION``, and docs/matac.md, "Configuration", says what each does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from vawg.marac.rules.suppression import Sum, suppress

MATAC_CONFIG_VERSION = "2026-1"

# Days between meetings: Northumbria's model meets every 4 weeks (docs/matac.md).
CADENCE_DAYS = 28
# A partner referral must say why, in at least this many characters.
NOMINATION_REASON_MIN = 20
MAX_TEXT = 4000

# Why a subject leaves MATAC (key: label). Local practice: UNCONFIRMED against any published list.
EXIT_REASONS: dict[str, str] = {
    "risk-reduced": "Risk reduced: no further offending reported",
    "engaged": "Engaging with a behaviour change programme or support",
    "custody": "In custody",
    "moved-away": "Moved out of the area (information passed on)",
    "other": "Other (explained in the note)",
}

# The statement on every copy of the minutes ({lawful_basis} is filled in).
CONFIDENTIALITY_STATEMENT = (
    "This document is confidential. It is shared under {lawful_basis} for the purpose of preventing "
    "domestic abuse by the people discussed at this MATAC and protecting the people at risk from them, and "
    "only with the agency named on it. Do not forward, copy or store it outside your agency's secure case "
    "system. Destroy it when it is no longer needed."
)
LAWFUL_BASIS = "the prevention and detection of crime (Data Protection Act 2018, Part 3) and safeguarding"


def next_meeting_date(*, last: date | None, today: date, cadence_days: int = CADENCE_DAYS) -> date:
    """The suggested date of the next meeting: ``cadence_days`` after the last one, moved on by whole
    cadences until it is after ``today``; ``cadence_days`` from today when there was none."""
    if cadence_days < 1:
        raise ValueError("The cadence is at least one day")
    if last is None:
        return today + timedelta(days=cadence_days)
    suggested = last + timedelta(days=cadence_days)
    if suggested <= today:
        behind = (today - suggested).days // cadence_days + 1
        suggested += timedelta(days=behind * cadence_days)
    return suggested


_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")
_PHONE = re.compile(r"(?:\d[\s\-().]*){6,}")
_STREET = re.compile(
    r"\b\d+[A-Z]?\s+\w+(?:\s+\w+)*\s+(?:street|st|road|rd|avenue|ave|lane|close|drive|way|crescent|terrace|court)\b",
    re.IGNORECASE,
)


def place_label_problem(label: str) -> str:
    """Why ``label`` cannot be a meeting's place ("" if it can): a place is a plain name such as
    "Police HQ, room 2", never an address, postcode, phone number or email address."""
    if _POSTCODE.search(label) or _STREET.search(label):
        return "Enter the name of the place, such as a room or building, not its address"
    if _EMAIL.search(label) or _PHONE.search(label):
        return "Enter the name of the place only, without a phone number or email address"
    return ""


def cohort_of(day: date) -> str:
    """The cohort a subject belongs to: the calendar quarter they entered, as "2026 Q1"."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Movement:
    """One subject, for the cohort figures: when they entered, and the totals on entry and exit (None: no
    score then, or not exited)."""

    entered_on: date
    entry_total: float | None
    exit_total: float | None
    exited: bool


@dataclass(frozen=True)
class CohortRow:
    cohort: str
    entered: int | None  # None: suppressed
    exited_scored: int | None
    mean_entry: float | None
    mean_exit: float | None
    mean_change: float | None
    percent_change: float | None


def cohort_rows(movements: Iterable[Movement], *, threshold: int | None = None) -> list[CohortRow]:
    """Per cohort (oldest first) and a final "All cohorts" row: subjects entered, those exited with both
    scores, their mean entry and exit totals and the mean change (exit minus entry; negative is a
    reduction). Counts of 1 to threshold - 1 are hidden with MARAC's suppression (primary and secondary,
    across the cohorts and their total), and a mean is shown only where its count is."""
    groups: dict[str, list[Movement]] = {}
    for movement in movements:
        groups.setdefault(cohort_of(movement.entered_on), []).append(movement)
    names = sorted(groups)
    scored = {
        name: [m for m in groups[name] if m.exited and m.entry_total is not None and m.exit_total is not None]
        for name in names
    }
    values = {f"entered:{name}": len(groups[name]) for name in names}
    values |= {f"scored:{name}": len(scored[name]) for name in names}
    values["entered:all"] = sum(len(group) for group in groups.values())
    values["scored:all"] = sum(len(group) for group in scored.values())
    sums = [
        Sum("entered:all", tuple(f"entered:{name}" for name in names)),
        Sum("scored:all", tuple(f"scored:{name}" for name in names)),
    ]
    hidden = suppress(values, sums, threshold=threshold).hidden
    every = [m for group in scored.values() for m in group]
    rows = []
    for name, members in [*((name, scored[name]) for name in names), ("all", every)]:
        shown_scored = f"scored:{name}" not in hidden
        rows.append(
            _row(
                "All cohorts" if name == "all" else name,
                entered=None if f"entered:{name}" in hidden else values[f"entered:{name}"],
                scored=members if shown_scored else None,
            )
        )
    return rows


def _row(cohort: str, *, entered: int | None, scored: list[Movement] | None) -> CohortRow:
    if scored is None:
        return CohortRow(cohort, entered, None, None, None, None, None)
    if not scored:
        return CohortRow(cohort, entered, 0, None, None, None, None)
    entry = sum(m.entry_total or 0.0 for m in scored) / len(scored)
    exit_ = sum(m.exit_total or 0.0 for m in scored) / len(scored)
    percent = round((exit_ - entry) / entry * 100, 1) if entry else None
    return CohortRow(cohort, entered, len(scored), round(entry, 2), round(exit_, 2), round(exit_ - entry, 2), percent)
