"""URLs of the identity-link review queue (vawg/intelligence). Every one is in the access-matrix test."""

from __future__ import annotations

from django.urls import path

from vawg.intelligence.views import linkage as views

app_name = "linkage"
urlpatterns = [
    path("", views.identity_link_list, name="identity_link_list"),
    path("<uuid:identity_link_id>/", views.identity_link_detail, name="identity_link_detail"),
    path("<uuid:identity_link_id>/decide/", views.identity_link_decide, name="identity_link_decide"),
]
