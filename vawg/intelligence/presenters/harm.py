"""What the people-causing-harm pages show: list rows, the record's summary, its cases, victims,
incidents and score, its access, and the serial flag beside the person wherever they appear.

Never an address, postcode, phone number or email: no presenter here reads those fields.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.template.defaultfilters import pluralize
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.models import Case, CaseParty
from vawg.core.dates import london_date
from vawg.core.presenters import SummaryRow, Tag
from vawg.intelligence.hooks import HARM_PAGE_SECTIONS
from vawg.intelligence.models import (
    ForceReference,
    HarmAccessGrant,
    HarmAgency,
    HarmDenyEntry,
    HarmTeamMember,
    PersonCausingHarm,
    PoliceIncident,
    RfgScore,
)
from vawg.intelligence.offences import NON_CRIME, OFFENCES
from vawg.intelligence.rules.serial import SERIAL_PARAMETERS, SerialResult
from vawg.intelligence.selectors.harm import serial_person_ids
from vawg.people.models import Person
from vawg.people.presenters import Flag

RANKING_URL = "ranking:rfg_ranking_detail"

SERIAL_FLAG_TEXT = "Serial: 2 or more victims in 3 years"


def serial_person_flags(person_ids: Collection[UUID]) -> dict[UUID, list[Flag]]:
    """people's PERSON_FLAGS source: a person whose record (or a record linked to theirs) is serial. One
    query. The flag says only that; never the victims, the incidents or where they come from."""
    return {person_id: [Flag(SERIAL_FLAG_TEXT, "red")] for person_id in serial_person_ids(person_ids)}


# The list ----------------------------------------------------------------------------------------

SERIAL = Tag("Serial", "red")
RESTRICTED = Tag("Restricted", "grey")


@dataclass(frozen=True)
class HarmRow:
    record: PersonCausingHarm
    name: str
    born: str
    held_by: str
    tags: tuple[Tag, ...]


def _born(person: Person) -> str:
    """ "4 March 1980 (age 46)", "Age about 30" or "Not known"."""
    age = person.age_on(timezone.localdate())
    if person.date_of_birth is not None:
        return f"{person.date_of_birth:%-d %B %Y} (age {age})"
    return f"Age about {age}" if age is not None else "Not known"


def harm_rows(records: Iterable[PersonCausingHarm]) -> list[HarmRow]:
    """List rows (records come with person and owning agency joined): name, born, held by, tags."""
    return [
        HarmRow(
            record=record,
            name=record.person.full_name,
            born=_born(record.person),
            held_by=record.owning_organisation.name,
            tags=tuple(tag for tag, on in ((SERIAL, record.is_serial), (RESTRICTED, record.is_restricted)) if on),
        )
        for record in records
    ]


# The record page ---------------------------------------------------------------------------------


def record_tags(record: PersonCausingHarm) -> list[Tag]:
    return [tag for tag, on in ((SERIAL, record.is_serial), (RESTRICTED, record.is_restricted)) if on]


def summary_rows(record: PersonCausingHarm, references: Iterable[ForceReference]) -> list[SummaryRow]:
    """Who they are: never an address or contact detail."""
    person = record.person
    aliases = [alias.name for alias in person.aliases.all()]
    refs = [f"{ref.reference} ({ref.organisation.name})" for ref in references]
    return [
        SummaryRow("Name", person.full_name, value_id="harm-name"),
        SummaryRow("Also known as", ", ".join(aliases) if aliases else "None recorded"),
        SummaryRow("Date of birth", _born(person)),
        SummaryRow("Gender", person.get_gender_display()),
        SummaryRow("Force references", ", ".join(refs) if refs else "None recorded"),
        SummaryRow("Record held by", record.owning_organisation.name),
    ]


def serial_rows(record: PersonCausingHarm, basis: SerialResult, on: date) -> list[SummaryRow]:
    """The flag and its basis, as counts only (never who the victims are or where the records come from)."""
    parameters = SERIAL_PARAMETERS
    assessed = (
        f"{london_date(record.serial_assessed_at):%-d %B %Y}" if record.serial_assessed_at else "Not yet assessed"
    )
    return [
        SummaryRow(
            "Serial",
            "Yes: 2 or more victims in 3 years" if record.is_serial else "No",
            tags=(SERIAL,) if record.is_serial else (),
            value_id="serial-flag",
        ),
        SummaryRow("Flag last assessed", assessed),
        SummaryRow(
            "Basis today",
            f"{basis.victims} victim{pluralize(basis.victims)} aged {parameters.minimum_age} or over in "
            f"{basis.encounters} record{pluralize(basis.encounters)} of harm in the {parameters.window_days:,} "
            f"days to {on:%-d %B %Y}, over every record of this person (rule {basis.version})",
            value_id="serial-basis",
        ),
    ]


@dataclass(frozen=True)
class CaseRowOfHarm:
    case: Case
    victim_name: str
    relationship: str
    added_on: str


def case_rows(parties: Iterable[CaseParty]) -> list[CaseRowOfHarm]:
    """The cases (already through the case gate) on which they are the person causing harm."""
    return [
        CaseRowOfHarm(
            case=party.case,
            victim_name=party.case.victim.full_name,
            relationship=party.get_relationship_to_victim_display() or "Not recorded",
            added_on=f"{london_date(party.added_at):%-d %B %Y}",
        )
        for party in parties
    ]


@dataclass(frozen=True)
class PoliceVictimRow:
    name: str
    force: str
    incidents: int
    latest: str


@dataclass(frozen=True)
class PoliceVictims:
    named: list[PoliceVictimRow]
    unnamed: int  # victims known only from the data of a force the user does not work for


def police_victims(incidents: Iterable[PoliceIncident], forces: set[UUID]) -> PoliceVictims:
    """Victims known from police incidents. Named only to those who hold view_people_causing_harm at the
    force whose data it is; anyone else sees how many there are (docs/people-causing-harm.md#victims)."""
    named: dict[tuple[UUID, UUID], list[PoliceIncident]] = {}
    unnamed: set[UUID] = set()
    for incident in incidents:
        if incident.organisation_id in forces:
            named.setdefault((incident.victim_id, incident.organisation_id), []).append(incident)
        else:
            unnamed.add(incident.victim_id)
    rows = [
        PoliceVictimRow(
            name=found[0].victim.full_name,
            force=found[0].organisation.name,
            incidents=len(found),
            latest=f"{max(i.occurred_on for i in found):%-d %B %Y}",
        )
        for found in named.values()
    ]
    named_ids = {victim for victim, _ in named}
    return PoliceVictims(named=sorted(rows, key=lambda row: row.name), unnamed=len(unnamed - named_ids))


@dataclass(frozen=True)
class IncidentRow:
    occurred_on: str
    offence: str
    crime: str
    outcome: str
    district: str
    force: str


def offence_label(code: str) -> str:
    if code == NON_CRIME:
        return "Domestic abuse incident (no crime recorded)"
    offence = OFFENCES.get(code)
    return offence.label if offence is not None else code


def incident_rows(incidents: Iterable[PoliceIncident]) -> list[IncidentRow]:
    """Incidents and crimes: date, offence, crimed or not, outcome code, district. Never an address."""
    return [
        IncidentRow(
            occurred_on=f"{incident.occurred_on:%-d %b %Y}",
            offence=OFFENCES[incident.offence_code].label
            if incident.offence_code in OFFENCES
            else incident.offence_code,
            crime="Crime" if incident.is_crime else "Not a crime",
            outcome=incident.outcome_code or "None recorded",
            district=incident.district.name if incident.district else "Not recorded",
            force=incident.organisation.name,
        )
        for incident in incidents
    ]


def score_rows(score: RfgScore) -> list[SummaryRow]:
    """The latest RFG score, every component beside the total (advisory only)."""
    return [
        SummaryRow("Ranking date", f"{score.run.as_of:%-d %B %Y}"),
        SummaryRow("Rank", str(score.rank)),
        SummaryRow("Score", f"{score.total:.1f}"),
        SummaryRow("Recency", str(score.recency)),
        SummaryRow("Frequency", f"{score.frequency} ({score.frequency_12m} in the last 12 months)"),
        SummaryRow("Gravity", f"{score.gravity:.1f} (highest {score.gravity_max:.1f})"),
        SummaryRow("Victims", str(score.victims)),
    ]


def ranking_link() -> str:
    """The ranking's page, when the ranking is installed ("" otherwise)."""
    try:
        return reverse(RANKING_URL)
    except NoReverseMatch:
        return ""


def page_sections(record: PersonCausingHarm, user: User) -> list[tuple[str, dict[str, Any]]]:
    """The sections other parts add through HARM_PAGE_SECTIONS (vawg/intelligence/hooks.py)."""
    return [section for hook in HARM_PAGE_SECTIONS if (section := hook(record, user)) is not None]


# The access page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HarmAccess:
    agencies: list[HarmAgency]
    grants: list[HarmAccessGrant]
    team: list[HarmTeamMember]
    denied: list[HarmDenyEntry]


def harm_access(record: PersonCausingHarm) -> HarmAccess:
    return HarmAccess(
        agencies=list(
            HarmAgency.objects.filter(person_causing_harm=record, ended_at__isnull=True)
            .select_related("organisation")
            .order_by("added_at")
        ),
        grants=list(
            HarmAccessGrant.objects.filter(
                person_causing_harm=record, revoked_at__isnull=True, expires_at__gt=timezone.now()
            )
            .select_related("organisation")
            .order_by("expires_at")
        ),
        team=list(
            HarmTeamMember.objects.filter(person_causing_harm=record, ended_at__isnull=True)
            .select_related("user")
            .order_by("added_at")
        ),
        denied=list(
            HarmDenyEntry.objects.filter(person_causing_harm=record, removed_at__isnull=True)
            .select_related("user")
            .order_by("added_at")
        ),
    )
