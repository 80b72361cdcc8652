"""Factories for agencies, users and memberships."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from vawg.accounts.models import District, Membership, Organisation, OrganisationType, User
from vawg.accounts.roles import Role


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"District {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Agency {n}")
    type = OrganisationType.SPECIALIST_SERVICE


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.invalid")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct horse battery staple")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.IDVA


def user_with_role(role: Role, organisation: Organisation | None = None, **user_fields: object) -> User:
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, role=role, organisation=organisation or OrganisationFactory())
    return user
