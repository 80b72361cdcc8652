"""URLs of matac (vawg/intelligence). Every one is in the access-matrix test (tests/matrix_matac.py).

The ranking links each row to ``matac:nomination_new`` with ``?person=<PersonCausingHarm id>&source=ranking``.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.intelligence.views.matac import cohorts, meetings, minutes, nominations, subjects, tactics

app_name = "matac"
urlpatterns: list[URLPattern] = [
    path("", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<uuid:meeting_id>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:meeting_id>/state/", meetings.meeting_transition, name="meeting_transition"),
    path("meetings/<uuid:meeting_id>/minutes/", minutes.minutes_detail, name="minutes_detail"),
    path("meetings/<uuid:meeting_id>/minutes/download/", minutes.minutes_download, name="minutes_download"),
    path("meetings/<uuid:meeting_id>/minutes/publish/", minutes.minutes_publish, name="minutes_publish"),
    path("nominations/", nominations.nomination_list, name="nomination_list"),
    path("nominations/new/", nominations.nomination_new, name="nomination_new"),
    path("nominations/<uuid:nomination_id>/", nominations.nomination_detail, name="nomination_detail"),
    path("nominations/<uuid:nomination_id>/accept/", nominations.nomination_accept, name="nomination_accept"),
    path("nominations/<uuid:nomination_id>/decline/", nominations.nomination_decline, name="nomination_decline"),
    path("subjects/<uuid:subject_id>/", subjects.subject_detail, name="subject_detail"),
    path("subjects/<uuid:subject_id>/profile/", subjects.subject_profile, name="subject_profile"),
    path("subjects/<uuid:subject_id>/review/", subjects.subject_review, name="subject_review"),
    path("subjects/<uuid:subject_id>/exit/", subjects.subject_exit, name="subject_exit"),
    path("subjects/<uuid:subject_id>/tactics/new/", subjects.tactic_new, name="tactic_new"),
    path("tactics/", tactics.tactic_list, name="tactic_list"),
    path("tactics/<uuid:tactic_id>/", tactics.tactic_detail, name="tactic_detail"),
    path("cohorts/", cohorts.cohort_report, name="cohort_report"),
]
