"""URLs of linkage (vawg/intelligence). Every one is in the access-matrix test."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "linkage"
urlpatterns: list[URLPattern] = []
