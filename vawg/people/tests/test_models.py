"""Person records: required and optional data, the DOB/age rule, relationships and encryption at rest."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from vawg.accounts.models import User
from vawg.accounts.tests.factories import DistrictFactory
from vawg.audit.models import AuditEntry
from vawg.people.models import PERSONALLY_CONNECTED, AliasKind, Ethnicity, Person, RelationshipKind
from vawg.people.services import person_alias_add, person_create, person_equality_record, person_relationship_add
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_it_records_a_person_with_no_equality_data(idva_a: User) -> None:
    person = person_create(by=idva_a, given_name="Amira", family_name="Khan", approximate_age=34)
    person.refresh_from_db()
    assert (person.ethnicity, person.disability, person.sexual_orientation, person.trans_status) == ("", "", "", "")
    assert person.first_language == ""
    assert person.interpreter_needed is None
    entry = AuditEntry.objects.for_object("people.person", person.pk).get()
    assert entry.action == "people.person.create"
    assert entry.actor_id == str(idva_a.pk)


def test_it_keeps_equality_data_when_given(idva_a: User) -> None:
    person = person_create(
        by=idva_a,
        given_name="Amira",
        equality={"ethnicity": Ethnicity.PREFER_NOT_TO_SAY, "interpreter_needed": True, "first_language": "Urdu"},
    )
    person.refresh_from_db()
    assert person.ethnicity == Ethnicity.PREFER_NOT_TO_SAY
    assert person.interpreter_needed is True


def test_it_refuses_unknown_equality_fields(idva_a: User) -> None:
    with pytest.raises(ValueError, match="religion"):
        person_create(by=idva_a, given_name="Amira", equality={"religion": "x"})


def test_it_needs_a_name(idva_a: User) -> None:
    with pytest.raises(ValidationError) as caught:
        person_create(by=idva_a, given_name=" ", family_name="")
    assert caught.value.message_dict["given_name"] == ["Enter a given name or a family name"]


def test_it_refuses_a_date_of_birth_and_an_approximate_age_together(idva_a: User) -> None:
    with pytest.raises(ValidationError) as caught:
        person_create(by=idva_a, given_name="Amira", date_of_birth=date(1990, 1, 1), approximate_age=35)
    assert "Enter either a date of birth or an approximate age, not both" in str(caught.value)
    assert not Person.objects.exists()


def test_it_enforces_the_dob_or_age_rule_in_the_database() -> None:
    person = PersonFactory.build(date_of_birth=date(1990, 1, 1), approximate_age=35)
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


def test_it_refuses_a_future_date_of_birth(idva_a: User) -> None:
    with pytest.raises(ValidationError) as caught:
        person_create(by=idva_a, given_name="Amira", date_of_birth=date(2999, 1, 1))
    assert "date_of_birth" in caught.value.message_dict


def test_it_counts_age_from_the_date_of_birth_or_the_approximate_age() -> None:
    assert PersonFactory.build(date_of_birth=date(1990, 6, 2)).age_on(date(2026, 6, 1)) == 35
    assert PersonFactory.build(date_of_birth=date(1990, 6, 1)).age_on(date(2026, 6, 1)) == 36
    unsaved = PersonFactory.build(date_of_birth=None, approximate_age=40)
    assert unsaved.age_on(date(2026, 6, 1)) == 40
    assert PersonFactory.build(date_of_birth=None).age_on(date(2026, 6, 1)) is None


def test_it_stores_no_plaintext_for_location_critical_fields(idva_a: User) -> None:
    person = person_create(
        by=idva_a,
        given_name="Amira",
        district=DistrictFactory(),
        address="CANARY-ADDRESS 12 Hidden Lane",
        postcode="CANARY-PC9",
        phone="CANARY-07700900999",
        email="canary-email@example.invalid",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT address, postcode, phone, email FROM people_person WHERE id = %s",
            [Person._meta.pk.get_db_prep_value(person.pk, connection)],
        )
        row = cursor.fetchone()
    assert row is not None
    assert all(value.startswith("enc1:") for value in row)
    assert not any("CANARY" in value.upper() for value in row)
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.address, fresh.phone) == ("CANARY-ADDRESS 12 Hidden Lane", "CANARY-07700900999")


def test_it_records_aliases_and_relationships(idva_a: User) -> None:
    victim = PersonFactory()
    harmer = PersonFactory(gender="male")
    alias = person_alias_add(person=victim, name="Mimi", kind=AliasKind.KNOWN_AS, by=idva_a)
    link = person_relationship_add(person=harmer, other=victim, kind=RelationshipKind.EX_PARTNER, by=idva_a)
    assert list(victim.aliases.all()) == [alias]
    assert list(victim.relationships_to.all()) == [link]
    assert RelationshipKind.EX_PARTNER in PERSONALLY_CONNECTED
    assert RelationshipKind.CHILD_IN_HOUSEHOLD not in PERSONALLY_CONNECTED
    details = AuditEntry.objects.get(action="people.alias.add").details
    assert "Mimi" not in str(details)


def test_it_refuses_a_relationship_with_oneself(idva_a: User) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError, match="cannot be related to themselves"):
        person_relationship_add(person=person, other=person, kind=RelationshipKind.OTHER, by=idva_a)


def test_it_never_puts_a_name_in_str() -> None:
    person = PersonFactory(given_name="Zelda", family_name="Quartz")
    assert "Zelda" not in str(person) and "Quartz" not in str(person)
    assert person.full_name == "Zelda Quartz"


def test_it_needs_an_actor_or_a_system_job() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        person_create(given_name="Amira")


def test_it_records_equality_answers_and_audits_the_fields_not_the_answers(idva_a: User) -> None:
    person = person_create(by=idva_a, given_name="Amira", family_name="Khan", approximate_age=34)

    person_equality_record(person=person, equality={"ethnicity": "asian", "disability": "yes"}, by=idva_a)

    person.refresh_from_db()
    assert (person.ethnicity, person.disability, person.sexual_orientation) == ("asian", "yes", "")
    entry = AuditEntry.objects.filter(action="people.equality.record").get()
    assert entry.details == {"fields": ["disability", "ethnicity"]}
    assert "asian" not in str(entry.details)


def test_it_refuses_a_field_that_is_not_equality_data(idva_a: User) -> None:
    person = person_create(by=idva_a, given_name="Amira", family_name="Khan", approximate_age=34)

    with pytest.raises(ValueError, match="Not equality fields"):
        person_equality_record(person=person, equality={"address": "1 High Street"}, by=idva_a)

    person.refresh_from_db()
    assert person.address == ""
