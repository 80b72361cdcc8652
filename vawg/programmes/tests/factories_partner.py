"""Builders for partner support and high-harm case management tests (and their access matrices).

``partner_world``: a group programme at agency C (the programme worker's), a person causing harm on it,
and the partner's own case at agency A (idva_a's) naming that person as the person causing harm; the
partner support and one safety report made through the services. ``drive_world``: a high-harm referral at
agency C with the programme worker as case manager and one intervention owned by agency B (police_b's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from vawg.cases.models import CaseParty, PartyRelationship, PartyRole
from vawg.cases.tests.factories import CaseFactory
from vawg.intelligence.tests.factories import PersonCausingHarmFactory
from vawg.people.tests.factories import PersonFactory
from vawg.programmes.models import (
    FeelsSafe,
    InterventionKind,
    Programme,
    ProgrammeKind,
    ProgrammeReferralState,
    RiskChange,
)
from vawg.programmes.services import drive as drive_services
from vawg.programmes.services import partner as partner_services
from vawg.programmes.tests.factories import ProgrammeFactory, ProgrammeReferralFactory


def _programme(provider: Any, kind: str, name: str) -> Any:
    """The provider's programme of that name (made once: names are unique per provider)."""
    found = Programme.objects.filter(provider=provider, name=name).first()
    return found or ProgrammeFactory(provider=provider, kind=kind, name=name, sessions=0 if kind == "high-harm" else 27)


@dataclass
class PartnerWorld:
    programme: Any
    harm: Any  # PersonCausingHarm
    referral: Any
    case: Any  # the partner's case
    support: Any  # PartnerSupport (None when ``linked`` was False)
    report: Any


def pch_party(case: Any, person: Any, by: Any) -> Any:
    """``person`` recorded on ``case`` as the person causing harm (a row: parties have their own tests)."""
    return CaseParty.objects.create(
        case=case,
        person=person,
        role=PartyRole.PERSON_CAUSING_HARM,
        relationship_to_victim=PartyRelationship.EX_PARTNER,
        added_by=by,
    )


def partner_world(
    personas: dict[str, Any],
    agencies: Any,
    *,
    linked: bool = True,
    notes: str = "Says he has been calmer since starting the group",
    victim: dict[str, Any] | None = None,
    state: str = ProgrammeReferralState.ENGAGED,
) -> PartnerWorld:
    idva = personas["idva_a"]
    programme = _programme(agencies.c, ProgrammeKind.GROUP, "Matrix change group")
    harm = PersonCausingHarmFactory(owning_organisation=agencies.b)
    referral = ProgrammeReferralFactory(programme=programme, person_causing_harm=harm, current_state=state)
    case = CaseFactory(owning_organisation=agencies.a, victim=PersonFactory(**(victim or {})))
    pch_party(case, harm.person, idva)
    support = report = None
    if linked:
        support = partner_services.partner_support_start(referral=referral, partner_case=case, by=idva)
        report = partner_services.partner_safety_report_record(
            partner_support=support,
            reported_on=timezone.localdate(),
            feels_safe=FeelsSafe.MOSTLY,
            risk_change=RiskChange.SAME,
            physical=0,
            controlling=2,
            notes=notes,
            by=idva,
        )
    return PartnerWorld(programme, harm, referral, case, support, report)


@dataclass
class DriveWorld:
    programme: Any
    harm: Any
    referral: Any
    intervention: Any  # owned by agency B


def drive_world(personas: dict[str, Any], agencies: Any, *, due_in: int = 14) -> DriveWorld:
    worker = personas["programme_worker"]
    programme = _programme(agencies.c, ProgrammeKind.HIGH_HARM, "Matrix high-harm")
    harm = PersonCausingHarmFactory(owning_organisation=agencies.b)
    referral = ProgrammeReferralFactory(
        programme=programme, person_causing_harm=harm, current_state=ProgrammeReferralState.ENGAGED
    )
    drive_services.programme_referral_case_manager_assign(referral=referral, case_manager=worker, by=worker)
    intervention = drive_services.intervention_add(
        referral=referral,
        kind=InterventionKind.DISRUPTION,
        organisation=agencies.b,
        description="Check bail conditions weekly",
        due_on=timezone.localdate() + timedelta(days=due_in),
        by=worker,
    )
    return DriveWorld(programme, harm, referral, intervention)
