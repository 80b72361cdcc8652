"""Services of the justice app, one module per part. Every public function is importable from here."""

from vawg.justice.services.attrition import attrition_download_record
from vawg.justice.services.breaches import order_breach_record
from vawg.justice.services.orders import (
    Protected,
    Term,
    dapo_available,
    order_decide,
    order_determine,
    order_list_record,
    order_notify,
    order_protected_case_link,
    order_record,
    order_transition,
    type_offered,
)

__all__ = [
    "Protected",
    "Term",
    "attrition_download_record",
    "dapo_available",
    "order_breach_record",
    "order_decide",
    "order_determine",
    "order_list_record",
    "order_notify",
    "order_protected_case_link",
    "order_record",
    "order_transition",
    "type_offered",
]
