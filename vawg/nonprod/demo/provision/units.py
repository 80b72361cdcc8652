"""The demo's safe accommodation providers, their accommodation managers and their units (part of
``manage.py seed_demo``).

Kestrel Refuge Partnership is already a demo agency (``accommodation-manager@demo.invalid`` works there);
nine more fictional providers are made through the accounts services, each with an accommodation manager who
is a caseworker (no password, no authenticator: they never sign in). About 60 units across the ten districts
are made through ``unit_create`` by each provider's manager, two and a half years before the demo's "now",
so the history that follows has somewhere to place people. Features are drawn from a ``random.Random``
seeded with the seed; addresses from Faker (en_GB), seeded, and stored encrypted by the model field.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from faker import Faker

from vawg.accounts.models import District, Membership, Organisation, OrganisationType, User
from vawg.accounts.roles import Role
from vawg.accounts.services import membership_add, organisation_create, user_create
from vawg.nonprod.demo.data import EMAIL_DOMAIN
from vawg.nonprod.demo.provision.data import (
    KEPT_FREE,
    PROVIDERS,
    UNIT_LABELS,
    DemoProvider,
    UnitGroup,
)
from vawg.nonprod.demo.referrals import at
from vawg.provision.config import AccommodationType, Specialism
from vawg.provision.models import Service, Unit
from vawg.provision.services.accommodation import unit_create

SYSTEM_JOB = "seed_demo"
OPENED_DAYS_AGO = 900
OTHER_LANGUAGES = ("pl", "ro", "ur", "pa", "bn", "ar", "so", "tr", "pt", "lt", "uk")
EXTRA_SPECIALISMS = (Specialism.DEAF, Specialism.DISABLED, Specialism.COMPLEX_NEEDS, Specialism.YOUNG, Specialism.OLDER)


def seed_providers(
    *, organisations: dict[str, Organisation], districts: dict[str, District], fake: Faker, created: dict[str, int]
) -> dict[str, User]:
    """The providers not made yet (by name), and each one's accommodation manager (by email). Returns the
    manager of each provider by its name (``accommodation-manager@demo.invalid`` at Kestrel)."""
    managers: dict[str, User] = {}
    for provider in PROVIDERS:
        full_name = f"{fake.first_name()} {fake.last_name()}"  # drawn every run: the same stream each time
        organisation = organisations.get(provider.name) or Organisation.objects.filter(name=provider.name).first()
        if organisation is None:
            organisation = organisation_create(
                name=provider.name,
                type=OrganisationType.REFUGE_PROVIDER,
                districts=[districts[name] for name in provider.districts],
                system_job=SYSTEM_JOB,
            )
            created["accommodation_providers"] += 1
        organisations[provider.name] = organisation
        if not provider.mailbox:
            managers[provider.name] = User.objects.get(email=f"{Role.ACCOMMODATION_MANAGER.value}@{EMAIL_DOMAIN}")
            continue
        email = f"{provider.mailbox}@{EMAIL_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(email=email, full_name=full_name, system_job=SYSTEM_JOB)
            created["caseworkers"] += 1
        if not Membership.objects.filter(user=user, organisation=organisation, ended_at__isnull=True).exists():
            membership_add(user=user, organisation=organisation, role=Role.ACCOMMODATION_MANAGER, system_job=SYSTEM_JOB)
            created["memberships"] += 1
        managers[provider.name] = user
    return managers


def _features(rng: random.Random, provider: DemoProvider, group: UnitGroup) -> dict[str, Any]:
    """A unit's features, drawn to suit its type and its provider."""
    kind = group.type
    if kind in (AccommodationType.DISPERSED, AccommodationType.SECOND_STAGE):
        household = rng.randint(2, 6)
    elif kind == AccommodationType.SANCTUARY:
        household = 6
    elif kind == AccommodationType.OTHER:
        household = rng.randint(1, 3)
    elif Specialism.LGBT in provider.specialisms:
        household = rng.randint(1, 2)
    else:
        household = rng.choice((1, 2, 3, 3, 4, 4, 5, 6))
    children = household - 1 if rng.random() < 0.8 else max(household - 2, 0)
    if provider.genders == ("male",):
        children = min(children, 2)
    languages = ["en", *provider.languages[: rng.randint(0, len(provider.languages))]]
    if rng.random() < 0.3:
        languages.append(rng.choice([code for code in OTHER_LANGUAGES if code not in languages]))
    specialisms = [str(value) for value in provider.specialisms]
    if rng.random() < 0.2:
        specialisms.append(str(rng.choice(EXTRA_SPECIALISMS)))
    return {
        "bedspaces": max(1, min(household - rng.randint(0, 1), 6)),
        "wheelchair_accessible": rng.random() < 0.2,
        "max_household": household,
        "max_children": children,
        # Sanctuary: the household's own home, so no limit on boys' ages and pets stay.
        "boys_max_age": None if kind == AccommodationType.SANCTUARY else rng.choice((12, 14, 14, 16, None)),
        "genders": list(provider.genders),
        "min_age": 18 if Specialism.LGBT in provider.specialisms else rng.choice((16, 18, 18)),
        "pets": kind == AccommodationType.SANCTUARY or rng.random() < 0.12,
        "languages": sorted(set(languages)),
        "nrpf_accepted": bool(provider.specialisms) or rng.random() < 0.25,
        "specialisms": sorted(set(specialisms)),
    }


def seed_units(
    *,
    seed: int,
    now: datetime,
    organisations: dict[str, Organisation],
    districts: dict[str, District],
    managers: dict[str, User],
    fake: Faker,
) -> int:
    """Every planned unit not made yet (by provider and name), opened ``OPENED_DAYS_AGO`` days before ``now``,
    vacant from then. The first unit of each ``KEPT_FREE`` group has the shape given there."""
    rng = random.Random(f"demo-units-{seed}")  # noqa: S311 (synthetic demo data)
    kept = {(provider, district): (shape, pets) for provider, district, shape, pets in KEPT_FREE}
    opened = now - timedelta(days=OPENED_DAYS_AGO)
    made = 0
    for provider in PROVIDERS:
        organisation = organisations[provider.name]
        service = Service.objects.filter(organisation=organisation, confidential_location=True).first()
        numbers: dict[str, int] = {}
        for group in provider.groups:
            for _ in range(group.count):
                # Drawn whether or not the unit exists, so every run consumes the same random streams.
                features = _features(rng, provider, group)
                address = fake.address()
                label = UNIT_LABELS[group.type]
                numbers[label] = numbers.get(label, 0) + 1
                name = f"{label} {numbers[label]}"
                if (provider.name, group.district) in kept:
                    (household, children, boys), pets = kept.pop((provider.name, group.district))
                    features |= {"max_household": household, "max_children": children, "boys_max_age": boys}
                    features |= {"pets": pets, "wheelchair_accessible": False, "min_age": 18, "genders": ["female"]}
                if Unit.objects.filter(organisation=organisation, name=name).exists():
                    continue
                with at(opened + timedelta(minutes=made)):
                    unit_create(
                        by=managers[provider.name],
                        organisation=organisation,
                        available_from=timezone.localdate(),
                        service=service,
                        name=name,
                        accommodation_type=group.type,
                        district=districts[group.district],
                        address=address,
                        opened_on=timezone.localdate(),
                        **features,
                    )
                made += 1
    return made


def kept_free_units() -> list[Unit]:
    """The units the history leaves free (``KEPT_FREE``: the first unit made for its provider in its district)."""
    found = []
    for provider, district, _, _ in KEPT_FREE:
        made = Unit.objects.filter(organisation__name=provider, district__name=district)
        unit = made.order_by("created_at").first()
        if unit is not None:
            found.append(unit)
    return found
