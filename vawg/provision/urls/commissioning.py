"""Commissioning at /commissioning/: coverage gaps and the Part 4 annual return."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.provision.views import commissioning as views

app_name = "commissioning"
urlpatterns: list[URLPattern] = [
    path("gaps/", views.gap_matrix_detail, name="gap_matrix_detail"),
    path("gaps/download/<slug:file_format>/", views.gap_matrix_download, name="gap_matrix_download"),
    path("part4-return/", views.part4_return_detail, name="part4_return_detail"),
    path("part4-return/download/<slug:file_format>/", views.part4_return_download, name="part4_return_download"),
]
