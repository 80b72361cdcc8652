"""Display values for the case pages: tags with their colours, summary rows, tables, the sections other
apps add to the case page (registered in vawg/cases/hooks.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases import rules
from vawg.cases.config import CLOSURE_SETS_BY_VERSION, NOT_ASKED
from vawg.cases.hooks import CASE_PAGE_SECTIONS
from vawg.cases.models import (
    Case,
    CaseAccessGrant,
    CaseAgency,
    CaseDenyEntry,
    CaseParty,
    CaseStatus,
    CaseStatusValue,
    CaseTeamMember,
    ChronologyEntry,
    PartyRole,
    RiskLevel,
)
from vawg.cases.rules import CaseListQuery
from vawg.cases.selectors import CaseListChoices, people_visible_to
from vawg.core.dates import london_date
from vawg.core.presenters import SummaryRow, Tag
from vawg.people.models import Person, SafeContactPreference, SafeStatus
from vawg.people.presenters import Flag, flags_for

RISK_COLOURS: dict[str, str] = {
    RiskLevel.HIGH: "red",
    RiskLevel.MEDIUM: "orange",
    RiskLevel.STANDARD: "blue",
    RiskLevel.NOT_ASSESSED: "grey",
}
STATUS_COLOURS: dict[str, str] = {
    CaseStatusValue.OPEN: "green",
    CaseStatusValue.REOPENED: "green",
    CaseStatusValue.CLOSED: "grey",
}
SAFE_COLOURS: dict[str, str] = {
    SafeStatus.SAFE: "green",
    SafeStatus.UNSAFE: "red",
    SafeStatus.NOT_KNOWN: "yellow",
}
RESTRICTED = Tag("Restricted", "purple")


def risk_level_tag(level: str, *, label: str = "") -> Tag:
    """A risk level as a tag ("High", or with a label: "Risk: High")."""
    text = RiskLevel(level).label if level in RiskLevel.values else level
    return Tag(f"{label}{text}", RISK_COLOURS.get(level, ""))


def risk_tag(case: Case, *, label: str = "") -> Tag:
    return risk_level_tag(case.current_risk_level, label=label)


def status_tag(case: Case) -> Tag:
    return Tag(case.get_current_status_display(), STATUS_COLOURS.get(case.current_status, ""))


def case_tags(case: Case) -> list[Tag]:
    """The tags under a case's heading: its status, its risk, and whether it is restricted."""
    return [status_tag(case), risk_tag(case, label="Risk: "), *([RESTRICTED] if case.is_restricted else [])]


@dataclass(frozen=True)
class CaseRow:
    case: Case
    victim_name: str
    risk: Tag
    status: Tag
    flags: tuple[Flag, ...] = ()
    restricted: Tag | None = None
    last_activity: str = ""


def _day(moment: Any) -> str:
    return f"{london_date(moment):%-d %b %Y}" if moment else ""


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
            restricted=RESTRICTED if case.is_restricted else None,
            last_activity=_day(getattr(case, "last_activity", None)),
        )
        for case in cases
    ]


def victim_rows(case: Case) -> list[SummaryRow]:
    """What the case page shows of the victim: no address or contact details (they are revealed on request)."""
    person = case.victim
    dob = person.date_of_birth
    age = person.age_on(timezone.localdate())
    aliases = [alias.name for alias in person.aliases.all()]
    born = (f"{dob:%-d %B %Y}" if dob else "Not known") + (f" (age {age})" if age is not None else "")
    return [
        SummaryRow("Name", person.full_name, value_id="victim-name"),
        *([SummaryRow("Also known as", ", ".join(aliases))] if aliases else []),
        SummaryRow("Date of birth", born),
        SummaryRow("Gender", person.get_gender_display()),
        SummaryRow("District", case.district.name if case.district else "Not recorded"),
        SummaryRow("Address and contact details", "Hidden. Give a reason below to see them."),
    ]


def contact_rows(person: Person) -> list[SummaryRow]:
    """The victim's address and contact details, shown once after a recorded reason."""
    return [
        SummaryRow("Name", person.full_name),
        SummaryRow("Address", linebreaksbr(person.address) if person.address else "Not recorded", value_id="address"),
        SummaryRow("Postcode", person.postcode or "Not recorded"),
        SummaryRow("Phone", person.phone or "Not recorded"),
        SummaryRow("Email", person.email or "Not recorded"),
    ]


@dataclass(frozen=True)
class PartyRow:
    party: CaseParty
    name: str
    role: str
    born: str
    relationship: str
    child_details: list[str]
    possible_duplicate: Tag | None
    flags: tuple[Flag, ...] = ()


def born_text(person: Person) -> str:
    """ "4 March 2010 (age 16)", "Age about 30" or "Not known"."""
    age = person.age_on(timezone.localdate())
    if person.date_of_birth is not None:
        return f"{person.date_of_birth:%-d %B %Y} (age {age})"
    return f"Age about {age}" if age is not None else "Not known"


POSSIBLE_DUPLICATE = Tag("Possible duplicate", "yellow", classes="app-person-flag")
LIVES_WITH = {
    True: "Lives with the victim",
    False: "Does not live with the victim",
    None: "Living arrangement not known",
}


def party_rows(case: Case, user: User) -> list[PartyRow]:
    """The current people around ``case``: never an address or contact detail. A possible duplicate is
    shown only when ``user`` may see the other person. Person flags (people.hooks.PERSON_FLAGS) come from
    one ``flags_for`` call for all the parties."""
    parties = list(
        CaseParty.objects.current()
        .filter(case=case)
        .select_related("person", "childrens_social_care")
        .order_by("role", "added_at")
    )
    flagged_ids = {str(flag.get("person_id")) for party in parties for flag in party.possible_duplicates}
    visible = set()
    if flagged_ids:
        visible = {str(pk) for pk in people_visible_to(user).filter(pk__in=flagged_ids).values_list("pk", flat=True)}
    flags = flags_for([party.person_id for party in parties])
    rows = []
    for party in parties:
        details: list[str] = []
        if party.role == PartyRole.CHILD:
            details.append(LIVES_WITH[party.lives_with_victim])
            if party.school_or_nursery:
                details.append(f"School or nursery: {party.school_or_nursery}")
            if party.childrens_social_care is not None:
                details.append(f"Children's social care: {party.childrens_social_care.name}")
        flagged = {str(flag.get("person_id")) for flag in party.possible_duplicates}
        rows.append(
            PartyRow(
                party=party,
                name=party.person.full_name,
                role=party.get_role_display(),
                born=born_text(party.person),
                relationship=party.get_relationship_to_victim_display() if party.relationship_to_victim else "",
                child_details=details,
                possible_duplicate=POSSIBLE_DUPLICATE if flagged & visible else None,
                flags=tuple(flags.get(party.person_id, ())),
            )
        )
    return rows


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
                status=Tag(text, SAFE_COLOURS[preference.status]),
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
            status=Tag(row.get_status_display(), SAFE_COLOURS.get(row.status, "")),
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


READ = Tag("Read", "grey")


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


# The case list's filters and its download (vawg/cases/rules.py reads the filters) -------------------


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class FilterGroup:
    """One filter of the case list's form: ``kind`` is "radios", "checkboxes", "checkbox" (one, no legend)
    or "select"."""

    name: str
    label: str
    kind: str
    options: list[FilterOption]
    error: str = ""


def case_list_filters(choices: CaseListChoices, query: CaseListQuery, errors: dict[str, str]) -> list[FilterGroup]:
    """The filter form's groups, with what ``query`` has chosen selected (GET: it works without JavaScript)."""

    def group(name: str, kind: str, options: Any, chosen: Any, *, label: str | None = None) -> FilterGroup:
        picked = set(chosen) if isinstance(chosen, tuple) else {chosen}
        rows = [FilterOption(str(value), str(text), value in picked) for value, text in options]
        return FilterGroup(name, rules.LABELS[name] if label is None else label, kind, rows, errors.get(name, ""))

    flags = [("no_contact", query.no_contact)] + ([("marac", query.marac)] if choices.marac else [])
    groups = [
        group("whose", "radios", rules.WHOSE.items(), query.whose),
        group("risk", "checkboxes", reversed(RiskLevel.choices), query.risk),
        group("status", "checkboxes", CaseStatusValue.choices, query.status),
        group("district", "select", [("", "Any district"), *choices.districts], query.district),
        *(
            [group("abuse", "select", [("", "Any form of abuse"), *choices.forms_of_abuse], query.abuse)]
            if choices.forms_of_abuse
            else []
        ),
        # A lone checkbox, with no legend: its own label says it all.
        *[
            group(name, "checkbox", [(rules.YES, rules.LABELS[name])], rules.YES if on else "", label="")
            for name, on in flags
        ],
        group("sort", "select", rules.SORTS.items(), query.sort),
    ]
    return groups


EXPORT_HEADERS = (
    "Reference",
    "Status",
    "Risk level",
    "District",
    "Owning agency",
    "Last activity",
    "MARAC in the last 12 months",
    "No contact for 14 days or more",
)


def _yes_no(value: object) -> str:
    return "Not known" if value is None else ("Yes" if value else "No")


def case_export_rows(cases: Any) -> list[tuple[object, ...]]:
    """The download's rows: codes, dates and agency names only; never a name, address or contact detail."""
    return [
        (
            case.reference,
            case.get_current_status_display(),
            case.get_current_risk_level_display(),
            case.district.name if case.district else "",
            case.owning_organisation.name,
            london_date(case.last_activity).isoformat(),
            _yes_no(getattr(case, "marac_recent", None)),
            _yes_no(case.no_recent_contact),
        )
        for case in cases
    ]


# The case's status history, with the coded reasons for closing (vawg/cases/config.py) ------------------


@dataclass(frozen=True)
class StatusHistoryRow:
    when: str
    status: Tag
    reason: str  # the coded reason's label, for a closure
    detail: str  # the reason in words
    by: str
    exit_answers: tuple[str, ...] = ()  # "Question: answer", for the questions that were asked


def _closure(row: CaseStatus) -> tuple[str, tuple[str, ...]]:
    closure_set = CLOSURE_SETS_BY_VERSION.get(row.closure_version)
    if closure_set is None:
        return "", ()
    coded = closure_set.reason(row.closure_reason)
    answers = []
    for code, answer in row.exit_answers.items():
        question = closure_set.question(code)
        if question is not None and answer != NOT_ASKED:
            answers.append(f"{question.text} {dict(question.answers).get(answer, answer)}")
    return (coded.label if coded else row.closure_reason), tuple(answers)


def status_history(case: Case) -> list[StatusHistoryRow]:
    """Every status the case has had, newest first: reopening keeps each closure and its reason."""
    rows = []
    for row in case.statuses.select_related("created_by").order_by("-created_at"):
        reason, answers = _closure(row)
        rows.append(
            StatusHistoryRow(
                when=f"{timezone.localtime(row.created_at):%-d %B %Y}",
                status=Tag(row.get_status_display(), STATUS_COLOURS.get(row.status, "")),
                reason=reason,
                detail=row.reason,
                by=row.created_by.full_name,
                exit_answers=answers,
            )
        )
    return rows
