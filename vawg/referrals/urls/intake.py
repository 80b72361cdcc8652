"""The professional referral's question pages, at /referrals/new/ (only a random draft id in any URL)."""

from __future__ import annotations

from django.urls import path

from vawg.referrals.views import intake

app_name = "referral_intake"
urlpatterns = [
    path("", intake.intake_start, name="intake_start"),
    path("<str:draft_id>/check-your-answers/", intake.intake_check, name="intake_check"),
    path("<str:draft_id>/sent/", intake.intake_sent, name="intake_sent"),
    path("<str:draft_id>/<slug:step>/", intake.intake_step, name="intake_step"),
]
