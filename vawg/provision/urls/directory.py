"""The service directory on staff pages at /services/."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "directory"
urlpatterns: list[URLPattern] = []
