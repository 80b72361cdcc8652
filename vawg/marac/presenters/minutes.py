"""The minutes of a MARAC meeting, built from the records (never typed as a whole).

Nothing location-critical is selected: no address, postcode, phone, email, safe-contact detail or
code word, no refuge address. Every free-text value (and each name) passes through ``redact`` with
the location values of the case's victim and person causing harm, so a value typed by mistake into
an action or the risks identified is removed before it is shown or printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.models import LawfulBasis
from vawg.core.presenters import SummaryRow, Tag
from vawg.marac.models import (
    ActionState,
    AgendaItem,
    Criterion,
    MaracAction,
    MaracMeeting,
    MeetingState,
    RiskAddressed,
)
from vawg.marac.presenters.research import name_values, victim_pseudonym
from vawg.marac.selectors.agenda import names_withheld
from vawg.marac.selectors.minutes import (
    MinutesAccess,
    carried_forward_actions,
    meeting_attendees,
    minutes_actions,
    minutes_items,
)
from vawg.people.models import Person
from vawg.people.rules import redact
from vawg.people.selectors import location_values_for

NO_CASES = "No cases on this agenda need action from your agency."
PUBLISHED = Tag("Published", "green")
DRAFT = Tag("Draft: not yet published", "yellow")
PROTECTIVE_MARKING = Tag("OFFICIAL-SENSITIVE", "grey")
REPEAT = Tag("Repeat", "orange")
NONE_RECORDED = "None recorded"


@dataclass(frozen=True)
class AttendeeRow:
    agency: str
    name: str
    job_title: str
    attendance: str


@dataclass(frozen=True)
class ActionRow:
    description: str
    agency: str
    owner: str
    due_on: date
    risk_addressed: str
    status: str
    overdue: bool
    marac_reference: str = ""
    agreed_on: date | None = None

    @property
    def status_tag(self) -> Tag:
        """The status, red with ", overdue" when it is overdue, grey otherwise."""
        return Tag(f"{self.status}, overdue", "red") if self.overdue else Tag(self.status, "grey")


@dataclass(frozen=True)
class CaseMinutes:
    position: int
    marac_reference: str
    case_reference: str
    victim_name: str
    criteria: list[str]
    is_repeat: bool
    heard: bool
    lawful_basis: str
    risks_identified: str
    conclusion: str
    actions: list[ActionRow]

    @property
    def rows(self) -> list[SummaryRow]:
        """The case's summary list on the minutes page."""
        return [
            SummaryRow("Case reference", self.case_reference),
            SummaryRow("Criteria", "; ".join(self.criteria)),
            SummaryRow("Repeat", "", tags=(REPEAT,)) if self.is_repeat else SummaryRow("Repeat", "No"),
            SummaryRow("Heard", "Yes" if self.heard else "Not heard at this meeting"),
            SummaryRow("Risks identified", linebreaksbr(self.risks_identified) or NONE_RECORDED),
            SummaryRow("Conclusion", linebreaksbr(self.conclusion) or NONE_RECORDED),
            SummaryRow("Shared under", self.lawful_basis),
        ]


@dataclass(frozen=True)
class Minutes:
    meeting_id: UUID
    title: str
    area: str
    meeting_date: date
    chair: str
    coordinator: str
    published: bool
    full: bool
    copy_for: str
    attendance: list[AttendeeRow]
    cases: list[CaseMinutes]
    carried_forward: list[ActionRow]
    lawful_bases: list[str]
    item_ids: list[str]

    @property
    def state_tag(self) -> Tag:
        return PUBLISHED if self.published else DRAFT

    @property
    def marking_tag(self) -> Tag:
        return PROTECTIVE_MARKING

    @property
    def meeting_rows(self) -> list[SummaryRow]:
        return [
            SummaryRow("MARAC", self.area),
            SummaryRow("Date", f"{self.meeting_date:%-d %B %Y}"),
            SummaryRow("Chair", self.chair),
            SummaryRow("Coordinator", self.coordinator),
        ]


def victim_display_name(person: Person) -> str:
    """First name and family initial ("Jane S."), the usual MARAC practice."""
    given = person.given_name.strip()
    family = person.family_name.strip()
    initial = f"{family[0].upper()}." if family else ""
    return " ".join(part for part in (given, initial) if part) or "Name not recorded"


def _user_name(user: User | None) -> str:
    return user.full_name if user is not None and user.full_name else "Not recorded"


def _attendance(attended: bool | None) -> str:
    if attended is None:
        return "Not recorded"
    return "Attended" if attended else "Apologies"


def _action_row(action: MaracAction, values: list[str], today: date, *, carried: bool = False) -> ActionRow:
    item = action.agenda_item
    return ActionRow(
        description=redact(action.description, values),
        agency=action.owning_organisation.name,
        owner=redact(_user_name(action.owner), values),
        due_on=action.due_on,
        risk_addressed=RiskAddressed(action.risk_addressed).label,
        status=ActionState(action.current_state).label,
        overdue=action.current_state in (ActionState.OPEN, ActionState.IN_PROGRESS) and action.due_on < today,
        marac_reference=item.marac_referral.reference if carried else "",
        agreed_on=timezone.localtime(item.meeting.starts_at).date() if carried else None,
    )


def _values_for(item: AgendaItem, cache: dict[UUID, list[str]]) -> list[str]:
    return cache[item.marac_referral_id]


def _title(meeting: MaracMeeting) -> str:
    name = meeting.area.name if "marac" in meeting.area.name.lower() else f"{meeting.area.name} MARAC"
    return f"{name} (extra meeting)" if meeting.is_extra else name


def build_minutes(user: User, meeting: MaracMeeting, access: MinutesAccess) -> Minutes:
    """The minutes ``user`` may read, in ``access``'s copy (full, or one agency's relevant cases)."""
    today = timezone.localdate()
    items = list(minutes_items(user, meeting, access))
    carried_actions = list(carried_forward_actions(user, meeting))
    listed = [*items, *(action.agenda_item for action in carried_actions)]
    # Every case's location values in one query (one group per MARAC referral).
    cache = location_values_for(
        {item.marac_referral_id: [item.marac_referral.case.victim, item.marac_referral.perpetrator] for item in listed}
    )
    # A restricted case's victim goes under a pseudonym, and their names out of the free text, for all but
    # its named team and the coordinator (docs/marac.md).
    withheld = names_withheld(user, [item.marac_referral for item in listed])
    for referral_id, victim in {item.marac_referral_id: item.marac_referral.case.victim for item in listed}.items():
        if referral_id in withheld:
            cache[referral_id] = [*cache[referral_id], *name_values(victim)]
    by_item: dict[object, list[MaracAction]] = {item.pk: [] for item in items}
    for action in minutes_actions(user, items):
        by_item[action.agenda_item_id].append(action)
    cases = []
    for item in items:
        values = _values_for(item, cache)
        referral = item.marac_referral
        for action in by_item[item.pk]:
            action.agenda_item = item
        cases.append(
            CaseMinutes(
                position=item.position,
                marac_reference=referral.reference,
                case_reference=referral.case.reference,
                victim_name=victim_pseudonym(referral)
                if referral.pk in withheld
                else redact(victim_display_name(referral.case.victim), values),
                criteria=[Criterion(value).label for value in referral.criteria if value in Criterion.values],
                is_repeat=referral.is_repeat,
                heard=item.heard_at is not None,
                lawful_basis=LawfulBasis(item.lawful_basis).label,
                risks_identified=redact(item.risks_identified, values),
                conclusion=redact(item.conclusion, values),
                actions=[_action_row(action, values, today) for action in by_item[item.pk]],
            )
        )
    carried = [
        _action_row(action, _values_for(action.agenda_item, cache), today, carried=True) for action in carried_actions
    ]
    attendance = [
        AttendeeRow(
            agency=row.organisation.name,
            name=row.name,
            job_title=row.job_title,
            attendance=_attendance(row.attended),
        )
        for row in meeting_attendees(meeting)
    ]
    starts = timezone.localtime(meeting.starts_at)
    bases = sorted({case.lawful_basis for case in cases}) or [LawfulBasis.SAFEGUARDING.label]
    return Minutes(
        meeting_id=meeting.pk,
        title=_title(meeting),
        area=meeting.area.name,
        meeting_date=starts.date(),
        chair=_user_name(meeting.chair),
        coordinator=_user_name(meeting.coordinator),
        published=meeting.current_state == MeetingState.MINUTES_PUBLISHED,
        full=access.full,
        copy_for=access.organisation.name,
        attendance=attendance,
        cases=cases,
        carried_forward=carried,
        lawful_bases=bases,
        item_ids=[str(item.pk) for item in items],
    )


def confidentiality_statement(minutes: Minutes) -> str:
    """The configured statement (MARAC_CONFIDENTIALITY_STATEMENT) with the copy's lawful basis filled in."""
    statement: str = settings.MARAC_CONFIDENTIALITY_STATEMENT
    return statement.replace("{lawful_basis}", "; ".join(minutes.lawful_bases))


def download_time() -> datetime:
    return timezone.localtime()
