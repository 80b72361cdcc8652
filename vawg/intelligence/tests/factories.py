"""Shared factories of the intelligence app (rows built directly, without services or audit entries).
Each part adds its own at the end."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from vawg.accounts.tests.factories import OrganisationFactory, UserFactory
from vawg.cases.models import LawfulBasis
from vawg.intelligence.models import (
    HarmAccessGrant,
    HarmAgency,
    HarmAgencyReason,
    HarmDenyEntry,
    HarmTeamMember,
    PersonCausingHarm,
    PoliceImport,
    PoliceIncident,
)
from vawg.people.models import Gender
from vawg.people.tests.factories import PersonFactory

# People causing harm: the record and who may see it ---------------------------------------------


class PersonCausingHarmFactory(DjangoModelFactory):
    class Meta:
        model = PersonCausingHarm

    person = factory.SubFactory(PersonFactory, gender=Gender.MALE, given_name=factory.Faker("first_name_male"))
    owning_organisation = factory.SubFactory(OrganisationFactory)
    system_job = "tests"


class HarmAgencyFactory(DjangoModelFactory):
    class Meta:
        model = HarmAgency

    person_causing_harm = factory.SubFactory(PersonCausingHarmFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    reason = HarmAgencyReason.SUPERVISES
    system_job = "tests"


class HarmTeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = HarmTeamMember

    person_causing_harm = factory.SubFactory(PersonCausingHarmFactory)
    user = factory.SubFactory(UserFactory)
    system_job = "tests"


class HarmAccessGrantFactory(DjangoModelFactory):
    class Meta:
        model = HarmAccessGrant

    person_causing_harm = factory.SubFactory(PersonCausingHarmFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    granted_by = factory.SubFactory(UserFactory)
    lawful_basis = LawfulBasis.SAFEGUARDING
    reason = "Joint work agreed at the MATAC meeting"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class HarmDenyEntryFactory(DjangoModelFactory):
    class Meta:
        model = HarmDenyEntry

    person_causing_harm = factory.SubFactory(PersonCausingHarmFactory)
    user = factory.SubFactory(UserFactory)
    reason = "Knows the person causing harm"
    added_by = factory.SubFactory(UserFactory)


# Police data (minimal rows; the police import builds real ones) ----------------------------------


class PoliceImportFactory(DjangoModelFactory):
    class Meta:
        model = PoliceImport

    organisation = factory.SubFactory(OrganisationFactory)
    file_name = "extract.csv"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    encoding = "utf-8"
    rows = 1
    system_job = "tests"


class PoliceIncidentFactory(DjangoModelFactory):
    class Meta:
        model = PoliceIncident

    organisation = factory.SelfAttribute("first_import.organisation")
    incident_id = factory.Sequence(lambda n: f"INC-{n:06d}")
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    offence_code = "105A"
    is_crime = True
    outcome_code = ""
    perpetrator = factory.SubFactory(PersonCausingHarmFactory)
    victim = factory.SubFactory(PersonFactory, date_of_birth=date(1990, 5, 17))
    first_import = factory.SubFactory(PoliceImportFactory)
    last_import = factory.SelfAttribute("first_import")
