"""Reads of the justice app, one module per part. Every public function is importable from here."""

from vawg.justice.selectors.attrition import attrition_for, form_expression, incidents_in, quarters
from vawg.justice.selectors.orders import (
    case_orders_due,
    case_orders_due_count,
    case_workers,
    crimes_of,
    officer_orders_due,
    officer_orders_due_count,
    order_get_for,
    order_page_parts,
    orders_for,
    orders_of,
    orders_protecting,
    protected_get_for,
    sees_case,
    sees_order,
    visible_case_ids,
)

__all__ = [
    "attrition_for",
    "case_orders_due",
    "case_orders_due_count",
    "case_workers",
    "crimes_of",
    "form_expression",
    "incidents_in",
    "officer_orders_due",
    "officer_orders_due_count",
    "order_get_for",
    "order_page_parts",
    "orders_for",
    "orders_of",
    "orders_protecting",
    "protected_get_for",
    "quarters",
    "sees_case",
    "sees_order",
    "visible_case_ids",
]
