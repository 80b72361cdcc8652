"""The demo MATAC (part of ``manage.py seed_demo``, after the police import and the rankings).

Run by ``matac-coordinator@demo.invalid`` at Chiltern Vale Constabulary (demo). Five weeks before the demo's
"now" the police nominate the top of the ranking (as of that day) and probation refers one person it
supervises; the coordinator declines one nomination and accepts the rest to a meeting three weeks ago,
where tactics of every kind are agreed with the invited agencies and one subject is reviewed; the meeting is
held and its minutes published, and the agencies work their tactics since (some done, some in progress,
one that could not be done, some not started and overdue). Today the police nominate from today's
ranking: the coordinator accepts one to the next meeting (in two weeks), with a tactic, and leaves one to
decide; and one subject of the first meeting leaves MATAC (in custody), with a score on entry and on exit.

Every step goes through the MATAC services as the demo account whose work it is, at its own moment
(time_machine); every text is generic synthetic wording (never a name, place or contact detail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.accounts.roles import Role
from vawg.intelligence.models import (
    MatacMeeting,
    MatacNomination,
    MatacSubject,
    NominationSource,
    PersonCausingHarm,
    ReviewDecision,
    RfgRun,
    TacticKind,
)
from vawg.intelligence.services.matac import (
    matac_meeting_create,
    matac_meeting_transition,
    matac_minutes_publish,
    matac_nomination_accept,
    matac_nomination_create,
    matac_nomination_decline,
    matac_review_record,
    matac_subject_exit,
    matac_tactic_create,
    matac_tactic_update,
)
from vawg.marac.models import ActionState
from vawg.nonprod.demo.data import ROLE_AGENCY
from vawg.nonprod.demo.referrals import at

PLACE = "Police HQ, conference room 2 (demo)"
# Who attends, by the demo account that owns their tactics.
INVITED = (Role.POLICE, Role.PROBATION, Role.PROGRAMME_WORKER, Role.IDVA, Role.SOCIAL_WORKER, Role.HOUSING)
PARTNER_REASON = (
    "Supervised on licence after a conviction for assault on a former partner; a new partner has "
    "disclosed controlling behaviour and the risk is rising."
)
DECLINE_REASON = "Already managed through MAPPA: the panel will share any new information."
REVIEW_NOTE = "Discussed at the meeting: the disruption and support tactics agreed; continue as a subject."
EXIT_NOTE = "Remanded in custody after a charge for a new offence; probation to share the release date."
# (kind, owner's role, wording, days after the meeting it is due, state today, note on the change)
TACTICS: tuple[tuple[str, Role, str, int, str, str], ...] = (
    (TacticKind.ENFORCEMENT, Role.POLICE, "Review outstanding warrants and bail conditions; arrest on any breach.",
     14, ActionState.DONE, "Bail conditions reviewed with the officer in the case."),
    (TacticKind.DISRUPTION, Role.POLICE, "Check vehicle and licensing records for other lines of enquiry.",
     10, ActionState.IN_PROGRESS, "Vehicle checks done; licensing enquiries under way."),
    (TacticKind.SUPPORT, Role.PROGRAMME_WORKER, "Offer a place on the behaviour change programme.",
     21, ActionState.IN_PROGRESS, "First assessment appointment offered."),
    (TacticKind.PREVENTION_DIVERSION, Role.PROBATION, "Add a licence condition to complete a relationship course.",
     14, ActionState.DONE, "Condition added at the last supervision."),
    (TacticKind.SUPPORT, Role.HOUSING, "Assess the tenancy for enforcement after the reported damage.",
     7, ActionState.OPEN, ""),
    (TacticKind.DISRUPTION, Role.POLICE, "Consider a Domestic Abuse Protection Notice at the next call-out.",
     28, ActionState.OPEN, ""),
    (TacticKind.PREVENTION_DIVERSION, Role.SOCIAL_WORKER, "Share the tactics with the children's social worker.",
     7, ActionState.NOT_DONE, "The family has moved out of the county: passed to the new area."),
    (TacticKind.SUPPORT, Role.IDVA, "Offer the current partner an IDVA and a safety plan.",
     5, ActionState.DONE, "Support offered and accepted."),
)  # fmt: skip
TODAY_TACTIC = (TacticKind.ENFORCEMENT, Role.POLICE, "Check for breaches of the non-molestation order.", 21)


@dataclass
class MatacStory:
    """The ranking the story starts from, how to rank today, and who acts in it."""

    before: RfgRun  # as of five weeks ago
    rank_today: Callable[[], RfgRun]  # called after the first meeting (scores on entry are the earlier run's)
    accounts: dict[Role, User]
    organisations: dict[str, Organisation]
    supervised: list[PersonCausingHarm]  # by probation (the partner referral comes from these)


def seed_matac(*, now: datetime, story: MatacStory, created: dict[str, int]) -> None:
    """The two meetings and their business; nothing when the MATAC already has a meeting."""
    coordinator = story.accounts[Role.MATAC_COORDINATOR]
    if MatacMeeting.objects.run_by(coordinator).exists():
        return
    police, probation = story.accounts[Role.POLICE], story.accounts[Role.PROBATION]
    invited = [story.organisations[ROLE_AGENCY[role]] for role in INVITED]
    start = timezone.localtime(now) - timedelta(days=35)
    first_day = (start + timedelta(days=14)).date()
    with at(start - timedelta(days=2)):
        first = matac_meeting_create(
            by=coordinator, starts_at=_ten(first_day), location=PLACE, organisations=invited, chair=police
        )
    created["matac_meetings"] += 1
    with at(start + timedelta(hours=2)):
        nominations = [
            matac_nomination_create(by=police, person=person, source=NominationSource.RANKING)
            for person in _top(story.before, police, count=4)
        ]
    partner = next((p for p in story.supervised if not _taken(p)), None)
    if partner is not None:
        with at(start + timedelta(days=1)):
            nominations.append(
                matac_nomination_create(
                    by=probation, person=partner, source=NominationSource.PARTNER, reason=PARTNER_REASON
                )
            )
    created["matac_nominations"] += len(nominations)
    with at(start + timedelta(days=4)):
        if len(nominations) > 2:
            matac_nomination_decline(nomination=nominations.pop(2), reason=DECLINE_REASON, by=coordinator)
        subjects = [
            matac_nomination_accept(nomination=nomination, meeting=first, by=coordinator) for nomination in nominations
        ]
    created["matac_subjects"] += len(subjects)
    _first_meeting(first, subjects, story, created)
    _today(now, subjects, story, created)


def _ten(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _taken(person: PersonCausingHarm) -> bool:
    return (
        MatacNomination.objects.open().filter(person_causing_harm=person).exists()
        or MatacSubject.objects.active().filter(person_causing_harm=person).exists()
    )


def _top(run: RfgRun, user: User, *, count: int) -> list[PersonCausingHarm]:
    """The highest-ranked people of ``run`` whom ``user`` may see and who are not nominated or subjects."""
    visible = PersonCausingHarm.objects.visible_to(user)
    found: list[PersonCausingHarm] = []
    for score in run.scores.select_related("person_causing_harm").order_by("rank")[:50]:
        person = score.person_causing_harm
        if visible.filter(pk=person.pk).exists() and not _taken(person):
            found.append(person)
        if len(found) == count:
            break
    return found


def _first_meeting(
    meeting: MatacMeeting, subjects: list[MatacSubject], story: MatacStory, created: dict[str, int]
) -> None:
    coordinator = story.accounts[Role.MATAC_COORDINATOR]
    held = timezone.localtime(meeting.starts_at)
    tactics = []
    with at(held + timedelta(hours=1)):
        for number, (kind, role, wording, due, _state, _note) in enumerate(TACTICS):
            if not subjects:
                break
            tactics.append(
                matac_tactic_create(
                    subject=subjects[number % len(subjects)],
                    meeting=meeting,
                    by=coordinator,
                    kind=kind,
                    description=wording,
                    owning_organisation=story.organisations[ROLE_AGENCY[role]],
                    due_on=held.date() + timedelta(days=due),
                    owner=story.accounts[role],
                )
            )
        if subjects:
            matac_review_record(
                subject=subjects[0], meeting=meeting, by=coordinator, note=REVIEW_NOTE, decision=ReviewDecision.CONTINUE
            )
            created["matac_reviews"] += 1
    created["matac_tactics"] += len(tactics)
    with at(held + timedelta(hours=3)):
        matac_meeting_transition(meeting=meeting, to="held", by=coordinator)
    with at(held + timedelta(days=2)):
        matac_minutes_publish(meeting=meeting, by=coordinator)
    for tactic, (_kind, role, _wording, due, state, note) in zip(tactics, TACTICS, strict=False):
        if state == ActionState.OPEN:
            continue
        owner = story.accounts[role]
        if state == ActionState.DONE and due > 10:
            with at(held + timedelta(days=due // 2)):
                matac_tactic_update(tactic=tactic, by=owner, state=ActionState.IN_PROGRESS, note="Started.")
        with at(held + timedelta(days=min(due, 18))):
            matac_tactic_update(tactic=tactic, by=owner, state=state, note=note)


def _today(now: datetime, subjects: list[MatacSubject], story: MatacStory, created: dict[str, int]) -> None:
    """Today: nominations from today's ranking (one accepted to the next meeting, one left to decide), and
    a subject of the first meeting leaves MATAC (in custody)."""
    coordinator, police = story.accounts[Role.MATAC_COORDINATOR], story.accounts[Role.POLICE]
    invited = [story.organisations[ROLE_AGENCY[role]] for role in INVITED]
    moment = timezone.localtime(now) - timedelta(hours=1)
    with at(moment - timedelta(days=20)):
        second = matac_meeting_create(
            by=coordinator,
            starts_at=_ten(moment.date() + timedelta(days=14)),
            location=PLACE,
            organisations=invited,
            chair=police,
        )
    created["matac_meetings"] += 1
    ranking = story.rank_today()
    with at(moment):
        fresh = [
            matac_nomination_create(by=police, person=person, source=NominationSource.RANKING)
            for person in _top(ranking, police, count=2)
        ]
        created["matac_nominations"] += len(fresh)
        if fresh:
            subject = matac_nomination_accept(nomination=fresh[0], meeting=second, by=coordinator)
            created["matac_subjects"] += 1
            kind, role, wording, due = TODAY_TACTIC
            matac_tactic_create(
                subject=subject,
                meeting=second,
                by=coordinator,
                kind=kind,
                description=wording,
                owning_organisation=story.organisations[ROLE_AGENCY[role]],
                due_on=moment.date() + timedelta(days=due),
                owner=story.accounts[role],
            )
            created["matac_tactics"] += 1
        if len(subjects) > 1:
            matac_subject_exit(
                subject=subjects[1], by=coordinator, exited_on=moment.date(), reason="custody", note=EXIT_NOTE
            )
            created["matac_exits"] += 1
