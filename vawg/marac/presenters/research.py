"""Display values for research packs and the research list.

Only the fields below are read from the victim: name, date of birth/age and gender. Address,
postcode, phone, email and safe-contact details are never put into a context; every free-text value
goes through ``redact`` with the location values of the victim and the person causing harm.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from vawg.core.presenters import SummaryRow, Tag
from vawg.marac.models import AgendaItem, Criterion, MaracReferral, ResearchFlag, ResearchTask
from vawg.people.models import Person
from vawg.people.rules import redact
from vawg.people.selectors import location_values

OVERDUE = Tag("Overdue", "red")
RETURNED = Tag("Returned", "green")
NOT_RETURNED = Tag("Not returned", "yellow")
WITHHELD = "Withheld (restricted case)"


def values_for(item: AgendaItem, *, withheld: bool = False) -> list[str]:
    """The location-critical values to remove from this item's free text; with ``withheld`` (a restricted
    case shown under a pseudonym, selectors.names_withheld) the victim's names too."""
    referral = item.marac_referral
    values = location_values([referral.case.victim, referral.perpetrator])
    return [*values, *name_values(referral.case.victim)] if withheld else values


def name_values(person: Person) -> list[str]:
    """A person's names, longest first, to remove from free text where they are withheld."""
    names = {person.full_name.strip(), person.given_name.strip(), person.family_name.strip()}
    return sorted((name for name in names if len(name) >= 2), key=lambda name: (-len(name), name))


def victim_pseudonym(referral: MaracReferral) -> str:
    """What a restricted case's victim is called on MARAC pages for those who may not see the name: a code
    keyed on the case (the same on every page and at every meeting, so agencies can follow the case; it
    cannot be turned back into the name without the secret key)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"marac-pseudonym|{referral.case_id}".encode(), "sha256")
    return f"Person {digest.hexdigest()[:6].upper()} (restricted case)"


def uk_date(day: date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def criteria_labels(criteria: list[str]) -> list[str]:
    return [Criterion(c).label if c in Criterion.values else c for c in criteria]


def flag_labels(flags: list[str]) -> list[str]:
    return [ResearchFlag(f).label if f in ResearchFlag.values else f for f in flags]


@dataclass(frozen=True)
class AgendaEntry:
    """The agenda entry of a listed case: its reference, the victim's name (redacted) and the rows."""

    reference: str
    victim: str
    rows: list[SummaryRow]


def agenda_entry(item: AgendaItem, values: list[str], *, withheld: bool = False) -> AgendaEntry:
    """The agenda entry of a listed case as summary-list rows (never a location-critical field); with
    ``withheld``, the victim under a pseudonym and without a date of birth (a restricted case)."""
    referral = item.marac_referral
    victim = referral.case.victim
    meeting_day = timezone.localtime(item.meeting.starts_at)
    age = victim.age_on(meeting_day.date())
    born = uk_date(victim.date_of_birth) if victim.date_of_birth else "Not known"
    if withheld:
        born, age = WITHHELD, None
    children = referral.children_in_household
    name = victim_pseudonym(referral) if withheld else redact(victim.full_name, values)
    return AgendaEntry(
        reference=referral.reference,
        victim=name,
        rows=[
            SummaryRow("MARAC reference", referral.reference),
            SummaryRow("Victim", name),
            SummaryRow("Date of birth", born + (f" (aged {age})" if age is not None else "")),
            SummaryRow("Gender", victim.get_gender_display()),
            SummaryRow("Why it met the threshold", "; ".join(criteria_labels(referral.criteria))),
            SummaryRow("Repeat", "Yes" if referral.is_repeat else "No"),
            SummaryRow("Referring agency", referral.referring_organisation.name),
            SummaryRow("Children in the household", "Not known" if children is None else str(children)),
            SummaryRow("Meeting", f"{meeting_day:%-d %B %Y at %H:%M}"),
        ],
    )


@dataclass(frozen=True)
class TaskRow:
    """One research task on the research list."""

    task: ResearchTask
    reference: str
    agency: str
    meeting: str
    due: str
    overdue: bool
    completed: str

    @property
    def overdue_tag(self) -> Tag | None:
        return OVERDUE if self.overdue else None


def task_rows(tasks: list[ResearchTask]) -> list[TaskRow]:
    """Rows for the research list (reference, meeting date, due date, overdue)."""
    now = timezone.now()
    return [
        TaskRow(
            task=task,
            reference=task.agenda_item.marac_referral.reference,
            agency=task.organisation.name,
            meeting=uk_date(timezone.localtime(task.agenda_item.meeting.starts_at).date()),
            due=uk_date(timezone.localtime(task.due_at).date()),
            overdue=task.completed_at is None and task.due_at < now,
            completed=uk_date(timezone.localtime(task.completed_at).date()) if task.completed_at else "",
        )
        for task in tasks
    ]


def task_state_tag(task: ResearchTask) -> Tag:
    return RETURNED if task.completed_at else NOT_RETURNED


@dataclass(frozen=True)
class ResearchReturn:
    """One agency's return, redacted (outstanding: "not returned")."""

    agency: str
    returned: bool
    holds: str
    flags: list[str]
    victim: str
    perpetrator: str
    children: str


def research_return(task: ResearchTask, values: list[str]) -> ResearchReturn:
    holds = {True: "Yes", False: "No", None: "Not checked"}[task.holds_information]
    return ResearchReturn(
        agency=task.organisation.name,
        returned=task.completed_at is not None,
        holds=holds,
        flags=flag_labels(task.flags),
        victim=redact(task.victim_information, values),
        perpetrator=redact(task.perpetrator_information, values),
        children=redact(task.children_information, values),
    )


def research_return_rows(own: ResearchReturn) -> list[SummaryRow]:
    """The agency's own return as a summary list, once it can no longer be changed."""
    flags = (
        format_html(
            '<ul class="govuk-list govuk-list--bullet">{}</ul>',
            format_html_join("", "<li>{}</li>", ((flag,) for flag in own.flags)),
        )
        if own.flags
        else ""
    )
    return [
        SummaryRow("Holds information", format_html("{}{}", own.holds, flags)),
        SummaryRow("About the victim", linebreaksbr(own.victim)),
        SummaryRow("About the person causing harm", linebreaksbr(own.perpetrator)),
        SummaryRow("About the children", linebreaksbr(own.children)),
    ]
