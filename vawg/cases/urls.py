"""Case pages, mounted at /cases/. Every URL here is in tests/test_access_matrix.py."""

from __future__ import annotations

from django.urls import path

from vawg.cases.views import cases, grants, lists, manage, parties

app_name = "cases"
urlpatterns = [
    path("", lists.case_list, name="case_list"),
    path("export.csv", lists.case_list_export, name="case_list_export"),
    path("search/", lists.case_search, name="case_search"),
    path("break-glass/", cases.case_break_glass, name="case_break_glass"),
    path("alerts/", cases.alert_list, name="alert_list"),
    path("alerts/<uuid:alert_id>/read/", cases.alert_read, name="alert_read"),
    path("grants/ending-soon/", grants.grant_expiring_list, name="grant_expiring_list"),
    path("<uuid:case_id>/", cases.case_detail, name="case_detail"),
    path("<uuid:case_id>/reveal-contact/", cases.contact_reveal, name="contact_reveal"),
    path("<uuid:case_id>/notes/", cases.note_add, name="note_add"),
    path("<uuid:case_id>/safe-contact/", cases.safe_contact_edit, name="safe_contact_edit"),
    path("<uuid:case_id>/parties/add/", parties.case_party_add, name="case_party_add"),
    path("<uuid:case_id>/parties/<uuid:party_id>/change/", parties.case_party_change, name="case_party_change"),
    path("<uuid:case_id>/parties/<uuid:party_id>/end/", parties.case_party_end, name="case_party_end"),
    path("<uuid:case_id>/manage/", manage.case_manage, name="case_manage"),
    path("<uuid:case_id>/team/add/", manage.team_member_add, name="team_member_add"),
    path("<uuid:case_id>/team/<uuid:team_member_id>/remove/", manage.team_member_remove, name="team_member_remove"),
    path("<uuid:case_id>/agencies/add/", manage.case_agency_add, name="case_agency_add"),
    path("<uuid:case_id>/agencies/<uuid:case_agency_id>/remove/", manage.case_agency_remove, name="case_agency_remove"),
    path("<uuid:case_id>/grants/add/", manage.grant_add, name="grant_add"),
    path("<uuid:case_id>/grants/<uuid:grant_id>/revoke/", manage.grant_revoke, name="grant_revoke"),
    path("<uuid:case_id>/restriction/", manage.restriction_change, name="restriction_change"),
    path("<uuid:case_id>/deny/add/", manage.deny_entry_add, name="deny_entry_add"),
    path("<uuid:case_id>/deny/<uuid:deny_entry_id>/remove/", manage.deny_entry_remove, name="deny_entry_remove"),
    path("<uuid:case_id>/status/", manage.case_status_change, name="case_status_change"),
]
