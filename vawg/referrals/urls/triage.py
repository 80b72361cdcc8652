"""Referral pages (mounted at /referrals/)."""

from __future__ import annotations

from django.urls import path

from vawg.referrals.views import consent, home, triage

app_name = "referrals"
urlpatterns = [
    path("", home.referral_home, name="referral_home"),
    path("inbox/", triage.referral_inbox, name="referral_inbox"),
    path("overdue/", triage.referral_overdue_list, name="referral_overdue_list"),
    path("sent/", triage.referral_sent_list, name="referral_sent_list"),
    path("awaiting-consent/", consent.referral_awaiting_consent_list, name="referral_awaiting_consent_list"),
    path("<uuid:referral_id>/", triage.referral_detail, name="referral_detail"),
    path("<uuid:referral_id>/transition/", triage.referral_transition, name="referral_transition"),
    path("<uuid:referral_id>/decline/", triage.referral_decline, name="referral_decline"),
    path("<uuid:referral_id>/consent/", consent.referral_consent_record, name="referral_consent_record"),
    path("<uuid:referral_id>/consent/override/", consent.referral_consent_override, name="referral_consent_override"),
    path("<uuid:referral_id>/first-contact/", triage.first_contact_record, name="first_contact_record"),
    path("<uuid:referral_id>/duplicates/<uuid:duplicate_id>/", triage.duplicate_resolve, name="duplicate_resolve"),
    path("<uuid:referral_id>/tasks/<uuid:task_id>/done/", triage.task_complete, name="task_complete"),
]
