"""Crime outcomes at /justice/: the attrition funnel and its download."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.justice.views import attrition as views

app_name = "justice"

urlpatterns: list[URLPattern] = [
    path("attrition/", views.attrition_detail, name="attrition_detail"),
    path("attrition/download/", views.attrition_download, name="attrition_download"),
]
