"""The professional referral's question pages, at /referrals/new/ (only a random draft id in any URL)."""

from __future__ import annotations

from django.urls import path

from vawg.referrals import views_intake

app_name = "referral_intake"
urlpatterns = [
    path("", views_intake.start, name="start"),
    path("<str:draft_id>/check-your-answers/", views_intake.check, name="check"),
    path("<str:draft_id>/sent/", views_intake.sent, name="sent"),
    path("<str:draft_id>/<slug:step>/", views_intake.step, name="step"),
]
