"""URLs of behaviour-change programmes (mounted at /programmes/). Every one is in the access-matrix test
(vawg/programmes/tests/matrix_programmes.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.programmes.views import programmes, referrals

app_name = "programmes"
urlpatterns: list[URLPattern] = [
    path("", referrals.referral_queue, name="referral_queue"),
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_new, name="programme_new"),
    path("programmes/<uuid:programme_id>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<uuid:programme_id>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<uuid:programme_id>/sessions/new/", programmes.session_new, name="session_new"),
    path("sessions/<uuid:session_id>/attendance/", programmes.attendance_record, name="attendance_record"),
    path("referrals/<uuid:referral_id>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<uuid:referral_id>/assess/", referrals.referral_assess, name="referral_assess"),
    path("referrals/<uuid:referral_id>/next/", referrals.referral_transition, name="referral_transition"),
    path("referrals/<uuid:referral_id>/measures/", referrals.outcome_measure_new, name="outcome_measure_new"),
    path("referrals/<uuid:referral_id>/sessions/new/", referrals.referral_session_new, name="referral_session_new"),
    path("refer/<uuid:person_causing_harm_id>/", referrals.referral_new, name="referral_new"),
]
