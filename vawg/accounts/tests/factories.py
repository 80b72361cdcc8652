"""Factories for agencies, users and memberships."""

from __future__ import annotations

import base64
import time

import factory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
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


class TOTPDeviceFactory(DjangoModelFactory):
    """A confirmed authenticator app for ``user``."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


def totp_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code ``device``'s app shows now (or ``offset_steps`` steps away), as a real app computes it."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_totp_code(device: TOTPDevice) -> str:
    """A code that no step inside the tolerance window accepts."""
    valid = {totp_code(device, offset_steps=offset) for offset in range(-2, 3)}
    return next(code for code in (f"{n:06d}" for n in range(123456, 999999, 7919)) if code not in valid)


def authenticator_for_key(shown_key: str) -> TOTPDevice:
    """What an authenticator app makes of the key shown at set-up (base32, in groups): an unsaved
    device for ``totp_code``. Nothing is saved until the person's code confirms the set-up."""
    secret = "".join(shown_key.split()).upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    return TOTPDevice(name="Authenticator app", key=key)
