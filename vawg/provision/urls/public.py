"""The public service finder at /find-support/: no sign-in, neutral titles, Exit this page."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.provision.views import public

app_name = "find_support"
urlpatterns: list[URLPattern] = [
    path("", public.service_find, name="service_find"),
]
