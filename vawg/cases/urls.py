"""Case pages, mounted at /cases/. Every URL here is in tests/test_access_matrix.py."""

from __future__ import annotations

from django.urls import path

from vawg.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("search/", views.case_search, name="case_search"),
    path("break-glass/", views.case_break_glass, name="case_break_glass"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/<uuid:alert_id>/read/", views.alert_read, name="alert_read"),
    path("<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("<uuid:case_id>/reveal-contact/", views.contact_reveal, name="contact_reveal"),
    path("<uuid:case_id>/notes/", views.note_add, name="note_add"),
    path("<uuid:case_id>/safe-contact/", views.safe_contact_edit, name="safe_contact_edit"),
    path("<uuid:case_id>/manage/", views.case_manage, name="case_manage"),
    path("<uuid:case_id>/team/add/", views.team_member_add, name="team_member_add"),
    path("<uuid:case_id>/team/<uuid:member_id>/remove/", views.team_member_remove, name="team_member_remove"),
    path("<uuid:case_id>/agencies/add/", views.case_agency_add, name="case_agency_add"),
    path("<uuid:case_id>/agencies/<uuid:link_id>/remove/", views.case_agency_remove, name="case_agency_remove"),
    path("<uuid:case_id>/grants/add/", views.grant_add, name="grant_add"),
    path("<uuid:case_id>/grants/<uuid:grant_id>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("<uuid:case_id>/restriction/", views.restriction_change, name="restriction_change"),
    path("<uuid:case_id>/deny/add/", views.deny_entry_add, name="deny_entry_add"),
    path("<uuid:case_id>/deny/<uuid:entry_id>/remove/", views.deny_entry_remove, name="deny_entry_remove"),
    path("<uuid:case_id>/status/", views.case_status_change, name="case_status_change"),
]
