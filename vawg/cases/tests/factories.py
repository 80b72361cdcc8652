"""Factories for cases and their access rows (built directly, without services or audit entries)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from vawg.accounts.tests.factories import OrganisationFactory, UserFactory
from vawg.cases.models import (
    BreakGlassAccess,
    Case,
    CaseAccessGrant,
    CaseAgency,
    CaseDenyEntry,
    CaseTeamMember,
    LawfulBasis,
)
from vawg.people.tests.factories import PersonFactory

__all__ = [
    "BreakGlassAccessFactory",
    "CaseAccessGrantFactory",
    "CaseAgencyFactory",
    "CaseDenyEntryFactory",
    "CaseFactory",
    "CaseTeamMemberFactory",
    "PersonFactory",
]


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"C-2026-{n + 900000:06d}")
    victim = factory.SubFactory(PersonFactory)
    owning_organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)


class CaseTeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = CaseTeamMember

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    added_by = factory.SubFactory(UserFactory)


class CaseAgencyFactory(DjangoModelFactory):
    class Meta:
        model = CaseAgency

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    added_by = factory.SubFactory(UserFactory)


class CaseAccessGrantFactory(DjangoModelFactory):
    class Meta:
        model = CaseAccessGrant

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    granted_by = factory.SubFactory(UserFactory)
    lawful_basis = LawfulBasis.SAFEGUARDING
    reason = "Joint safeguarding work agreed at the strategy meeting"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class CaseDenyEntryFactory(DjangoModelFactory):
    class Meta:
        model = CaseDenyEntry

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    reason = "Named as a party to the case"
    added_by = factory.SubFactory(UserFactory)


class BreakGlassAccessFactory(DjangoModelFactory):
    class Meta:
        model = BreakGlassAccess

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    reason = "Urgent safeguarding concern reported out of hours"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=4))
