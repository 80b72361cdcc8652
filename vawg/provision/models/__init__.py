"""Services and safe accommodation. Every model and QuerySet is importable from here
(``vawg.provision.models``); the vocabularies are in vawg/provision/config.py."""

from vawg.provision.models.accommodation import (
    AccommodationRequest,
    AccommodationRequestQuerySet,
    Placement,
    RequestStateChange,
    Reservation,
    ReservationQuerySet,
    ReservationStateChange,
    Unit,
    UnitQuerySet,
    UnitStatus,
)
from vawg.provision.models.directory import (
    RISK_LEVELS,
    RoutingRuleService,
    Service,
    ServiceQuerySet,
    ServiceVersion,
)

__all__ = [
    "RISK_LEVELS",
    "AccommodationRequest",
    "AccommodationRequestQuerySet",
    "Placement",
    "RequestStateChange",
    "Reservation",
    "ReservationQuerySet",
    "ReservationStateChange",
    "RoutingRuleService",
    "Service",
    "ServiceQuerySet",
    "ServiceVersion",
    "Unit",
    "UnitQuerySet",
    "UnitStatus",
]
