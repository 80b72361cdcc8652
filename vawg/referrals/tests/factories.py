"""Factories for referrals (saved directly, without routing or audit entries; services are tested on their own)."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from vawg.people.tests.factories import PersonFactory
from vawg.referrals.models import (
    Consent,
    FormOfAbuse,
    Referral,
    ReferralRoute,
    ReferralSource,
    RiskGrade,
    RiskTool,
    ServiceKind,
    SubjectRole,
)

__all__ = ["ReferralFactory", "ReferralRouteFactory", "referral_routed_to"]


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    reference = factory.Sequence(lambda n: f"R-2026-{n + 900000:06d}")
    source = ReferralSource.PROFESSIONAL
    subject = factory.SubFactory(PersonFactory)
    subject_role = SubjectRole.VICTIM
    forms_of_abuse = factory.LazyFunction(lambda: [FormOfAbuse.DOMESTIC_ABUSE.value])
    consent = Consent.GIVEN
    risk_tool = RiskTool.POLICE_DASH
    risk_grade = RiskGrade.MEDIUM
    details = "Synthetic referral details"


class ReferralRouteFactory(DjangoModelFactory):
    class Meta:
        model = ReferralRoute

    referral = factory.SubFactory(ReferralFactory)
    service_kind = ServiceKind.OUTREACH


def referral_routed_to(organisation: Any, **kwargs: Any) -> Referral:
    """A referral routed (one outreach route) to ``organisation``."""
    referral = ReferralFactory(**kwargs)
    ReferralRouteFactory(referral=referral, organisation=organisation)
    return referral


def record_referral(*, by: Any = None, system_job: str = "", **fields: Any) -> Referral:
    """A referral recorded and routed through the services (as intake does), with sensible defaults."""
    from vawg.referrals.services import referral_record_new

    defaults: dict[str, Any] = {
        "source": ReferralSource.PROFESSIONAL if by is not None else ReferralSource.SELF,
        "subject_role": SubjectRole.VICTIM,
        "forms_of_abuse": [FormOfAbuse.DOMESTIC_ABUSE.value],
        "consent": Consent.GIVEN,
        "risk_tool": RiskTool.POLICE_DASH,
        "risk_grade": RiskGrade.MEDIUM,
        "details": "Synthetic referral details",
        "referrer_user": by,
    }
    if by is not None and "referrer_organisation" not in fields:
        membership = by.memberships.active().first()
        defaults["referrer_organisation"] = membership.organisation if membership else None
    defaults.update(fields)
    if "subject" not in defaults:
        defaults["subject"] = PersonFactory()
    return referral_record_new(referral=Referral(**defaults), by=by, system_job=system_job or "tests")
