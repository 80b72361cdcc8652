"""The service directory on staff pages at /services/."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.provision.views import directory as views

app_name = "directory"
urlpatterns: list[URLPattern] = [
    path("", views.service_list, name="service_list"),
    path("mine/", views.service_list_mine, name="service_list_mine"),
    path("new/", views.service_create, name="service_create"),
    path("<uuid:service_id>/", views.service_detail, name="service_detail"),
    path("<uuid:service_id>/change/", views.service_change, name="service_change"),
    path("<uuid:service_id>/check/", views.service_check, name="service_check"),
    path("<uuid:service_id>/routing-rules/", views.service_routing_rules_set, name="service_routing_rules_set"),
]
