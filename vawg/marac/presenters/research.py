"""Display values for research packs and the research list.

Only the fields below are read from the victim: name, date of birth/age and gender. Address,
postcode, phone, email and safe-contact details are never put into a context; every free-text value
goes through ``redact`` with the location values of the victim and the person causing harm.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from vawg.marac.models import AgendaItem, Criterion, ResearchFlag, ResearchTask
from vawg.people.rules import redact
from vawg.people.selectors import location_values


def values_for(item: AgendaItem) -> list[str]:
    """The location-critical values to remove from this item's free text."""
    referral = item.marac_referral
    return location_values([referral.case.victim, referral.perpetrator])


def uk_date(day: date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def criteria_labels(criteria: list[str]) -> list[str]:
    return [Criterion(c).label if c in Criterion.values else c for c in criteria]


def flag_labels(flags: list[str]) -> list[str]:
    return [ResearchFlag(f).label if f in ResearchFlag.values else f for f in flags]


def agenda_entry(item: AgendaItem, values: list[str]) -> list[tuple[str, str]]:
    """The agenda entry of a listed case as summary-list rows (never a location-critical field)."""
    referral = item.marac_referral
    victim = referral.case.victim
    meeting_day = timezone.localtime(item.meeting.starts_at)
    age = victim.age_on(meeting_day.date())
    born = uk_date(victim.date_of_birth) if victim.date_of_birth else "Not known"
    children = referral.children_in_household
    return [
        ("MARAC reference", referral.reference),
        ("Victim", redact(victim.full_name, values)),
        ("Date of birth", born + (f" (aged {age})" if age is not None else "")),
        ("Gender", victim.get_gender_display()),
        ("Why it met the threshold", "; ".join(criteria_labels(referral.criteria))),
        ("Repeat", "Yes" if referral.is_repeat else "No"),
        ("Referring agency", referral.referring_organisation.name),
        ("Children in the household", "Not known" if children is None else str(children)),
        ("Meeting", f"{meeting_day:%-d %B %Y at %H:%M}"),
    ]


def task_rows(tasks: list[ResearchTask], *, today: date | None = None) -> list[dict[str, Any]]:
    """Rows for the research list (reference, meeting date, due date, overdue)."""
    now = timezone.now()
    rows = []
    for task in tasks:
        meeting = task.agenda_item.meeting
        rows.append(
            {
                "task": task,
                "reference": task.agenda_item.marac_referral.reference,
                "agency": task.organisation.name,
                "meeting": uk_date(timezone.localtime(meeting.starts_at).date()),
                "due": uk_date(timezone.localtime(task.due_at).date()),
                "overdue": task.completed_at is None and task.due_at < now,
                "completed": uk_date(timezone.localtime(task.completed_at).date()) if task.completed_at else "",
            }
        )
    return rows


def research_return(task: ResearchTask, values: list[str]) -> dict[str, Any]:
    """One agency's return, redacted, for the chair's table (outstanding: "not returned")."""
    holds = {True: "Yes", False: "No", None: "Not checked"}[task.holds_information]
    return {
        "agency": task.organisation.name,
        "returned": task.completed_at is not None,
        "holds": holds,
        "flags": flag_labels(task.flags),
        "victim": redact(task.victim_information, values),
        "perpetrator": redact(task.perpetrator_information, values),
        "children": redact(task.children_information, values),
    }
