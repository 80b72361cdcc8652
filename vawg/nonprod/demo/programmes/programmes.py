"""The demo's behaviour-change programmes (part of ``manage.py seed_demo``, after the people causing harm).

At Fresh Start Change Programme (demo), where ``programme-worker@demo.invalid`` works: a Respect-accredited
group programme (27 sessions of 150 minutes, every district) and a high-harm case management service
(Drive model, no fixed sessions). The demo's accepted "worried about my own behaviour" self-referrals reach
the group programme through the real hook (``self_referral_accepted``); the police and probation refer
people causing harm they can see; the programme worker works the referrals into every state: to triage,
being assessed, not suitable, waiting, taking part (a running group with eight weekly sessions and its
attendance, one person past the attendance rule), completed (intake and exit measures) and left early,
and one withdrawn.

Every step goes through the programmes services as the demo account whose work it is, at its own moment
(time_machine); texts are generic synthetic wording. Nothing is created on a later run.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from vawg.accounts.models import District, Organisation, User
from vawg.accounts.roles import Role
from vawg.intelligence.models import PersonCausingHarm
from vawg.nonprod.demo.data import ROLE_AGENCY
from vawg.nonprod.demo.referrals import at
from vawg.programmes.models import Programme, ProgrammeKind, ProgrammeReferral, ProgrammeReferralState
from vawg.programmes.services import (
    attendance_record,
    outcome_measures_record,
    programme_create,
    programme_referral_assess,
    programme_referral_create,
    programme_referral_transition,
    programme_session_create,
    self_referral_accepted,
)
from vawg.referrals.models import Referral, ReferralSource, ReferralState

GROUP_PROGRAMME = "Fresh Start Change Group (demo)"
HIGH_HARM_PROGRAMME = "Fresh Start High-Harm Case Management (demo)"
S = ProgrammeReferralState
# The professional referrals' paths, in order: where each ends up.
PATHS: tuple[str, ...] = (
    S.RECEIVED,
    S.ASSESSING,
    S.NOT_SUITABLE,
    S.WAITING,
    S.ENGAGED,
    S.ENGAGED,
    S.ENGAGED,  # past the attendance rule
    S.COMPLETED,
    S.COMPLETED,
    S.EXITED,
    S.WITHDRAWN,
)
WEEKLY_SESSIONS = 8
REASON = "Repeated incidents with a partner; says he wants to change how he behaves."
NOTE = "Accepts responsibility for some of the behaviour and agrees to the programme's terms."


def _people(police: User, count: int) -> list[PersonCausingHarm]:
    """People causing harm the police can see, with no programme referral yet, adults or of unknown age."""
    today = timezone.localdate()
    adult = today - timedelta(days=19 * 366)  # 18 or over on every day the demo refers them
    rows = (
        PersonCausingHarm.objects.visible_to(police)
        .filter(programme_referrals__isnull=True)
        .exclude(person__date_of_birth__gt=adult)
        .select_related("person")
        .order_by("created_at", "pk")
    )
    return list(rows[:count])


def _self_referrals(provider: Organisation, worker: User, now: datetime) -> int:
    """Accepted self-referrals about one's own behaviour sent to the provider, through the real hook."""
    referrals = (
        Referral.objects.filter(
            source=ReferralSource.PERPETRATOR_SELF,
            current_state=ReferralState.ACCEPTED,
            routes__organisation=provider,
            programme_referral__isnull=True,
        )
        .distinct()
        .order_by("created_at")
    )
    made = 0
    for number, referral in enumerate(referrals):
        with at(now - timedelta(days=20 - number)):
            self_referral_accepted(referral, worker, provider)
        made += ProgrammeReferral.objects.filter(front_door_referral=referral).count()
    return made


def _work(referral: ProgrammeReferral, path: str, worker: User, start: datetime, rng: random.Random) -> None:
    """Move ``referral`` along its path from ``start`` (the group's sessions are recorded separately)."""
    if path == S.RECEIVED:
        return
    if path == S.WITHDRAWN:
        with at(start + timedelta(days=2)):
            programme_referral_transition(referral=referral, to_state=S.WITHDRAWN, by=worker, reason="no-contact")
        return
    with at(start + timedelta(days=1)):
        programme_referral_transition(referral=referral, to_state=S.ASSESSING, by=worker)
    if path == S.ASSESSING:
        return
    with at(start + timedelta(days=8)):
        programme_referral_assess(
            referral=referral,
            suitable=path != S.NOT_SUITABLE,
            not_suitable_reason="denies" if path == S.NOT_SUITABLE else "",
            note=NOTE,
            by=worker,
        )
    if path in (S.NOT_SUITABLE, S.WAITING):
        return
    levels = {"physical": rng.randint(2, 3), "sexual": rng.randint(0, 2), "stalking": rng.randint(1, 3)}
    levels["controlling"] = 3
    with at(start + timedelta(days=9)):
        outcome_measures_record(
            referral=referral,
            timepoint="intake",
            levels=levels,
            source="practitioner",
            recorded_on=timezone.localdate(),
            by=worker,
        )


def _finish(referral: ProgrammeReferral, path: str, worker: User, end: datetime) -> None:
    """Engaged referrals that completed (confirmed: sessions before this group's, made up one-to-one) or
    left early, with exit measures for those who completed."""
    if path not in (S.COMPLETED, S.EXITED):
        return
    with at(end):
        if path == S.EXITED:
            programme_referral_transition(referral=referral, to_state=S.EXITED, by=worker, exit_reason="disengaged")
            return
        outcome_measures_record(
            referral=referral,
            timepoint="exit",
            levels={"physical": 0, "sexual": 0, "stalking": 1, "controlling": 1},
            source="partner-worker",
            recorded_on=timezone.localdate(),
            by=worker,
        )
        programme_referral_transition(referral=referral, to_state=S.COMPLETED, by=worker, confirmed=True)


def seed_programmes(
    *, seed: int, now: datetime, organisations: dict[str, Organisation], accounts: dict[Role, User]
) -> dict[str, int]:
    provider = organisations[ROLE_AGENCY[Role.PROGRAMME_WORKER]]
    if Programme.objects.filter(provider=provider, name=GROUP_PROGRAMME).exists():
        return {}
    worker, police, probation = accounts[Role.PROGRAMME_WORKER], accounts[Role.POLICE], accounts[Role.PROBATION]
    rng = random.Random(seed + 7)  # noqa: S311 (synthetic demo data)
    start = timezone.localtime(now) - timedelta(days=120)
    with at(start):
        group = programme_create(
            provider=provider,
            by=worker,
            districts=District.objects.order_by("name"),
            name=GROUP_PROGRAMME,
            kind=ProgrammeKind.GROUP,
            respect_accredited=True,
            sessions=27,
            session_minutes=150,
            eligibility="Men aged 18 or over who have used abuse in an intimate relationship and want to change.",
            minimum_age=18,
            max_missed=3,
            max_missed_in_a_row=2,
        )
        programme_create(
            provider=provider,
            by=worker,
            name=HIGH_HARM_PROGRAMME,
            kind=ProgrammeKind.HIGH_HARM,
            sessions=0,
            eligibility="High-risk, high-harm or serial perpetrators, referred through MARAC, MATAC or the police.",
        )
    created = {"programmes": 2, "programme_self_referrals": _self_referrals(provider, worker, now)}
    people = _people(police, len(PATHS))
    supervised = set(PersonCausingHarm.objects.visible_to(probation).values_list("pk", flat=True))
    referrals: list[tuple[ProgrammeReferral, str]] = []
    for number, (person, path) in enumerate(zip(people, PATHS, strict=False)):
        # Probation refers the people it supervises; the police the rest.
        role = Role.PROBATION if person.pk in supervised else Role.POLICE
        referrer = probation if role == Role.PROBATION else police
        # The one still to triage came in two days ago; the rest in the weeks before the group began.
        moment = start + timedelta(days=2 + number)
        if path == S.RECEIVED:
            moment = timezone.localtime(now) - timedelta(days=2)
        with at(moment):
            referral = programme_referral_create(
                programme=group,
                person_causing_harm=person,
                source="professional",
                reason=REASON,
                referring_organisation=organisations[ROLE_AGENCY[role]],
                by=referrer,
            )
        _work(referral, path, worker, moment, rng)
        referrals.append((referral, path))
    created["programme_referrals"] = len(referrals)
    created["programme_sessions"] = _run_group(group, referrals, worker, now)
    for referral, path in referrals:
        _finish(
            ProgrammeReferral.objects.get(pk=referral.pk), path, worker, timezone.localtime(now) - timedelta(days=3)
        )
    return created


def _run_group(group: Programme, referrals: list[tuple[ProgrammeReferral, str]], worker: User, now: datetime) -> int:
    """Eight weekly sessions ending last week; everyone on their way to taking part attends the first, and
    then all but one attend (one misses three in a row: past the rule). Returns the sessions made."""
    attending = [r for r, path in referrals if path in (S.ENGAGED, S.COMPLETED, S.EXITED)]
    first = timezone.localtime(now).replace(hour=18, minute=30, second=0, microsecond=0) - timedelta(weeks=8)
    for week in range(WEEKLY_SESSIONS):
        starts_at = first + timedelta(weeks=week)
        with at(starts_at - timedelta(days=6)):
            session = programme_session_create(programme=group, starts_at=starts_at, by=worker)
        outcomes = {}
        for index, referral in enumerate(attending):
            outcome = "attended"
            if index == 2 and week >= WEEKLY_SESSIONS - 3:
                outcome = "missed"  # the one past the attendance rule
            elif week and (week + index) % 5 == 0:
                outcome = "excused"
            outcomes[ProgrammeReferral.objects.get(pk=referral.pk)] = outcome
        with at(starts_at + timedelta(hours=3)):
            attendance_record(session=session, outcomes=outcomes, by=worker)
    return WEEKLY_SESSIONS
