"""URLs of harm (vawg/intelligence). Every one is in the access-matrix test."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "harm"
urlpatterns: list[URLPattern] = []
