"""Factories for people and their safe contact (saved directly: services are tested on their own)."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from vawg.people.models import Channel, Gender, Person, SafeContactPreference, SafeStatus


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Faker("first_name_female", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(1990, 5, 17)
    gender = Gender.FEMALE
    phone = "07700 900123"
    email = "person@example.invalid"
    address = "1 Example Street, Exampletown"
    postcode = "AL1 1AA"


class SafeContactPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = SafeContactPreference

    person = factory.SubFactory(PersonFactory)
    channel = Channel.SMS
    version = factory.Sequence(lambda n: n + 1)
    status = SafeStatus.SAFE
    system_job = "tests"
