"""The demo's partner support (docs/programmes.md#partner-support): for group-programme referrals whose person
causing harm is on a case of the IDVA service where ``idva@demo.invalid`` works, the IDVA links the partner's
support and records two or three safety reports over time; the partner of the man who left the programme early
reports the risk higher after he left. When no such pair exists, the IDVA refers people causing harm from her
own cases and the programme worker takes them on, through the services.

Every step goes through the services as the account whose work it is, at its own moment. Nothing is created
on a later run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.accounts.roles import Role
from vawg.cases.models import Case, CaseParty, PartyRole
from vawg.intelligence.models import PersonCausingHarm
from vawg.nonprod.demo.data import ROLE_AGENCY
from vawg.nonprod.demo.programmes.programmes import GROUP_PROGRAMME
from vawg.nonprod.demo.referrals import at
from vawg.programmes.models import (
    FeelsSafe,
    PartnerSupport,
    Programme,
    ProgrammeReferral,
    ProgrammeReferralState,
    RiskChange,
)
from vawg.programmes.services import (
    partner_safety_report_record,
    partner_support_start,
    programme_referral_assess,
    programme_referral_create,
    programme_referral_transition,
)

S = ProgrammeReferralState
SUPPORTS = 3
TOOK_PART = (S.EXITED, S.ENGAGED, S.COMPLETED)  # the one who left early first
NOTES = (
    "Talked through the safety plan; she knows the group's days and times.",
    "Says things have been calmer at handovers of the children.",
    "Since he stopped going to the group he has been messaging again; safety plan reviewed.",
)


def seed_partner_support(
    *, seed: int, now: datetime, organisations: dict[str, Organisation], accounts: dict[Role, User]
) -> dict[str, int]:
    idva, worker = accounts[Role.IDVA], accounts[Role.PROGRAMME_WORKER]
    agency = organisations[ROLE_AGENCY[Role.IDVA]]
    group = Programme.objects.filter(name=GROUP_PROGRAMME).first()
    if group is None or PartnerSupport.objects.filter(referral__programme=group).exists():
        return {}
    local = timezone.localtime(now)
    pairs = _pairs(group, idva, agency) or _referred(group, idva, worker, agency, local)
    reports = 0
    for referral, case in pairs[:SUPPORTS]:
        with at(local - timedelta(days=80)):
            support = partner_support_start(referral=referral, partner_case=case, by=idva)
        left_early = referral.current_state == S.EXITED
        plan = [(60, FeelsSafe.MOSTLY, RiskChange.SAME, 0), (25, FeelsSafe.SAFE, RiskChange.LOWER, 1)]
        if left_early:
            plan.append((1, FeelsSafe.UNSAFE, RiskChange.HIGHER, 2))
        for days_ago, feels, change, note in plan:
            with at(local - timedelta(days=days_ago)):
                partner_safety_report_record(
                    partner_support=support,
                    reported_on=timezone.localdate(),
                    feels_safe=feels,
                    risk_change=change,
                    physical=1 if change == RiskChange.HIGHER else 0,
                    controlling=3 if change == RiskChange.HIGHER else 1,
                    stalking=2 if change == RiskChange.HIGHER else 0,
                    notes=NOTES[note],
                    by=idva,
                )
            reports += 1
    return {"partner_supports": min(len(pairs), SUPPORTS), "partner_safety_reports": reports}


def _pairs(group: Programme, idva: User, agency: Organisation) -> list[tuple[ProgrammeReferral, Case]]:
    """Group referrals that took part, each with a case of the IDVA's service naming him as the person
    causing harm (the one who left early first)."""
    cases = Case.objects.visible_to(idva).filter(owning_organisation=agency)
    parties = CaseParty.objects.current().filter(role=PartyRole.PERSON_CAUSING_HARM, case__in=cases)
    found: list[tuple[ProgrammeReferral, Case]] = []
    referrals = ProgrammeReferral.objects.filter(programme=group, current_state__in=TOOK_PART).select_related(
        "person_causing_harm"
    )
    ordered = sorted(referrals.order_by("created_at", "pk"), key=lambda r: TOOK_PART.index(r.current_state))
    for referral in ordered:
        party = (
            parties.filter(person=referral.person_causing_harm.person_id).select_related("case").order_by("pk").first()
        )
        if party is not None:
            found.append((referral, party.case))
    return found


def _referred(
    group: Programme, idva: User, worker: User, agency: Organisation, local: datetime
) -> list[tuple[ProgrammeReferral, Case]]:
    """None found: the IDVA refers people causing harm from her service's cases; the programme worker
    assesses them and they start; the first leaves early."""
    cases = Case.objects.visible_to(idva).filter(owning_organisation=agency)
    adult = timezone.localdate().replace(year=timezone.localdate().year - 18)
    parties = (
        CaseParty.objects.current()
        .exclude(person__date_of_birth__gt=adult)
        .filter(role=PartyRole.PERSON_CAUSING_HARM, case__in=cases, person__causing_harm__isnull=False)
        .filter(person__causing_harm__programme_referrals__isnull=True)
        .select_related("case", "person__causing_harm")
        .order_by("added_at", "pk")
    )
    visible = PersonCausingHarm.objects.visible_to(idva)
    pairs: list[tuple[ProgrammeReferral, Case]] = []
    seen: set[object] = set()
    for party in parties:
        harm = party.person.causing_harm
        if harm.pk in seen or not visible.filter(pk=harm.pk).exists():
            continue
        seen.add(harm.pk)
        with at(local - timedelta(days=100)):
            referral = programme_referral_create(
                programme=group,
                person_causing_harm=harm,
                source="professional",
                reason="Partner supported by our service; he has agreed to be referred.",
                referring_organisation=agency,
                by=idva,
            )
        with at(local - timedelta(days=99)):
            programme_referral_transition(referral=referral, to_state=S.ASSESSING, by=worker)
        with at(local - timedelta(days=92)):
            programme_referral_assess(
                referral=referral, suitable=True, note="Agrees to the programme's terms.", by=worker
            )
        with at(local - timedelta(days=85)):
            programme_referral_transition(referral=referral, to_state=S.ENGAGED, by=worker)
        if not pairs:
            with at(local - timedelta(days=10)):
                programme_referral_transition(referral=referral, to_state=S.EXITED, exit_reason="disengaged", by=worker)
        pairs.append((ProgrammeReferral.objects.get(pk=referral.pk), party.case))
        if len(pairs) == SUPPORTS:
            break
    return pairs
