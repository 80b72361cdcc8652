"""MATAC pages and minutes, formatted for the GOV.UK components.

Nothing location-critical is selected, and every free-text value passes through ``redact`` with the
location values held for the person and their victims, on every page and copy (the services also redact
when they store it). A restricted record's person is named by a pseudonym for everyone but the MATAC
coordinator and the record's named team, as MARAC does for restricted cases. Other agencies' tactics are
shown in outline (kind, agency, due date, status: never the description or the owner).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone

from vawg.accounts.models import User
from vawg.core.presenters import SummaryRow, Tag
from vawg.intelligence.models import (
    MatacMeeting,
    MatacMeetingState,
    MatacNomination,
    MatacReview,
    MatacSubject,
    MatacTactic,
    NominationState,
    PersonCausingHarm,
    ReviewDecision,
    RfgScore,
    SubjectState,
    TacticKind,
)
from vawg.intelligence.rules.matac import CONFIDENTIALITY_STATEMENT, EXIT_REASONS, LAWFUL_BASIS
from vawg.intelligence.selectors.matac import (
    MinutesAccess,
    discussed_subjects,
    location_values_of,
    meeting_reviews,
    meeting_tactics,
    names_withheld,
)
from vawg.marac.models import OUTSTANDING_ACTION_STATES, ActionState
from vawg.marac.presenters.minutes import DRAFT, PROTECTIVE_MARKING, PUBLISHED
from vawg.marac.presenters.research import name_values
from vawg.people.rules import redact

NONE_RECORDED = "None recorded"
MEETING_TAGS = {
    MatacMeetingState.SCHEDULED: Tag("Scheduled", "blue"),
    MatacMeetingState.HELD: Tag("Held", "yellow"),
    MatacMeetingState.MINUTES_PUBLISHED: Tag("Minutes published", "green"),
    MatacMeetingState.CANCELLED: Tag("Cancelled", "grey"),
}
NOMINATION_TAGS = {
    NominationState.OPEN: Tag("To decide", "blue"),
    NominationState.ACCEPTED: Tag("Accepted", "green"),
    NominationState.DECLINED: Tag("Declined", "grey"),
}
SUBJECT_TAGS = {SubjectState.ACTIVE: Tag("Active subject", "purple"), SubjectState.EXITED: Tag("Exited", "grey")}


def uk_date(day: date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def uk_time(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y, %H:%M}" if moment else ""


def pseudonym(person: PersonCausingHarm) -> str:
    """A restricted record's person on MATAC pages, for those who may not see the name: a code keyed on the
    record (the same everywhere; it cannot be turned back into the name without the secret key)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"matac-pseudonym|{person.pk}".encode(), "sha256")
    return f"Person {digest.hexdigest()[:6].upper()} (restricted record)"


@dataclass
class Redactor:
    """Names and redaction for a set of people on one page (two or three queries for the whole page)."""

    values: dict[UUID, list[str]]
    withheld: set[UUID]

    @classmethod
    def for_people(cls, user: User, people: Iterable[PersonCausingHarm]) -> Redactor:
        people = list({p.pk: p for p in people}.values())
        values = location_values_of(people)
        withheld = names_withheld(user, people)
        for person in people:
            if person.pk in withheld:
                values[person.pk] = [*values[person.pk], *name_values(person.person)]
        return cls(values=values, withheld=withheld)

    def name(self, person: PersonCausingHarm) -> str:
        if person.pk in self.withheld:
            return pseudonym(person)
        return redact(person.person.full_name or "Name not recorded", self.values.get(person.pk, []))

    def text(self, person: PersonCausingHarm, value: str) -> str:
        return redact(value or "", self.values.get(person.pk, []))


def score_rows(score: RfgScore | None) -> list[SummaryRow]:
    """An RFG score's components beside its total (docs/rfg.md)."""
    if score is None:
        return [SummaryRow("RFG score", "Not scored")]
    return [
        SummaryRow("RFG total", f"{score.total:.2f}"),
        SummaryRow("Rank", str(score.rank)),
        SummaryRow("Recency", str(score.recency)),
        SummaryRow("Frequency (12 months)", f"{score.frequency} ({score.frequency_12m})"),
        SummaryRow("Gravity (highest)", f"{score.gravity:.2f} ({score.gravity_max:.2f})"),
        SummaryRow("Victims", str(score.victims)),
        SummaryRow("Serial", "Yes" if score.serial else "No"),
        SummaryRow("Scored on", uk_date(score.run.as_of)),
    ]


def total(score: RfgScore | None) -> str:
    return f"{score.total:.2f}" if score is not None else "Not scored"


def meeting_rows(meeting: MatacMeeting, invited: Iterable[str]) -> list[SummaryRow]:
    return [
        SummaryRow("Date and time", uk_time(meeting.starts_at)),
        SummaryRow("Place", meeting.location),
        SummaryRow("Chair", meeting.chair.full_name if meeting.chair else "Not recorded"),
        SummaryRow("Status", "", tags=(MEETING_TAGS[MatacMeetingState(meeting.current_state)],)),
        SummaryRow("Agencies invited", "; ".join(invited) or "None"),
    ]


# ---------------------------------------------------------------------------
# Tactics: in full for their own agency (and the coordinator), in outline for the others
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TacticRow:
    id: UUID
    subject: str
    kind: str
    description: str  # "" in outline
    agency: str
    owner: str  # "" in outline
    due_on: date
    status: str
    overdue: bool
    full: bool
    agreed_on: date

    @property
    def status_tag(self) -> Tag:
        """MARAC's status tag: red with ", overdue" when overdue, grey otherwise."""
        return Tag(f"{self.status}, overdue", "red") if self.overdue else Tag(self.status, "grey")


def tactic_row(tactic: MatacTactic, *, full: bool, subject_name: str, redactor: Redactor, today: date) -> TacticRow:
    person = tactic.subject.person_causing_harm
    return TacticRow(
        id=tactic.pk,
        subject=subject_name,
        kind=TacticKind(tactic.kind).label,
        description=redactor.text(person, tactic.description) if full else "",
        agency=tactic.owning_organisation.name,
        owner=(tactic.owner.full_name or tactic.owner.email) if full and tactic.owner else "",
        due_on=tactic.due_on,
        status=ActionState(tactic.current_state).label,
        overdue=tactic.current_state in OUTSTANDING_ACTION_STATES and tactic.due_on < today,
        full=full,
        agreed_on=timezone.localtime(tactic.meeting.starts_at).date(),
    )


def tactic_rows(
    user_agency_ids: set[UUID], tactics: Iterable[MatacTactic], redactor: Redactor, *, everything: bool
) -> list[TacticRow]:
    today = timezone.localdate()
    return [
        tactic_row(
            tactic,
            full=everything or tactic.owning_organisation_id in user_agency_ids,
            subject_name=redactor.name(tactic.subject.person_causing_harm),
            redactor=redactor,
            today=today,
        )
        for tactic in tactics
    ]


# ---------------------------------------------------------------------------
# Subjects and nominations
# ---------------------------------------------------------------------------


def subject_rows(subject: MatacSubject, redactor: Redactor) -> list[SummaryRow]:
    person = subject.person_causing_harm
    rows = [
        SummaryRow("Status", "", tags=(SUBJECT_TAGS[SubjectState(subject.current_state)],)),
        SummaryRow("Entered", f"{uk_date(subject.entered_on)} (meeting of {uk_date(subject.entry_meeting.starts_at)})"),
        SummaryRow("RFG total on entry", total(subject.entry_score)),
    ]
    if subject.current_state == SubjectState.EXITED:
        rows += [
            SummaryRow("Exited", uk_date(subject.exited_on)),
            SummaryRow("Reason", EXIT_REASONS.get(subject.exit_reason, subject.exit_reason)),
            SummaryRow("RFG total on exit", total(subject.exit_score)),
            SummaryRow("Exit note", linebreaksbr(redactor.text(person, subject.exit_note)) or NONE_RECORDED),
        ]
    return rows


PROFILE_LABELS = (
    ("profile_summary", "Summary"),
    ("profile_behaviour", "Pattern of behaviour"),
    ("profile_risks", "Risks to victims and children"),
    ("profile_agencies", "Agencies involved"),
)


def profile_rows(subject: MatacSubject, redactor: Redactor) -> list[SummaryRow]:
    person = subject.person_causing_harm
    return [
        SummaryRow(label, linebreaksbr(redactor.text(person, getattr(subject, name))) or NONE_RECORDED)
        for name, label in PROFILE_LABELS
    ]


def review_rows(reviews: Iterable[MatacReview], subject: MatacSubject, redactor: Redactor) -> list[SummaryRow]:
    person = subject.person_causing_harm
    return [
        SummaryRow(
            f"Review, {uk_date(review.meeting.starts_at)}",
            linebreaksbr(f"{ReviewDecision(review.decision).label}. {redactor.text(person, review.note)}"),
        )
        for review in reviews
    ]


def nomination_rows(nomination: MatacNomination, redactor: Redactor) -> list[SummaryRow]:
    person = nomination.person_causing_harm
    rows = [
        SummaryRow("Status", "", tags=(NOMINATION_TAGS[NominationState(nomination.current_state)],)),
        SummaryRow("Source", nomination.get_source_display()),
        SummaryRow("Nominated by", nomination.nominating_organisation.name),
        SummaryRow("Nominated on", uk_date(timezone.localtime(nomination.created_at).date())),
        SummaryRow("Reason", linebreaksbr(redactor.text(person, nomination.reason)) or NONE_RECORDED),
    ]
    if nomination.current_state == NominationState.DECLINED:
        declined = nomination.statuses.filter(state=NominationState.DECLINED).last()
        note = redactor.text(person, declined.note) if declined else ""
        rows.append(SummaryRow("Declined because", linebreaksbr(note) or NONE_RECORDED))
    return rows


# ---------------------------------------------------------------------------
# Minutes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectMinutes:
    name: str
    entered_here: bool
    entry_total: str
    decision: str
    review_note: str
    exit_line: str
    tactics: list[TacticRow]


@dataclass(frozen=True)
class Minutes:
    meeting_id: UUID
    title: str
    meeting_date: date
    place: str
    chair: str
    published: bool
    full: bool
    copy_for: str
    subjects: list[SubjectMinutes]
    subject_ids: list[str]

    @property
    def state_tag(self) -> Tag:
        return PUBLISHED if self.published else DRAFT

    @property
    def marking_tag(self) -> Tag:
        return PROTECTIVE_MARKING

    @property
    def meeting_rows(self) -> list[SummaryRow]:
        return [
            SummaryRow("Date", uk_date(self.meeting_date)),
            SummaryRow("Place", self.place),
            SummaryRow("Chair", self.chair),
            SummaryRow("Copy", "Full minutes" if self.full else f"Copy for {self.copy_for}"),
        ]


def _decision(subject: MatacSubject, meeting: MatacMeeting, review: MatacReview | None) -> str:
    if subject.entry_meeting_id == meeting.pk:
        return "Accepted as a MATAC subject"
    if review is not None:
        return ReviewDecision(review.decision).label
    return "Tactics reviewed"


def build_minutes(user: User, meeting: MatacMeeting, access: MinutesAccess) -> Minutes:
    """The copy of the minutes ``access`` names: every subject discussed, decisions, reviews; the copy's own
    agency's tactics in full and the others' in outline (the coordinator's copy: everything in full)."""
    subjects = discussed_subjects(user, meeting)
    redactor = Redactor.for_people(user, [s.person_causing_harm for s in subjects])
    reviews = meeting_reviews(meeting)
    by_subject: dict[UUID, list[MatacTactic]] = {s.pk: [] for s in subjects}
    people = {s.pk: s for s in subjects}
    for tactic in meeting_tactics(meeting, subjects):
        tactic.subject = people[tactic.subject_id]
        by_subject[tactic.subject_id].append(tactic)
    own = {access.organisation.pk}
    rows = []
    for subject in subjects:
        person = subject.person_causing_harm
        review = reviews.get(subject.pk)
        exit_line = ""
        if subject.exit_meeting_id == meeting.pk:
            exit_line = (
                f"Exited: {EXIT_REASONS.get(subject.exit_reason, subject.exit_reason)}. RFG total on entry "
                f"{total(subject.entry_score)}, on exit {total(subject.exit_score)}."
            )
        rows.append(
            SubjectMinutes(
                name=redactor.name(person),
                entered_here=subject.entry_meeting_id == meeting.pk,
                entry_total=total(subject.entry_score),
                decision=_decision(subject, meeting, review),
                review_note=redactor.text(person, review.note) if review else "",
                exit_line=exit_line,
                tactics=tactic_rows(own, by_subject[subject.pk], redactor, everything=access.full),
            )
        )
    return Minutes(
        meeting_id=meeting.pk,
        title="MATAC",
        meeting_date=timezone.localtime(meeting.starts_at).date(),
        place=meeting.location,
        chair=meeting.chair.full_name if meeting.chair else "Not recorded",
        published=meeting.current_state == MatacMeetingState.MINUTES_PUBLISHED,
        full=access.full,
        copy_for=access.organisation.name,
        subjects=rows,
        subject_ids=[str(s.pk) for s in subjects],
    )


def confidentiality_statement() -> str:
    return CONFIDENTIALITY_STATEMENT.replace("{lawful_basis}", LAWFUL_BASIS)


def harm_page_section(record: PersonCausingHarm, user: User) -> tuple[str, dict[str, object]] | None:
    """The MATAC section of the person-causing-harm page (``HARM_PAGE_SECTIONS``): their subject status and
    any open nomination, as far as the MATAC gates let ``user`` see them; None when there is nothing.
    Two queries; writes nothing (the page audits its own read)."""
    subject = (
        MatacSubject.objects.visible_to(user)
        .filter(person_causing_harm=record)
        .select_related("entry_score", "exit_score")
        .order_by("-entered_on", "-created_at")
        .first()
    )
    nomination = MatacNomination.objects.visible_to(user).open().filter(person_causing_harm=record).first()
    if subject is None and nomination is None:
        return None
    rows = []
    if subject is not None:
        status = SUBJECT_TAGS[SubjectState(subject.current_state)]
        rows.append(SummaryRow("MATAC", f"Since {uk_date(subject.entered_on)}", tags=(status,)))
        rows.append(SummaryRow("RFG total on entry", total(subject.entry_score)))
        if subject.current_state == SubjectState.EXITED:
            rows.append(SummaryRow("Exited", uk_date(subject.exited_on)))
            rows.append(SummaryRow("RFG total on exit", total(subject.exit_score)))
    if nomination is not None:
        rows.append(
            SummaryRow(
                "MATAC nomination", nomination.get_source_display(), tags=(NOMINATION_TAGS[NominationState.OPEN],)
            )
        )
    return "intelligence/matac/_harm_section.html", {
        "rows": rows,
        "subject_id": subject.pk if subject is not None else None,
        "nomination_id": nomination.pk if nomination is not None else None,
    }
