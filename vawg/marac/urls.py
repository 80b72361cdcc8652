"""MARAC pages, mounted at /marac/. Each area's routes are in its own block; every URL is in the access matrix
(vawg/marac/tests/matrix*.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.marac.views import actions as actions_views
from vawg.marac.views import chair as chair_views
from vawg.marac.views import home
from vawg.marac.views import informed as informed_views
from vawg.marac.views import intake as intake_views
from vawg.marac.views import meetings as meeting_views
from vawg.marac.views import minutes as minutes_views
from vawg.marac.views import queue as queue_views
from vawg.marac.views import research as research_views
from vawg.marac.views import returns as returns_views
from vawg.marac.views import transfers as transfer_views

app_name = "marac"
urlpatterns: list[URLPattern] = [
    path("", home.marac_home, name="marac_home"),
    # --- meetings, queue and agenda (vawg/marac/views/meetings.py, views/queue.py) ---
    path("meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_views.meeting_schedule, name="meeting_schedule"),
    path("meetings/series/", meeting_views.meeting_schedule_series, name="meeting_schedule_series"),
    path("meetings/<uuid:meeting_id>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:meeting_id>/agencies/", meeting_views.meeting_invite, name="meeting_invite"),
    path("meetings/<uuid:meeting_id>/cancel/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<uuid:meeting_id>/publish/", meeting_views.agenda_publish, name="agenda_publish"),
    path("meetings/<uuid:meeting_id>/attendees/add/", meeting_views.attendee_register, name="attendee_register"),
    path("meetings/<uuid:meeting_id>/attendance/", meeting_views.attendance_record, name="attendance_record"),
    path(
        "meetings/<uuid:meeting_id>/items/<uuid:item_id>/remove/",
        meeting_views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path("queue/", queue_views.referral_queue, name="referral_queue"),
    path("queue/<uuid:referral_id>/list/", queue_views.agenda_item_list, name="agenda_item_list"),
    path("queue/<uuid:referral_id>/withdraw/", queue_views.referral_withdraw, name="referral_withdraw"),
    # --- research, victim voice, chair's view, actions (views/research.py, views/chair.py, views/actions.py) ---
    path("research/", research_views.research_task_list, name="research_task_list"),
    path("research/<uuid:task_id>/", research_views.research_task_detail, name="research_task_detail"),
    path("items/<uuid:item_id>/victim-voice/", research_views.victim_voice_edit, name="victim_voice_edit"),
    path("meetings/<uuid:meeting_id>/chair/", chair_views.meeting_chair, name="meeting_chair"),
    path("meetings/<uuid:meeting_id>/chair/close/", chair_views.meeting_close, name="meeting_close"),
    path("items/<uuid:item_id>/chair/", chair_views.agenda_item_chair, name="agenda_item_chair"),
    path("items/<uuid:item_id>/chair/start/", chair_views.agenda_item_start, name="agenda_item_start"),
    path("items/<uuid:item_id>/chair/record/", chair_views.agenda_item_record, name="agenda_item_record"),
    path("items/<uuid:item_id>/chair/actions/", chair_views.action_add, name="action_add"),
    path("items/<uuid:item_id>/chair/heard/", chair_views.agenda_item_hear, name="agenda_item_hear"),
    path("actions/", actions_views.action_list, name="action_list"),
    path("actions/outstanding/", actions_views.action_outstanding, name="action_outstanding"),
    path(
        "actions/outstanding/<uuid:organisation_id>/",
        actions_views.action_outstanding_agency,
        name="action_outstanding_agency",
    ),
    path("actions/<uuid:action_id>/", actions_views.action_detail, name="action_detail"),
    # --- minutes and distribution (views/minutes.py) ---
    path("meetings/<uuid:meeting_id>/minutes/", minutes_views.minutes_detail, name="minutes_detail"),
    path("meetings/<uuid:meeting_id>/minutes.pdf", minutes_views.minutes_download, name="minutes_download"),
    path("meetings/<uuid:meeting_id>/minutes/publish/", minutes_views.minutes_publish, name="minutes_publish"),
    # --- repeats, transfers, victim informed (views/transfers.py, views/informed.py) ---
    path("cases/<uuid:case_id>/refer/", intake_views.referral_create, name="referral_create"),
    path("transfers/", transfer_views.transfer_list, name="transfer_list"),
    path("transfers/inbound/new/", transfer_views.transfer_record_in, name="transfer_record_in"),
    path("referrals/<uuid:referral_id>/transfer/", transfer_views.transfer_record_out, name="transfer_record_out"),
    path("transfers/<uuid:transfer_id>/", transfer_views.transfer_detail, name="transfer_detail"),
    path("transfers/<uuid:transfer_id>/summary.pdf", transfer_views.transfer_download, name="transfer_download"),
    path("transfers/<uuid:transfer_id>/accept/", transfer_views.transfer_accept, name="transfer_accept"),
    path("transfers/<uuid:transfer_id>/decline/", transfer_views.transfer_decline, name="transfer_decline"),
    path("victims-to-tell/", informed_views.victim_to_tell_list, name="victim_to_tell_list"),
    path("items/<uuid:item_id>/informed/", informed_views.victim_informed_record, name="victim_informed_record"),
    # --- quarterly return and dashboard (views/returns.py) ---
    path("returns/", returns_views.return_detail, name="return_detail"),
    path("returns/download/<slug:file_format>/", returns_views.return_download, name="return_download"),
    path("dashboard/", returns_views.dashboard_detail, name="dashboard_detail"),
]
