"""URLs of police data (vawg/intelligence): the imports of a force's extracts. Every one is in the
access-matrix test (vawg/intelligence/tests/matrix_police.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.intelligence.views import police as views

app_name = "police"
urlpatterns: list[URLPattern] = [
    path("", views.police_import_list, name="police_import_list"),
    path("<uuid:police_import_id>/", views.police_import_detail, name="police_import_detail"),
]
