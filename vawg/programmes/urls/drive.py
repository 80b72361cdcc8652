"""URLs of high-harm case management (mounted at /high-harm/). Every one is in the access matrix
(vawg/programmes/tests/matrix_drive.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.programmes.views import drive

app_name = "high_harm"

urlpatterns: list[URLPattern] = [
    path("", drive.caseload_detail, name="caseload_detail"),
    path("referrals/<uuid:referral_id>/case-manager/", drive.case_manager_assign, name="case_manager_assign"),
    path("referrals/<uuid:referral_id>/interventions/new/", drive.intervention_new, name="intervention_new"),
    path("interventions/", drive.intervention_list, name="intervention_list"),
    path("interventions/<uuid:intervention_id>/", drive.intervention_detail, name="intervention_detail"),
]
