"""MATAC reads: one record through its gate (404 otherwise), the agenda, who gets which copy of the minutes,
the location values to redact and the cohort movements (docs/matac.md).

Getters that hand out a record about a person note it with ``audit_read`` so the page is audited once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import Membership, Organisation, User
from vawg.accounts.roles import holders_of
from vawg.audit.services import audit_read
from vawg.cases.models import Case, CaseParty, PartyRole
from vawg.intelligence.config import RUN_MATAC, TAKE_PART_IN_MATAC
from vawg.intelligence.models import (
    HarmTeamMember,
    MatacMeeting,
    MatacMeetingAgency,
    MatacMeetingState,
    MatacNomination,
    MatacNominationQuerySet,
    MatacReview,
    MatacSubject,
    MatacTactic,
    PersonCausingHarm,
    PoliceIncident,
    RfgScore,
    SubjectState,
    matac_organisations,
)
from vawg.intelligence.rules.matac import Movement, next_meeting_date
from vawg.people.selectors import location_values_for

# ---------------------------------------------------------------------------
# Agencies and people
# ---------------------------------------------------------------------------


def organisations_of(user: User, perm: str) -> list[Organisation]:
    """The agencies where ``user`` holds ``perm`` (RUN_MATAC or TAKE_PART_IN_MATAC), by name."""
    return list(Organisation.objects.filter(pk__in=matac_organisations(user, perm)).order_by("name"))


def coordinating_organisations() -> list[Organisation]:
    """Agencies that run a MATAC: one of their active members holds ``run_matac``."""
    holding = Membership.objects.active().filter(user__is_active=True, role__in=holders_of(RUN_MATAC))
    return list(Organisation.objects.filter(pk__in=holding.values("organisation_id")).order_by("name"))


def participating_organisations() -> QuerySet[Organisation]:
    """Agencies that may be invited: one of their active members takes part in MATAC."""
    holding = Membership.objects.active().filter(user__is_active=True, role__in=holders_of(TAKE_PART_IN_MATAC))
    return Organisation.objects.filter(pk__in=holding.values("organisation_id")).order_by("name")


def agency_members(organisation: Organisation) -> QuerySet[User]:
    """Active people of ``organisation`` who take part in MATAC (possible owners of a tactic)."""
    holding = Membership.objects.active().filter(organisation=organisation, role__in=holders_of(TAKE_PART_IN_MATAC))
    return User.objects.filter(is_active=True, pk__in=holding.values("user_id")).order_by("full_name", "email")


def runs_matac_of(user: User, organisation_id: object) -> bool:
    return any(org.pk == organisation_id for org in organisations_of(user, RUN_MATAC))


def latest_score(person: PersonCausingHarm) -> RfgScore | None:
    """The person's score in the latest run that scored them (by the run's date, then when it ran)."""
    return (
        RfgScore.objects.filter(person_causing_harm=person)
        .select_related("run")
        .order_by("-run__as_of", "-run__created_at")
        .first()
    )


def location_values_of(people: Iterable[PersonCausingHarm]) -> dict[UUID, list[str]]:
    """For each person causing harm: every location value held for them, and for the victims in their
    police incidents and on cases where they are the person causing harm (the values ``redact``
    removes from MATAC free text). Three queries whatever the number."""
    people = list(people)
    ids = [p.pk for p in people]
    groups: dict[UUID, list[object]] = {p.pk: [p.person] for p in people}
    incidents = PoliceIncident.objects.filter(perpetrator__in=ids).select_related("victim")
    for incident in incidents.only("perpetrator_id", "victim"):
        groups[incident.perpetrator_id].append(incident.victim)
    by_person = {p.person_id: p.pk for p in people}
    parties = CaseParty.objects.filter(person__in=by_person, role=PartyRole.PERSON_CAUSING_HARM)
    cases = Case.objects.filter(pk__in=parties.values("case_id")).select_related("victim")
    case_people: dict[UUID, list[UUID]] = {}
    for party in parties.only("case_id", "person_id"):
        case_people.setdefault(party.case_id, []).append(party.person_id)
    for case in cases:
        for person_id in case_people.get(case.pk, []):
            groups[by_person[person_id]].append(case.victim)
    return location_values_for(groups)  # type: ignore[arg-type]


def names_withheld(user: User, people: Iterable[PersonCausingHarm]) -> set[UUID]:
    """Of ``people``, the restricted records whose name ``user`` sees as a pseudonym: not on the record's
    named team and not a MATAC coordinator (MARAC's rule for restricted cases)."""
    restricted = {p.pk for p in people if p.is_restricted}
    if not restricted or organisations_of(user, RUN_MATAC):
        return set()
    on_team = set(
        HarmTeamMember.objects.filter(
            person_causing_harm__in=restricted, user=user.pk, ended_at__isnull=True
        ).values_list("person_causing_harm_id", flat=True)
    )
    return restricted - on_team


# ---------------------------------------------------------------------------
# One record through its gate
# ---------------------------------------------------------------------------


def meeting_get_for(*, user: User, meeting_id: UUID) -> MatacMeeting:
    meeting = MatacMeeting.objects.visible_to(user).select_related("organisation", "chair").filter(pk=meeting_id)
    found = meeting.first()
    if found is None:
        raise Http404("No such meeting.")
    return found


def nomination_get_for(*, user: User, nomination_id: UUID) -> MatacNomination:
    found = (
        MatacNomination.objects.visible_to(user)
        .select_related("person_causing_harm__person", "rfg_score__run", "nominating_organisation", "meeting")
        .filter(pk=nomination_id)
        .first()
    )
    if found is None:
        raise Http404("No such nomination.")
    return audit_read(action="intelligence.matac_nomination.view", obj=found)


def subject_get_for(*, user: User, subject_id: UUID) -> MatacSubject:
    found = (
        MatacSubject.objects.visible_to(user)
        .select_related("person_causing_harm__person", "entry_score__run", "exit_score__run", "entry_meeting")
        .filter(pk=subject_id)
        .first()
    )
    if found is None:
        raise Http404("No such subject.")
    return audit_read(action="intelligence.matac_subject.view", obj=found)


def tactic_get_for(*, user: User, tactic_id: UUID) -> MatacTactic:
    found = (
        MatacTactic.objects.visible_to(user)
        .select_related("subject__person_causing_harm__person", "owning_organisation", "owner", "meeting")
        .filter(pk=tactic_id)
        .first()
    )
    if found is None:
        raise Http404("No such tactic.")
    return audit_read(action="intelligence.matac_tactic.view", obj=found)


def person_for_nomination(*, user: User, person_causing_harm_id: UUID) -> PersonCausingHarm:
    """A person causing harm the user may nominate: through the people-causing-harm gate (404 otherwise)."""
    found = (
        PersonCausingHarm.objects.visible_to(user).select_related("person").filter(pk=person_causing_harm_id).first()
    )
    if found is None:
        raise Http404("No such person.")
    return audit_read(action="intelligence.person_causing_harm.view", obj=found)


# ---------------------------------------------------------------------------
# Lists and the agenda
# ---------------------------------------------------------------------------


def meetings_for(user: User) -> QuerySet[MatacMeeting]:
    return MatacMeeting.objects.visible_to(user).select_related("organisation").order_by("-starts_at")


def suggested_next_date(user: User) -> object:
    """The next meeting date the cadence suggests for the user's MATAC."""
    last = (
        MatacMeeting.objects.run_by(user)
        .exclude(current_state=MatacMeetingState.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    today = timezone.localdate()
    return next_meeting_date(last=timezone.localtime(last.starts_at).date() if last else None, today=today)


def nominations_for(user: User) -> MatacNominationQuerySet:
    return (
        MatacNomination.objects.visible_to(user)
        .select_related("person_causing_harm__person", "nominating_organisation", "rfg_score")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class Agenda:
    reviews: list[MatacSubject]
    nominations: list[MatacNomination]
    entering: list[MatacSubject]
    carried_forward: list[MatacTactic]
    reviewed_ids: set[UUID]


def agenda_for(user: User, meeting: MatacMeeting) -> Agenda:
    """The coordinator's agenda: subjects due for review (active, entered before this meeting), open
    nominations to decide, subjects entering at it and outstanding tactics carried forward."""
    subjects = MatacSubject.objects.visible_to(user).filter(coordinating_organisation=meeting.organisation_id)
    subjects = subjects.select_related("person_causing_harm__person", "entry_score")
    reviews = list(
        subjects.filter(
            Q(current_state=SubjectState.ACTIVE) | Q(exit_meeting=meeting),
            entry_meeting__starts_at__lt=meeting.starts_at,
        )
    )
    entering = list(subjects.filter(entry_meeting=meeting))
    nominations = list(
        nominations_for(user).open().filter(coordinating_organisation=meeting.organisation_id).order_by("created_at")
    )
    carried = list(
        MatacTactic.objects.visible_to(user)
        .carried_forward_to(meeting)
        .select_related("subject__person_causing_harm__person", "owning_organisation", "owner")
    )
    reviewed = set(MatacReview.objects.filter(meeting=meeting).values_list("subject_id", flat=True))
    return Agenda(reviews, nominations, entering, carried, reviewed)


def subject_tactics(subject: MatacSubject) -> QuerySet[MatacTactic]:
    """Every tactic on ``subject`` (the caller shows others' in outline)."""
    return subject.tactics.select_related("owning_organisation", "owner", "meeting").order_by("due_on", "created_at")


def tactics_of_my_agencies(user: User, *, due: bool = False) -> QuerySet[MatacTactic]:
    tactics = MatacTactic.objects.of_my_agencies(user).select_related(
        "subject__person_causing_harm__person", "owning_organisation", "owner"
    )
    return tactics.due_or_overdue() if due else tactics.outstanding()


def tactics_due_count(user: User) -> int:
    """My work: the user's agencies' MATAC tactics overdue or due soon (one query)."""
    return MatacTactic.objects.of_my_agencies(user).due_or_overdue().count()


# ---------------------------------------------------------------------------
# Minutes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MinutesAccess:
    """Which copy a user gets: for which agency, and whether it is the full set (the coordinator)."""

    organisation: Organisation
    full: bool


def invited_organisation_ids(meeting: MatacMeeting) -> list[UUID]:
    return list(MatacMeetingAgency.objects.filter(meeting=meeting).values_list("organisation_id", flat=True))


def minutes_access(user: User, meeting: MatacMeeting) -> MinutesAccess:
    """The copy of ``meeting``'s minutes ``user`` may read, or 404: the coordinator from the meeting being
    held (a draft until published); a member of an invited agency once published."""
    if MatacMeeting.objects.run_by(user).filter(pk=meeting.pk).exists():
        if meeting.current_state not in (MatacMeetingState.HELD, MatacMeetingState.MINUTES_PUBLISHED):
            raise Http404("No minutes for this meeting yet.")
        return MinutesAccess(organisation=meeting.organisation, full=True)
    if meeting.current_state != MatacMeetingState.MINUTES_PUBLISHED:
        raise Http404("No minutes for this meeting yet.")
    invited = set(invited_organisation_ids(meeting))
    mine = [org for org in organisations_of(user, TAKE_PART_IN_MATAC) if org.pk in invited]
    if not mine:
        raise Http404("No minutes for this meeting.")
    return MinutesAccess(organisation=mine[0], full=False)


def discussed_subjects(user: User, meeting: MatacMeeting) -> list[MatacSubject]:
    """Subjects discussed at ``meeting``: entered, reviewed or given a tactic there. Not through the
    subject gate (an agency's copy covers subjects since exited), but never one whose deny-list names
    ``user``."""
    reviewed = MatacReview.objects.filter(meeting=meeting).values("subject_id")
    tactics = MatacTactic.objects.filter(meeting=meeting).values("subject_id")
    subjects = MatacSubject.objects.filter(
        Q(entry_meeting=meeting) | Q(pk__in=reviewed) | Q(pk__in=tactics) | Q(exit_meeting=meeting)
    ).filter(coordinating_organisation=meeting.organisation_id)
    denied = PersonCausingHarm.objects.filter(deny_entries__user=user.pk, deny_entries__removed_at__isnull=True).values(
        "pk"
    )
    return list(
        subjects.exclude(person_causing_harm__in=denied)
        .select_related("person_causing_harm__person", "entry_score", "exit_score", "entry_meeting")
        .order_by("entered_on", "created_at")
    )


def meeting_reviews(meeting: MatacMeeting) -> dict[UUID, MatacReview]:
    return {review.subject_id: review for review in MatacReview.objects.filter(meeting=meeting)}


def meeting_tactics(meeting: MatacMeeting, subjects: Iterable[MatacSubject]) -> list[MatacTactic]:
    """Tactics agreed at ``meeting`` and outstanding tactics carried forward to it, on ``subjects``."""
    ids = [s.pk for s in subjects]
    carried = MatacTactic.objects.carried_forward_to(meeting).values("pk")
    return list(
        MatacTactic.objects.filter(Q(meeting=meeting) | Q(pk__in=carried), subject__in=ids)
        .select_related("owning_organisation", "owner", "meeting")
        .order_by("due_on", "created_at")
    )


# ---------------------------------------------------------------------------
# Cohorts
# ---------------------------------------------------------------------------


def cohort_movements(user: User) -> list[Movement]:
    """Every subject of the MATACs ``user`` coordinates (all MATACs for a reader of aggregates): entry and
    exit totals only, never who."""
    subjects = MatacSubject.objects.all()
    running = organisations_of(user, RUN_MATAC)
    if running:
        subjects = subjects.filter(coordinating_organisation__in=[org.pk for org in running])
    rows = subjects.values_list("entered_on", "entry_score__total", "exit_score__total", "current_state")
    return [
        Movement(entered_on=entered, entry_total=entry, exit_total=exit_, exited=state == SubjectState.EXITED)
        for entered, entry, exit_, state in rows
    ]


def minutes_ready(user: User, meeting: MatacMeeting) -> bool:
    """The user may read a copy of the meeting's minutes now (the minutes page's gate)."""
    try:
        minutes_access(user, meeting)
    except Http404:
        return False
    return True


def agency_members_all() -> QuerySet[User]:
    """Active people who take part in MATAC anywhere (possible chairs and tactic owners)."""
    holding = Membership.objects.active().filter(role__in=holders_of(TAKE_PART_IN_MATAC))
    return User.objects.filter(is_active=True, pk__in=holding.values("user_id")).order_by("full_name", "email")
