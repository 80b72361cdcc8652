"""Shared factories of the intelligence app (rows built directly, without services or audit entries).
Each part adds its own at the end."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from vawg.accounts.tests.factories import OrganisationFactory, UserFactory
from vawg.cases.models import LawfulBasis
from vawg.intelligence.imports.police import COLUMNS
from vawg.intelligence.models import (
    HarmAccessGrant,
    HarmAgency,
    HarmAgencyReason,
    HarmDenyEntry,
    HarmTeamMember,
    IdentityLink,
    LinkState,
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


# Police extracts as files (the police import part) ------------------------------------------------

POLICE_COLUMNS = COLUMNS  # the extract's columns, in the order the import expects them
POLICE_ROW = {
    "incident_id": "INC-1",
    "occurred_on": "05/03/2025",
    "offence_code": "8N",
    "outcome_code": "",
    "district": "",
    "perpetrator_force_ref": "P-1",
    "perpetrator_given_name": "Adam",
    "perpetrator_family_name": "Example",
    "perpetrator_date_of_birth": "01/02/1980",
    "perpetrator_postcode": "ZZ99 9ZZ",
    "victim_force_ref": "V-1",
    "victim_given_name": "Beth",
    "victim_family_name": "Example",
    "victim_date_of_birth": "",
    "victim_postcode": "",
}


def police_row(**changes: str) -> dict[str, str]:
    """One row of a police extract (synthetic): ``POLICE_ROW`` with ``changes``."""
    return {**POLICE_ROW, **changes}


def police_csv(*rows: dict[str, str], columns: tuple[str, ...] = POLICE_COLUMNS, encoding: str = "utf-8") -> bytes:
    """A police extract file: a header row and ``rows``, quoted as a spreadsheet would."""

    def quoted(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n\r') else value

    lines = [",".join(columns)] + [",".join(quoted(row.get(name, "")) for name in columns) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


# Identity links (the identity resolution part) ----------------------------------------------------


class IdentityLinkFactory(DjangoModelFactory):
    """A pair of people (``left`` gets the smaller id whatever order they are given in)."""

    class Meta:
        model = IdentityLink

    left = factory.SubFactory(PersonFactory)
    right = factory.SubFactory(PersonFactory)
    match_probability = 0.8
    model_version = "tests"
    current_state = LinkState.WAITING
    comparison = factory.LazyFunction(
        lambda: {"given_name": {"level": "exact", "weight": 6.2}, "postcode": {"level": "disagree", "weight": -2.1}}
    )

    @classmethod
    def _create(cls, model_class: type[IdentityLink], *args: object, **kwargs: object) -> IdentityLink:
        left, right = kwargs["left"], kwargs["right"]
        if left.pk > right.pk:  # type: ignore[attr-defined]
            kwargs["left"], kwargs["right"] = right, left
        return super()._create(model_class, *args, **kwargs)
