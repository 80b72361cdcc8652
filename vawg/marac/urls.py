"""MARAC pages, mounted at /marac/. Each area's routes are in its own block; every URL is in the access matrix
(vawg/marac/tests/matrix*.py). Each block adds its own routes with ``urlpatterns += [...]``."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.marac.views import home

app_name = "marac"
urlpatterns: list[URLPattern] = [
    path("", home.home, name="home"),
]

# --- meetings, queue and agenda (vawg/marac/views/meetings.py, views/queue.py) ---
from vawg.marac.views import meetings as meeting_views  # noqa: E402
from vawg.marac.views import queue as queue_views  # noqa: E402

urlpatterns += [
    path("meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_views.meeting_schedule, name="meeting_schedule"),
    path("meetings/series/", meeting_views.meeting_series, name="meeting_series"),
    path("meetings/<uuid:meeting_id>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:meeting_id>/agencies/", meeting_views.meeting_agencies, name="meeting_agencies"),
    path("meetings/<uuid:meeting_id>/cancel/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<uuid:meeting_id>/publish/", meeting_views.meeting_publish, name="meeting_publish"),
    path("meetings/<uuid:meeting_id>/attendees/add/", meeting_views.meeting_attendee_add, name="meeting_attendee_add"),
    path("meetings/<uuid:meeting_id>/attendance/", meeting_views.meeting_attendance, name="meeting_attendance"),
    path(
        "meetings/<uuid:meeting_id>/items/<uuid:item_id>/remove/",
        meeting_views.meeting_item_remove,
        name="meeting_item_remove",
    ),
    path("queue/", queue_views.queue, name="queue"),
    path("queue/<uuid:referral_id>/list/", queue_views.queue_list, name="queue_list"),
    path("queue/<uuid:referral_id>/withdraw/", queue_views.queue_withdraw, name="queue_withdraw"),
]

# --- research, victim voice, chair's view, actions (views/research.py, views/chair.py, views/actions.py) ---
from vawg.marac.views import actions as actions_views  # noqa: E402
from vawg.marac.views import chair as chair_views  # noqa: E402
from vawg.marac.views import research as research_views  # noqa: E402

urlpatterns += [
    path("research/", research_views.research_list, name="research_list"),
    path("research/<uuid:task_id>/", research_views.research_detail, name="research_detail"),
    path("items/<uuid:item_id>/victim-voice/", research_views.victim_voice, name="victim_voice"),
    path("meetings/<uuid:meeting_id>/chair/", chair_views.chair_meeting, name="chair_meeting"),
    path("meetings/<uuid:meeting_id>/chair/close/", chair_views.chair_close, name="chair_close"),
    path("items/<uuid:item_id>/chair/", chair_views.chair_case, name="chair_case"),
    path("items/<uuid:item_id>/chair/start/", chair_views.chair_start, name="chair_start"),
    path("items/<uuid:item_id>/chair/record/", chair_views.chair_record, name="chair_record"),
    path("items/<uuid:item_id>/chair/actions/", chair_views.chair_action_add, name="chair_action_add"),
    path("items/<uuid:item_id>/chair/heard/", chair_views.chair_hear, name="chair_hear"),
    path("actions/", actions_views.action_list, name="action_list"),
    path("actions/outstanding/", actions_views.action_dashboard, name="action_dashboard"),
    path(
        "actions/outstanding/<uuid:organisation_id>/",
        actions_views.action_dashboard_agency,
        name="action_dashboard_agency",
    ),
    path("actions/<uuid:action_id>/", actions_views.action_detail, name="action_detail"),
]

# --- minutes and distribution (views/minutes.py) ---
from vawg.marac.views import minutes as minutes_views  # noqa: E402

urlpatterns += [
    path("meetings/<uuid:meeting_id>/minutes/", minutes_views.minutes, name="minutes"),
    path("meetings/<uuid:meeting_id>/minutes.pdf", minutes_views.minutes_pdf, name="minutes_pdf"),
    path("meetings/<uuid:meeting_id>/minutes/publish/", minutes_views.minutes_publish_view, name="minutes_publish"),
]

# --- repeats, transfers, victim informed (views/transfers.py, views/informed.py) ---
from vawg.marac.views import informed as informed_views  # noqa: E402
from vawg.marac.views import intake as intake_views  # noqa: E402
from vawg.marac.views import transfers as transfer_views  # noqa: E402

urlpatterns += [
    path("cases/<uuid:case_id>/refer/", intake_views.refer, name="refer"),
    path("transfers/", transfer_views.transfer_list, name="transfer_list"),
    path("transfers/inbound/new/", transfer_views.transfer_in_new, name="transfer_in_new"),
    path("referrals/<uuid:referral_id>/transfer/", transfer_views.transfer_out, name="transfer_out"),
    path("transfers/<uuid:transfer_id>/", transfer_views.transfer_detail, name="transfer_detail"),
    path("transfers/<uuid:transfer_id>/summary.pdf", transfer_views.transfer_pdf, name="transfer_pdf"),
    path("transfers/<uuid:transfer_id>/accept/", transfer_views.transfer_accept, name="transfer_accept"),
    path("transfers/<uuid:transfer_id>/decline/", transfer_views.transfer_decline, name="transfer_decline"),
    path("victims-to-tell/", informed_views.victims_to_tell, name="victims_to_tell"),
    path("items/<uuid:item_id>/informed/", informed_views.informed_new, name="informed_new"),
]

# --- quarterly return and dashboard (views/returns.py) ---
from vawg.marac.views import returns as returns_views  # noqa: E402

urlpatterns += [
    path("returns/", returns_views.return_page, name="returns"),
    path("returns/download/<slug:file_format>/", returns_views.return_download, name="returns_download"),
    path("dashboard/", returns_views.dashboard_page, name="dashboard"),
]
