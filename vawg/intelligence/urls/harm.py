"""URLs of harm (vawg/intelligence): the people-causing-harm list, search, record and access pages.
Every one is in the access-matrix test (vawg/intelligence/tests/matrix_harm.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.intelligence.views import harm, harm_access

app_name = "harm"
RECORD = "<uuid:person_causing_harm_id>/"
urlpatterns: list[URLPattern] = [
    path("", harm.person_causing_harm_list, name="person_causing_harm_list"),
    path("search/", harm.person_causing_harm_search, name="person_causing_harm_search"),
    path(RECORD, harm.person_causing_harm_detail, name="person_causing_harm_detail"),
    path(f"{RECORD}access/", harm_access.person_causing_harm_access, name="person_causing_harm_access"),
    path(f"{RECORD}access/agencies/add/", harm_access.harm_agency_add, name="harm_agency_add"),
    path(f"{RECORD}access/agencies/<uuid:harm_agency_id>/end/", harm_access.harm_agency_end, name="harm_agency_end"),
    path(f"{RECORD}access/grants/add/", harm_access.harm_grant_add, name="harm_grant_add"),
    path(f"{RECORD}access/grants/<uuid:grant_id>/revoke/", harm_access.harm_grant_revoke, name="harm_grant_revoke"),
    path(f"{RECORD}access/team/add/", harm_access.harm_team_member_add, name="harm_team_member_add"),
    path(
        f"{RECORD}access/team/<uuid:team_member_id>/remove/",
        harm_access.harm_team_member_remove,
        name="harm_team_member_remove",
    ),
    path(f"{RECORD}access/deny-list/add/", harm_access.harm_deny_entry_add, name="harm_deny_entry_add"),
    path(
        f"{RECORD}access/deny-list/<uuid:deny_entry_id>/remove/",
        harm_access.harm_deny_entry_remove,
        name="harm_deny_entry_remove",
    ),
    path(f"{RECORD}access/restriction/", harm_access.harm_restriction_change, name="harm_restriction_change"),
]
