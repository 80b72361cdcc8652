"""Safe accommodation at /accommodation/: units, the vacancy board, requests, reservations, placements."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "accommodation"
urlpatterns: list[URLPattern] = []
