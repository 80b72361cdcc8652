"""Referral pages (mounted at /referrals/)."""

from __future__ import annotations

from django.urls import path

from vawg.referrals import views_triage

app_name = "referrals"
urlpatterns = [
    path("inbox/", views_triage.inbox, name="inbox"),
    path("overdue/", views_triage.overdue, name="overdue"),
    path("sent/", views_triage.sent, name="sent"),
    path("<uuid:pk>/", views_triage.detail, name="detail"),
    path("<uuid:pk>/transition/", views_triage.transition, name="transition"),
    path("<uuid:pk>/decline/", views_triage.decline, name="decline"),
    path("<uuid:pk>/first-contact/", views_triage.first_contact, name="first_contact"),
    path("<uuid:pk>/duplicates/<uuid:duplicate_pk>/", views_triage.duplicate_resolve, name="duplicate_resolve"),
    path("<uuid:pk>/tasks/<uuid:task_pk>/done/", views_triage.task_done, name="task_done"),
]
