"""Factories for the directory and safe accommodation (built directly, without services or audit entries)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from vawg.accounts.models import OrganisationType
from vawg.accounts.tests.factories import DistrictFactory, OrganisationFactory, UserFactory
from vawg.cases.tests.factories import CaseFactory
from vawg.provision.config import AccessRoute, AccommodationType, ReservationState, UnitState, Urgency
from vawg.provision.models import (
    AccommodationRequest,
    Placement,
    Reservation,
    Service,
    Unit,
    UnitStatus,
)

__all__ = [
    "AccommodationRequestFactory",
    "PlacementFactory",
    "ReservationFactory",
    "ServiceFactory",
    "UnitFactory",
    "UnitStatusFactory",
]


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.SPECIALIST_SERVICE)
    name = factory.Sequence(lambda n: f"Support service {n}")
    description = "One-to-one support for survivors of domestic abuse."
    service_types = factory.LazyFunction(lambda: ["outreach"])
    forms_of_abuse = factory.LazyFunction(lambda: ["domestic-abuse"])
    risk_levels = factory.LazyFunction(lambda: ["standard", "medium", "high"])
    genders = factory.LazyFunction(lambda: ["female", "male", "non-binary"])
    countywide = True
    access_route = AccessRoute.SELF_OR_PROFESSIONAL
    public_phone = "0808 000 0000"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.REFUGE_PROVIDER)
    name = factory.Sequence(lambda n: f"Unit {n}")
    accommodation_type = AccommodationType.REFUGE
    district = factory.SubFactory(DistrictFactory)
    address = factory.Sequence(lambda n: f"{n} Canary Row, Anytown AA1 1AA")
    bedspaces = 3
    max_household = 4
    max_children = 3
    genders = factory.LazyFunction(lambda: ["female"])
    min_age = 16
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=800))


class UnitStatusFactory(DjangoModelFactory):
    class Meta:
        model = UnitStatus

    unit = factory.SubFactory(UnitFactory)
    state = UnitState.VACANT


class AccommodationRequestFactory(DjangoModelFactory):
    class Meta:
        model = AccommodationRequest

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.owning_organisation")
    created_by = factory.SubFactory(UserFactory)
    urgency = Urgency.THIS_WEEK
    adults = 1
    survivor_age = 34
    survivor_gender = "female"


class ReservationFactory(DjangoModelFactory):
    class Meta:
        model = Reservation

    unit = factory.SubFactory(UnitFactory)
    request = factory.SubFactory(AccommodationRequestFactory)
    state = ReservationState.HELD
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=24))
    created_by = factory.SubFactory(UserFactory)


class PlacementFactory(DjangoModelFactory):
    class Meta:
        model = Placement

    request = factory.SubFactory(AccommodationRequestFactory)
    unit = factory.SubFactory(UnitFactory)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    started_by = factory.SubFactory(UserFactory)
    adults = 1
    children = 0
