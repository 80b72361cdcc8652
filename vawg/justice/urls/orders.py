"""URLs of protective orders and disclosures (docs/orders.md). Every one is in the access matrix
(vawg/justice/tests/matrix_orders.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.justice.views import orders

app_name = "orders"
ORDER = "<uuid:order_id>/"
urlpatterns: list[URLPattern] = [
    path("", orders.order_list, name="order_list"),
    path("your-cases/", orders.order_case_due_list, name="order_case_due_list"),
    path("new/<uuid:person_causing_harm_id>/", orders.order_new, name="order_new"),
    path(ORDER, orders.order_detail, name="order_detail"),
    path(f"{ORDER}outcome/", orders.order_outcome, name="order_outcome"),
    path(f"{ORDER}status/", orders.order_status, name="order_status"),
    path(f"{ORDER}breaches/new/", orders.order_breach_new, name="order_breach_new"),
]
