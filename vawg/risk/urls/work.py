"""Risk pages across the user's cases (mounted at /risk/): the reassessments that are due."""

from __future__ import annotations

from django.urls import path

from vawg.risk import views

app_name = "risk_work"
urlpatterns = [
    path("reassessments-due/", views.reassessment_due_list, name="reassessment_due_list"),
]
