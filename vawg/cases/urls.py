"""Case pages, mounted at /cases/. Every URL here is in tests/test_access_matrix.py."""

from __future__ import annotations

from django.urls import path

from vawg.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("search/", views.case_search, name="search"),
    path("break-glass/", views.break_glass, name="break_glass"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<uuid:alert_id>/read/", views.alert_read, name="alert_read"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/reveal-contact/", views.reveal_contact, name="reveal_contact"),
    path("<uuid:case_id>/notes/", views.add_note, name="add_note"),
    path("<uuid:case_id>/safe-contact/", views.safe_contact, name="safe_contact"),
    path("<uuid:case_id>/manage/", views.manage, name="manage"),
    path("<uuid:case_id>/team/add/", views.team_add, name="team_add"),
    path("<uuid:case_id>/team/<uuid:member_id>/remove/", views.team_remove, name="team_remove"),
    path("<uuid:case_id>/agencies/add/", views.agency_add, name="agency_add"),
    path("<uuid:case_id>/agencies/<uuid:link_id>/remove/", views.agency_remove, name="agency_remove"),
    path("<uuid:case_id>/grants/add/", views.grant_add, name="grant_add"),
    path("<uuid:case_id>/grants/<uuid:grant_id>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("<uuid:case_id>/restriction/", views.restriction, name="restriction"),
    path("<uuid:case_id>/deny/add/", views.deny_add, name="deny_add"),
    path("<uuid:case_id>/deny/<uuid:entry_id>/remove/", views.deny_remove, name="deny_remove"),
    path("<uuid:case_id>/status/", views.status, name="status"),
]
