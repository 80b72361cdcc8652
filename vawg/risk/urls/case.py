"""Risk pages on a case, mounted at /cases/<case_id>/risk/ (the stateless API is vawg/risk/api.py; pages across
the user's cases are in work.py)."""

from __future__ import annotations

from django.urls import path

from vawg.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.risk_history, name="risk_history"),
    path("dash/new/", views.dash_assessment_create, name="dash_assessment_create"),
    path("dash/<uuid:assessment_id>/", views.dash_assessment_detail, name="dash_assessment_detail"),
    path("dash/<uuid:assessment_id>/stalking-screen/", views.stalking_screen_create, name="stalking_screen_create"),
    path(
        "dash/<uuid:assessment_id>/honour-based-abuse-screen/", views.honour_screen_create, name="honour_screen_create"
    ),
    path("police-grades/new/", views.police_grade_create, name="police_grade_create"),
    path("incidents/new/", views.incident_create, name="incident_create"),
]
