"""The RFG ranking at /ranking/ (intelligence.run_ranking). Every one is in the access-matrix test
(tests/matrix_ranking.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.intelligence.views import ranking as views

app_name = "ranking"
urlpatterns: list[URLPattern] = [
    path("", views.rfg_ranking_detail, name="rfg_ranking_detail"),
    path("run/", views.rfg_run_create, name="rfg_run_create"),
    path("download/", views.rfg_ranking_download, name="rfg_ranking_download"),
    path("runs/", views.rfg_run_list, name="rfg_run_list"),
]
