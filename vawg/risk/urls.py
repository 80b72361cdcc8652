"""Risk pages on a case, mounted at /cases/<case_id>/risk/ (the stateless API is vawg/risk/api.py)."""

from __future__ import annotations

from django.urls import path

from vawg.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.history, name="history"),
    path("dash/new/", views.dash_new, name="dash_new"),
    path("dash/<uuid:assessment_id>/", views.dash_detail, name="dash_detail"),
    path("dash/<uuid:assessment_id>/stalking-screen/", views.sdash_new, name="sdash_new"),
    path("dash/<uuid:assessment_id>/honour-based-abuse-screen/", views.hba_new, name="hba_new"),
    path("police-grades/new/", views.police_grade_new, name="police_grade_new"),
    path("incidents/new/", views.incident_new, name="incident_new"),
]
