"""Synthetic MARAC history for the demo (part of ``manage.py seed_demo``, after the referrals).

One MARAC, "Brookmere County MARAC (demo)", covers the ten demo districts and is coordinated by the
demo coordinator's agency; the demo police officer chairs it. It meets on the second Wednesday of
each month. Past meetings run from the first month the demo caseload has cases to list (the demo
referrals go back about 25 months; the meetings before that would have had nothing to hear) to
last month; then two upcoming meetings: the next with a published agenda (research to do), the
one after scheduled with a couple of cases listed, and a few cases left waiting in the queue.

Everything goes through the real MARAC services (vawg/marac/services/*), acting as the demo
coordinator, chair and agency accounts, each step at its own moment (time_machine, as
demo_referrals.py does): those services insist on "now" (meetings are scheduled in the future,
research is written before the meeting starts, actions fall due after today, the victim is told
after the case is heard), so travelling to each moment is the only way to make history through
them. No row is updated directly.

How cases come in: MARAC-eligible DASH assessments through the DASH hook (``queue_from_dash``), at
the moment of the assessment; other demo cases referred by their caseworker on professional
judgement (``marac_referral_refer``); repeats through a new incident within 12 months of a hearing
(``incident_record``, whose hook returns the case to the queue); and one transfer in from another
(fictional) MARAC. One heard case is transferred out.

Deterministic for a seed and the demo's anchored "now" (DemoClock), never the wall clock.
Idempotent: when the area
already has meetings, nothing more is made.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from faker import Faker

from vawg.accounts.models import Organisation, User
from vawg.accounts.roles import Role
from vawg.cases.models import Case
from vawg.cases.services import case_agency_add
from vawg.marac.models import (
    AgendaItem,
    Cadence,
    Criterion,
    InformedOutcome,
    MaracAction,
    MaracArea,
    MaracMeeting,
    MaracReferral,
    MaracReferralState,
    ResearchFlag,
    RiskAddressed,
)
from vawg.marac.rules.meetings import meeting_dates
from vawg.marac.services.actions import marac_action_create, marac_action_update
from vawg.marac.services.agenda import agenda_item_list, agenda_publish
from vawg.marac.services.chair import agenda_item_hear, agenda_item_record, agenda_item_start, meeting_close
from vawg.marac.services.informed import victim_informed_record
from vawg.marac.services.intake import marac_referral_refer, queue_from_dash
from vawg.marac.services.meetings import (
    MeetingPlan,
    local_start,
    meeting_attendance_record,
    meeting_attendee_register,
    meeting_cancel,
    meeting_schedule,
)
from vawg.marac.services.minutes import minutes_publish
from vawg.marac.services.research import research_task_save, research_task_submit, victim_voice_save
from vawg.marac.services.transfers import transfer_in_accept, transfer_in_record, transfer_out
from vawg.nonprod.demo.data import (
    ACTIONS,
    CONCERNS,
    CONCLUSIONS,
    PRESENTATIONS,
    RESEARCH,
    RISKS,
    SHARED,
    VOICE,
)
from vawg.nonprod.demo.referrals import at
from vawg.referrals.models import Referral, SubjectRole
from vawg.risk.models import DashAssessment, IncidentKind
from vawg.risk.services import incident_record

SYSTEM_JOB = "seed_demo"
AREA_NAME = "Brookmere County MARAC (demo)"
MEETING_AT = time(10, 0)
PAST_MONTHS = 24
SPARE_FOR_UPCOMING = 16
# Agencies invited to every meeting: each has a demo account that acts for it.
INVITED_ROLES = (Role.POLICE, Role.IDVA, Role.SOCIAL_WORKER, Role.HEALTH, Role.HOUSING, Role.ACCOMMODATION_MANAGER)
OTHER_MARACS = ("Ashcombe Vale MARAC (demo)", "Thornbury Downs MARAC (demo)")
CASES_PER_MEETING = (8, 12)
REPEAT_SHARE = 0.12
COUNT_KEYS = (
    "marac_areas",
    "marac_populations",
    "marac_meetings",
    "marac_referrals",
    "marac_cases_heard",
    "marac_actions",
    "marac_transfers",
)


@dataclass
class Cast:
    """Who acts: the coordinator and chair, and one demo account per invited agency."""

    coordinator: User
    chair: User
    idva: User
    members: dict[Any, User]  # organisation id -> the account acting for it
    invited: list[Organisation]


@dataclass(order=True)
class Event:
    moment: datetime
    order: int
    kind: str = field(compare=False)
    target: Any = field(compare=False, default=None)


def second_wednesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7 + 7)


class History:
    def __init__(self, *, seed: int, now: datetime, area: MaracArea, cast: Cast, counts: dict[str, int]) -> None:
        self.rng = random.Random(seed + 4)  # noqa: S311 (synthetic demo data)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed + 4)
        self.area, self.cast, self.counts = area, cast, counts
        self.now = now  # the demo's anchored instant: the history never reads the wall clock
        self.events: list[Event] = []
        self.spare: list[Case] = []  # demo cases not referred to MARAC, most recent first
        self.order = 0

    # --- the timeline -------------------------------------------------------------------------

    def push(self, moment: datetime, kind: str, target: Any = None) -> None:
        if moment < self.now - timedelta(hours=1):
            self.order += 1
            heapq.heappush(self.events, Event(moment, self.order, kind, target))

    def drain(self, until: datetime) -> None:
        while self.events and self.events[0].moment <= until:
            event = heapq.heappop(self.events)
            with at(event.moment):
                getattr(self, f"on_{event.kind}")(event.target)

    def make(self) -> None:
        today = timezone.localdate(self.now)
        start = today.replace(day=1) - timedelta(days=PAST_MONTHS * 30.5)
        days = meeting_dates(Cadence.MONTHLY, second_wednesday(start.year, start.month), today + timedelta(70))
        past = [day for day in days if day <= today - timedelta(days=4)][-PAST_MONTHS:]
        upcoming = [day for day in days if day > today][:2]
        first_case = Case.objects.order_by("created_at").values_list("created_at", flat=True).first()
        if first_case is not None:
            # Meetings from when the demo caseload has cases to list (a week of referrals first).
            held = [local_start(day, MEETING_AT) for day in past]
            held = [starts for starts in held if starts - timedelta(days=10) > first_case + timedelta(days=7)]
            self.plan_referrals(len(held))
            for starts in held:
                self.hold(starts)
        self.drain(self.now - timedelta(hours=1))
        with at(self.now):
            self.upcoming([local_start(day, MEETING_AT) for day in upcoming])

    def plan_referrals(self, meetings: int) -> None:
        """Put every way in on the timeline: eligible DASH first, then enough professional referrals."""
        eligible = DashAssessment.objects.marac_eligible().select_related("case", "assessed_by").order_by("created_at")
        seen: set[Any] = set()
        for assessment in eligible:
            self.push(assessment.created_at + timedelta(minutes=5), "dash", assessment)
            seen.add(assessment.case_id)
        # About as many as the meetings can hear (repeats and the transfer in make up the rest).
        wanted = meetings * (sum(CASES_PER_MEETING) // 2 - 1) - len(seen)
        victims = Referral.objects.filter(subject_role=SubjectRole.VICTIM).values("case")
        pool = list(
            Case.objects.filter(pk__in=victims, is_restricted=False)
            .exclude(pk__in=seen)
            .select_related("created_by", "owning_organisation")
            .order_by("reference")
        )
        # The case that comes in from another MARAC is set aside first, so a long history never uses it up.
        inbound_at = self.now - timedelta(days=75)
        candidate = next((case for case in pool if case.created_at < inbound_at - timedelta(days=30)), None)
        if candidate is not None:
            pool.remove(candidate)
            self.push(inbound_at, "transfer_in", candidate)
        # Keep some cases back for this week's referrals (the next agenda and the queue).
        chosen = self.rng.sample(pool, max(min(wanted, len(pool) - SPARE_FOR_UPCOMING), 0))
        for case in chosen:
            self.push(case.created_at + timedelta(days=self.rng.uniform(2, 20)), "professional", case)
        taken = {case.pk for case in chosen}
        self.spare = sorted((case for case in pool if case.pk not in taken), key=lambda c: c.created_at, reverse=True)
        self.push(self.now - timedelta(days=20), "transfer_out")

    # --- ways in ------------------------------------------------------------------------------

    def on_dash(self, assessment: DashAssessment) -> None:
        if queue_from_dash(assessment, assessment.assessed_by) is not None:
            self.counts["marac_referrals"] += 1

    def on_professional(self, case: Case) -> None:
        children = (
            Referral.objects.filter(case=case).order_by("created_at").values_list("children_in_household", flat=True)
        )
        try:
            marac_referral_refer(
                case=case,
                by=case.created_by,
                criteria=[Criterion.PROFESSIONAL_JUDGEMENT],
                judgement_rationale="Escalating abuse reported to the caseworker; risk judged high despite the score.",
                children_in_household=children.first(),
                urgent=self.rng.random() < 0.1,
            )
        except (ValidationError, PermissionDenied, Http404):
            return  # already waiting, or the caseworker can no longer see the case
        self.counts["marac_referrals"] += 1

    def on_incident(self, case: Case) -> None:
        before = MaracReferral.objects.count()
        kind = self.rng.choice(list(IncidentKind.values))
        try:
            incident_record(
                case=case,
                by=case.created_by,
                occurred_on=timezone.localdate(),
                reported_by_organisation=self.cast.invited[0],
                kind=kind,
            )
        except (PermissionDenied, Http404):
            return
        self.counts["marac_referrals"] += MaracReferral.objects.count() - before

    def on_transfer_in(self, case: Case) -> None:
        coordinator = self.cast.coordinator
        coordinating = self.area.coordinating_organisation
        if not Case.objects.visible_to(coordinator).filter(pk=case.pk).exists():
            # The owning caseworker adds the coordinating agency to the case (it now works with it).
            case_agency_add(case=case, organisation=coordinating, by=case.created_by)
        if not Case.objects.visible_to(coordinator).filter(pk=case.pk).exists() or case.marac_referrals.open():
            return
        transfer = transfer_in_record(
            area=self.area,
            case=case,
            other_marac=OTHER_MARACS[0],
            summary="Heard twice at the sending MARAC; the victim has moved into this area. Actions open with "
            "the police and the IDVA service. (Synthetic demo summary.)",
            by=coordinator,
        )
        transfer_in_accept(transfer=transfer, criteria=[Criterion.PROFESSIONAL_JUDGEMENT], by=coordinator)
        self.counts["marac_transfers"] += 1
        self.counts["marac_referrals"] += 1

    def on_transfer_out(self, _target: Any = None) -> None:
        open_cases = MaracReferral.objects.open().values("case")
        referral = (
            MaracReferral.objects.filter(area=self.area, current_state=MaracReferralState.HEARD)
            .exclude(case__in=open_cases)
            .order_by("-referred_on", "reference")
            .first()
        )
        if referral is not None:
            transfer_out(marac_referral=referral, other_marac=OTHER_MARACS[1], by=self.cast.coordinator)
            self.counts["marac_transfers"] += 1

    # --- a meeting ----------------------------------------------------------------------------

    def schedule(self, starts: datetime) -> MaracMeeting:
        cast = self.cast
        plan = MeetingPlan(chair=cast.chair, coordinator=cast.coordinator, agencies=cast.invited)
        meeting = meeting_schedule(area=self.area, starts_at=starts, plan=plan, by=cast.coordinator)
        for organisation in cast.invited:
            member = cast.members[organisation.pk]
            # The agency's demo account, and a colleague (a Faker name: nobody real).
            for user, name in ((member, member.full_name), (None, self.fake.name())):
                meeting_attendee_register(
                    meeting=meeting,
                    organisation=organisation,
                    name=name,
                    job_title="MARAC representative",
                    user=user,
                    by=cast.coordinator,
                )
        self.counts["marac_meetings"] += 1
        return meeting

    def list_cases(self, meeting: MaracMeeting, wanted: int) -> list[AgendaItem]:
        queue = MaracReferral.objects.queued().filter(area=self.area).order_by("-urgent", "referred_on", "reference")
        return [
            agenda_item_list(
                marac_referral=referral, meeting=meeting, by=self.cast.coordinator, confirm_over_capacity=True
            )
            for referral in queue[:wanted]
        ]

    def hold(self, starts: datetime) -> None:
        with at(starts - timedelta(days=28)):
            meeting = self.schedule(starts)
        listing = starts - timedelta(days=10)
        self.drain(listing)
        with at(listing):
            items = self.list_cases(meeting, self.rng.randint(*CASES_PER_MEETING))
        if not items:
            with at(listing):
                meeting_cancel(meeting=meeting, reason="No cases waiting to be heard", by=self.cast.coordinator)
            return
        with at(starts - timedelta(days=8)):
            agenda_publish(meeting=meeting, by=self.cast.coordinator)
        items = list(meeting.items.select_related("meeting", "marac_referral__case").order_by("position"))
        with at(starts - timedelta(days=3)):
            for item in items:
                self.research(item)
        self.meeting_day(meeting, items, starts)
        with at(starts + timedelta(days=2, hours=4)):
            minutes_publish(meeting=meeting, by=self.cast.coordinator)
        with at(starts + timedelta(days=3)):
            for item in items:
                self.inform(item)
        for item in items:
            if self.rng.random() < REPEAT_SHARE:
                self.push(starts + timedelta(days=self.rng.uniform(30, 300)), "incident", item.marac_referral.case)
        self.update_actions(meeting, starts + timedelta(days=self.rng.uniform(20, 40)))

    def research(self, item: AgendaItem) -> None:
        """The police and the IDVA service return research on every case; each other agency on about a
        third (in the demo only: it keeps seed_demo fast); one in ten is not returned in time."""
        rng = self.rng
        always = {self.cast.invited[0].pk, self.cast.invited[1].pk}
        for task in item.research.select_related("organisation").order_by("organisation__name"):
            if rng.random() < 0.1 or (task.organisation_id not in always and rng.random() > 0.3):
                continue
            holds = rng.random() < 0.7
            member = self.cast.members[task.organisation_id]
            research_task_save(
                task=task,
                by=member,
                holds_information=holds,
                flags=rng.sample(list(ResearchFlag.values), rng.randint(1, 3)) if holds else [],
                victim_information=rng.choice(RESEARCH) if holds else "",
                perpetrator_information=rng.choice(RESEARCH) if holds and rng.random() < 0.6 else "",
                children_information=rng.choice(RESEARCH) if holds and rng.random() < 0.3 else "",
            )
            research_task_submit(task=task, by=member)
        if rng.random() < 0.75:
            victim_voice_save(
                item=item, by=self.cast.idva, views=rng.choice(VOICE), safety_concerns=rng.choice(CONCERNS)
            )

    def meeting_day(self, meeting: MaracMeeting, items: list[AgendaItem], starts: datetime) -> None:
        rng, cast = self.rng, self.cast
        with at(starts):
            attendees = list(meeting.attendees.order_by("organisation__name", "name"))
            meeting_attendance_record(
                meeting=meeting,
                attended={a.pk: a.user_id is not None or rng.random() < 0.5 for a in attendees},
                by=cast.coordinator,
            )
        for n, item in enumerate(items):
            with at(starts + timedelta(minutes=13 * n + 2)):
                agenda_item_start(item=item, by=cast.chair)
                agenda_item_record(
                    item=item,
                    by=cast.chair,
                    presentation=rng.choice(PRESENTATIONS),
                    information_shared=rng.choice(SHARED),
                    risks_identified=rng.choice(RISKS),
                    conclusion=rng.choice(CONCLUSIONS),
                )
                for _ in range(rng.randint(2, 4)):
                    owner_agency = rng.choice(cast.invited)
                    marac_action_create(
                        item=item,
                        by=cast.chair,
                        description=rng.choice(ACTIONS),
                        owning_organisation=owner_agency,
                        owner=cast.members[owner_agency.pk],
                        due_on=timezone.localdate() + timedelta(days=rng.randint(7, 35)),
                        risk_addressed=rng.choice(list(RiskAddressed.values)),
                    )
                    self.counts["marac_actions"] += 1
                agenda_item_hear(item=item, by=cast.chair)
                self.counts["marac_cases_heard"] += 1
        with at(starts + timedelta(minutes=13 * len(items) + 5)):
            meeting_close(meeting=meeting, by=cast.chair)

    def inform(self, item: AgendaItem) -> None:
        if self.rng.random() < 0.15:
            return  # still to be told
        outcome = self.rng.choices(list(InformedOutcome), weights=(80, 8, 5, 7))[0]
        notes = {
            InformedOutcome.TOLD: "Told by phone on the agreed safe number; safety actions explained.",
            InformedOutcome.UNSAFE: "Not contacted: the person causing harm may see messages.",
            InformedOutcome.DECLINED: "Declined further contact with services.",
            InformedOutcome.NOT_REACHED: "Two attempts on the safe number; no answer.",
        }
        victim_informed_record(
            agenda_item=item, by=self.cast.idva, outcome=outcome, informed_on=timezone.localdate(), note=notes[outcome]
        )

    def update_actions(self, meeting: MaracMeeting, moment: datetime) -> None:
        """Most actions done by the owning agency; some left open, so they carry forward and fall overdue."""
        if moment > self.now - timedelta(hours=1):
            return
        with at(moment):
            actions = MaracAction.objects.filter(agenda_item__meeting=meeting).order_by(
                "agenda_item__position", "due_on"
            )
            for action in actions.select_related("agenda_item"):
                roll = self.rng.random()
                member = self.cast.members[action.owning_organisation_id]
                if roll < 0.8:
                    marac_action_update(action=action, by=member, state="done", note="Completed.")
                elif roll < 0.85:
                    marac_action_update(action=action, by=member, state="not-done", note="Victim declined the offer.")
                elif roll < 0.92:
                    marac_action_update(action=action, by=member, state="in-progress")

    # --- what is coming ------------------------------------------------------------------------

    def upcoming(self, starts: list[datetime]) -> None:
        """The next meeting with its agenda published (research to do); the one after scheduled with a
        couple of cases listed; a few cases left in the queue for the coordinator to list."""
        queued = MaracReferral.objects.queued().filter(area=self.area).count()
        spare = iter(self.spare)
        while queued < CASES_PER_MEETING[0] + 4 and (case := next(spare, None)) is not None:
            before = self.counts["marac_referrals"]
            self.on_professional(case)  # this week's referrals
            queued += self.counts["marac_referrals"] - before
        for n, moment in enumerate(starts):
            meeting = self.schedule(moment)
            wanted = max(queued - 4, 0) if n == 0 else min(2, max(queued - 2, 0))
            listed = self.list_cases(meeting, min(wanted, CASES_PER_MEETING[1]))
            queued -= len(listed)
            if n == 0 and listed:
                agenda_publish(meeting=meeting, by=self.cast.coordinator)
