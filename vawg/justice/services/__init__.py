"""Services of the justice app, one module per part. Every public function is importable from here."""

from vawg.justice.services.orders import (
    Protected,
    Term,
    dapo_available,
    facts_of,
    order_breach_record,
    order_decide,
    order_determine,
    order_notify,
    order_protected_case_link,
    order_record,
    order_transition,
    type_offered,
)

__all__ = [
    "Protected",
    "Term",
    "dapo_available",
    "facts_of",
    "order_breach_record",
    "order_decide",
    "order_determine",
    "order_notify",
    "order_protected_case_link",
    "order_record",
    "order_transition",
    "type_offered",
]
