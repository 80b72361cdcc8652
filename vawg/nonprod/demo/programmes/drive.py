"""The demo's high-harm case management (docs/programmes.md#high-harm-case-management): four people causing
harm the police can see, referred to the high-harm programme by MARAC's coordinator or the police, assessed
and taken on with ``programme-worker@demo.invalid`` as case manager, with interventions by the police,
probation, children's services and housing in mixed states, some overdue.

Every step goes through the services as the account whose work it is, at its own moment. Nothing is created
on a later run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.accounts.roles import Role
from vawg.intelligence.models import PersonCausingHarm
from vawg.nonprod.demo.data import ROLE_AGENCY
from vawg.nonprod.demo.programmes.programmes import HIGH_HARM_PROGRAMME
from vawg.nonprod.demo.referrals import at
from vawg.programmes.models import InterventionKind, InterventionState, Programme, ProgrammeReferral
from vawg.programmes.models import ProgrammeReferralState as S
from vawg.programmes.services import (
    intervention_add,
    intervention_transition,
    programme_referral_assess,
    programme_referral_case_manager_assign,
    programme_referral_create,
    programme_referral_transition,
)

CASES = 4
K = InterventionKind
# (agency's role, kind, what, days after the plan it is due, its state now, the role that moves it)
PLAN = (
    (Role.POLICE, K.DISRUPTION, "Check bail conditions are kept; visit weekly.", 14, InterventionState.IN_PROGRESS),
    (Role.PROBATION, K.ENFORCEMENT, "Review licence conditions with the offender manager.", 21, InterventionState.DONE),
    (
        Role.SOCIAL_WORKER,
        K.PREVENTION,
        "Child protection plan review with the children's team.",
        40,
        InterventionState.PLANNED,
    ),
    (
        Role.HOUSING,
        K.SUPPORT,
        "Assess tenancy and move-on housing away from the family.",
        10,
        InterventionState.PLANNED,
    ),
    (
        Role.PROGRAMME_WORKER,
        K.SUPPORT,
        "Refer to drug and alcohol service; attend first appointment together.",
        7,
        InterventionState.NOT_DONE,
    ),
)


def seed_drive(
    *, seed: int, now: datetime, organisations: dict[str, Organisation], accounts: dict[Role, User]
) -> dict[str, int]:
    programme = Programme.objects.filter(name=HIGH_HARM_PROGRAMME).first()
    if programme is None or ProgrammeReferral.objects.filter(programme=programme).exists():
        return {}
    worker, police, marac = accounts[Role.PROGRAMME_WORKER], accounts[Role.POLICE], accounts[Role.MARAC_COORDINATOR]
    local = timezone.localtime(now)
    adult = timezone.localdate().replace(year=timezone.localdate().year - 18)
    people = list(
        PersonCausingHarm.objects.visible_to(police)
        .filter(programme_referrals__isnull=True)
        .exclude(person__date_of_birth__gt=adult)
        .order_by("-is_serial", "created_at", "pk")[:CASES]
    )
    interventions = 0
    for number, person in enumerate(people):
        start = local - timedelta(days=70 - 10 * number)
        by_marac = number % 2 == 0 and PersonCausingHarm.objects.visible_to(marac).filter(pk=person.pk).exists()
        referrer = marac if by_marac else police
        with at(start):
            referral = programme_referral_create(
                programme=programme,
                person_causing_harm=person,
                source="marac" if by_marac else "professional",
                reason="High-risk and repeat: agreed at the Domestic Abuse Perpetrator Panel.",
                referring_organisation=organisations[ROLE_AGENCY[Role.MARAC_COORDINATOR if by_marac else Role.POLICE]],
                by=referrer,
            )
        with at(start + timedelta(days=2)):
            programme_referral_assess(
                referral=referral, suitable=True, note="Agrees to meet the case manager.", by=worker
            )
        with at(start + timedelta(days=4)):
            programme_referral_transition(referral=referral, to_state=S.ENGAGED, by=worker)
            programme_referral_case_manager_assign(referral=referral, case_manager=worker, by=worker)
        interventions += _interventions(referral, number, start, worker, organisations, accounts)
    return {"high_harm_referrals": len(people), "high_harm_interventions": interventions}


def _interventions(
    referral: ProgrammeReferral,
    number: int,
    start: datetime,
    worker: User,
    organisations: dict[str, Organisation],
    accounts: dict[Role, User],
) -> int:
    """Four of the five planned interventions for each case (a different one left out each time)."""
    added = 0
    for index, (role, kind, what, due_in, state) in enumerate(PLAN):
        if index == number % len(PLAN):
            continue
        with at(start + timedelta(days=5)):
            intervention = intervention_add(
                referral=referral,
                kind=kind,
                organisation=organisations[ROLE_AGENCY[role]],
                description=what,
                due_on=timezone.localdate() + timedelta(days=due_in + 5 * number),
                by=worker,
            )
        added += 1
        mover = accounts[role]
        with at(start + timedelta(days=6)):
            if state in (InterventionState.IN_PROGRESS, InterventionState.DONE):
                intervention_transition(intervention=intervention, to_state=InterventionState.IN_PROGRESS, by=mover)
            if state == InterventionState.DONE:
                intervention_transition(intervention=intervention, to_state=InterventionState.DONE, by=mover)
            if state == InterventionState.NOT_DONE:
                intervention_transition(
                    intervention=intervention, to_state=InterventionState.NOT_DONE, reason="declined", by=mover
                )
    return added
