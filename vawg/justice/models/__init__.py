"""Protective orders and disclosures. Every model and QuerySet is importable from here (``vawg.justice.models``)."""

from vawg.justice.models.orders import (
    ENDED_STATES,
    ORDER_TRANSITIONS,
    ConditionKind,
    DvdsApplicant,
    DvdsDecision,
    Order,
    OrderBreach,
    OrderCondition,
    OrderProtectedPerson,
    OrderQuerySet,
    OrderRequirement,
    OrderState,
    OrderStatus,
    OrderType,
    Rank,
    RequirementKind,
)

__all__ = [
    "ENDED_STATES",
    "ORDER_TRANSITIONS",
    "ConditionKind",
    "DvdsApplicant",
    "DvdsDecision",
    "Order",
    "OrderBreach",
    "OrderCondition",
    "OrderProtectedPerson",
    "OrderQuerySet",
    "OrderRequirement",
    "OrderState",
    "OrderStatus",
    "OrderType",
    "Rank",
    "RequirementKind",
]
