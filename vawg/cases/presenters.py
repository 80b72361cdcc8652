"""Display values for the case pages, and the registry other apps use to add sections to a case page.

``CASE_PAGE_SECTIONS``: an app above cases (risk, referrals, marac) appends a callable in its
AppConfig.ready(); the case page calls each with the case and the user (the gate has already let the
user see the case) and includes the template it names with its context as ``section``.
Returning None leaves the section out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.models import (
    Case,
    CaseAccessGrant,
    CaseAgency,
    CaseDenyEntry,
    CaseStatusValue,
    CaseTeamMember,
    ChronologyEntry,
    RiskLevel,
)
from vawg.people.choices import SafeStatus
from vawg.people.flags import Flag, flags_for
from vawg.people.models import Person, PersonRelationship, SafeContactPreference

CaseSection = Callable[[Case, User], tuple[str, dict[str, Any]] | None]
CASE_PAGE_SECTIONS: list[CaseSection] = []

RISK_TAG_CLASSES: dict[str, str] = {
    RiskLevel.HIGH: "govuk-tag--red",
    RiskLevel.MEDIUM: "govuk-tag--orange",
    RiskLevel.STANDARD: "govuk-tag--blue",
    RiskLevel.NOT_ASSESSED: "govuk-tag--grey",
}
STATUS_TAG_CLASSES: dict[str, str] = {
    CaseStatusValue.OPEN: "govuk-tag--green",
    CaseStatusValue.REOPENED: "govuk-tag--green",
    CaseStatusValue.CLOSED: "govuk-tag--grey",
}
SAFE_TAG_CLASSES: dict[str, str] = {
    SafeStatus.SAFE: "govuk-tag--green",
    SafeStatus.UNSAFE: "govuk-tag--red",
    SafeStatus.NOT_KNOWN: "govuk-tag--yellow",
}


@dataclass(frozen=True)
class Tag:
    text: str
    css: str


def risk_tag(case: Case) -> Tag:
    return Tag(case.get_current_risk_level_display(), RISK_TAG_CLASSES.get(case.current_risk_level, ""))


def status_tag(case: Case) -> Tag:
    return Tag(case.get_current_status_display(), STATUS_TAG_CLASSES.get(case.current_status, ""))


@dataclass(frozen=True)
class CaseRow:
    case: Case
    victim_name: str
    risk: Tag
    status: Tag
    flags: tuple[Flag, ...] = ()


def case_rows(cases: Any) -> list[CaseRow]:
    """List rows (the cases come with victim, district and owning agency already joined). The victims'
    person flags come from one ``flags_for`` call for the whole page, not one per row."""
    cases = list(cases)
    flags = flags_for([case.victim_id for case in cases])
    return [
        CaseRow(
            case=case,
            victim_name=case.victim.full_name,
            risk=risk_tag(case),
            status=status_tag(case),
            flags=tuple(flags.get(case.victim_id, ())),
        )
        for case in cases
    ]


@dataclass(frozen=True)
class VictimSummary:
    name: str
    date_of_birth: str
    age: int | None
    gender: str
    aliases: list[str]


def victim_summary(person: Person) -> VictimSummary:
    """What the case page shows of the victim: no address or contact details (they are revealed on request)."""
    dob = person.date_of_birth
    return VictimSummary(
        name=person.full_name,
        date_of_birth=f"{dob:%-d %B %Y}" if dob else "Not known",
        age=person.age_on(timezone.localdate()),
        gender=person.get_gender_display(),
        aliases=[alias.name for alias in person.aliases.all()],
    )


@dataclass(frozen=True)
class Party:
    name: str
    relationship: str


def parties(person: Person) -> list[Party]:
    """The people related to the victim, and how ("Ex-partner of the victim", "The victim is their relative")."""
    to_victim = PersonRelationship.objects.filter(other=person).select_related("person")
    from_victim = PersonRelationship.objects.filter(person=person).select_related("other")
    rows = [Party(row.person.full_name, f"{row.get_kind_display()} of the victim") for row in to_victim]
    rows += [Party(row.other.full_name, f"The victim is their {row.get_kind_display().lower()}") for row in from_victim]
    return sorted(rows, key=lambda party: party.name.lower())


@dataclass(frozen=True)
class SafeContactRow:
    channel: str
    status: Tag
    window: str


def _window(preference: Any) -> str:
    if preference.safe_from is None or preference.safe_until is None:
        return ""
    return f"{preference.safe_from:%H:%M} to {preference.safe_until:%H:%M}"


def safe_contact_rows(person: Person) -> list[SafeContactRow]:
    """Each channel's current status. "Not known" is shown as unsafe, because it is treated as unsafe."""
    rows = []
    for channel, preference in SafeContactPreference.objects.current_preferences(person).items():
        text = preference.status.label
        if preference.status == SafeStatus.NOT_KNOWN:
            text = "Not known: treat as unsafe"
        rows.append(
            SafeContactRow(
                channel=channel.label,
                status=Tag(text, SAFE_TAG_CLASSES[preference.status]),
                window=_window(preference) if preference.is_safe else "",
            )
        )
    return rows


@dataclass(frozen=True)
class SafeContactHistoryRow:
    channel: str
    version: int
    status: Tag
    window: str
    what_may_be_said: str
    recorded_at: Any
    recorded_by: str


def safe_contact_history(person: Person) -> list[SafeContactHistoryRow]:
    """Every recorded preference, newest first (never the code word or the contact detail)."""
    rows = (
        SafeContactPreference.objects.for_person(person)
        .select_related("created_by")
        .order_by("-created_at", "channel", "-version")
    )
    return [
        SafeContactHistoryRow(
            channel=row.get_channel_display(),
            version=row.version,
            status=Tag(row.get_status_display(), SAFE_TAG_CLASSES.get(SafeStatus(row.status), "")),
            window=_window(row),
            what_may_be_said=row.what_may_be_said,
            recorded_at=row.created_at,
            recorded_by=row.created_by.full_name if row.created_by else row.system_job,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class CaseAccess:
    team: list[CaseTeamMember]
    agencies: list[CaseAgency]
    grants: list[CaseAccessGrant]
    denied: list[CaseDenyEntry]


def case_access(case: Case, *, with_deny_list: bool) -> CaseAccess:
    """Who works on the case. The deny-list is shown only to those who manage the case."""
    return CaseAccess(
        team=list(CaseTeamMember.objects.current().filter(case=case).select_related("user")),
        agencies=list(CaseAgency.objects.current().filter(case=case).select_related("organisation")),
        grants=list(CaseAccessGrant.objects.in_force().filter(case=case).select_related("organisation", "granted_by")),
        denied=(
            list(CaseDenyEntry.objects.current().filter(case=case).select_related("user")) if with_deny_list else []
        ),
    )


def chronology(case: Case) -> list[ChronologyEntry]:
    return list(ChronologyEntry.objects.for_case(case).newest_first().select_related("created_by"))


def case_sections(case: Case, user: User) -> list[tuple[str, dict[str, Any]]]:
    """The sections other apps add to the case page, in the order they registered."""
    sections = []
    for build in CASE_PAGE_SECTIONS:
        section = build(case, user)
        if section is not None:
            sections.append(section)
    return sections
