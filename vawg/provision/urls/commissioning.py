"""Commissioning at /commissioning/: coverage gaps and the Part 4 annual return."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "commissioning"
urlpatterns: list[URLPattern] = []
