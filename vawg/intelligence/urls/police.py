"""URLs of police (vawg/intelligence). Every one is in the access-matrix test."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "police"
urlpatterns: list[URLPattern] = []
