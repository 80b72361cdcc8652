"""Shared factories of the programmes app (rows built directly, without services or audit entries). Each
part adds its own at the end. Tests of services build their referrals through the services instead."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from vawg.accounts.models import OrganisationType
from vawg.accounts.tests.factories import OrganisationFactory
from vawg.intelligence.tests.factories import PersonCausingHarmFactory
from vawg.programmes.models import (
    Programme,
    ProgrammeKind,
    ProgrammeReferral,
    ProgrammeReferralState,
    ReferralSource,
)

# Programmes and referrals ------------------------------------------------------------------------


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    provider = factory.SubFactory(OrganisationFactory, type=OrganisationType.PROGRAMME_PROVIDER)
    name = factory.Sequence(lambda n: f"Change programme {n}")
    kind = ProgrammeKind.GROUP
    respect_accredited = True
    sessions = 27
    session_minutes = 150
    system_job = "tests"


class ProgrammeReferralFactory(DjangoModelFactory):
    """A referral received (no status row: use the services for anything that reads the history)."""

    class Meta:
        model = ProgrammeReferral

    programme = factory.SubFactory(ProgrammeFactory)
    person_causing_harm = factory.SubFactory(PersonCausingHarmFactory)
    source = ReferralSource.PROFESSIONAL
    current_state = ProgrammeReferralState.RECEIVED
    system_job = "tests"
