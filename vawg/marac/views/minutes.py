"""Minutes of a MARAC meeting: the page, the PDF and publishing (coordinator or chair).

Gate: the meeting must be visible (``selectors.meeting_get_for``), then ``selectors.minutes_access``
decides which copy the user gets, or 404 (not held or not published yet, or the user's agency not
invited). Every read is audited with the agency the copy was made for and the items in it.
"""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.signin import require_recent_code
from vawg.core.access import require_permission
from vawg.core.forms import flash_outcome
from vawg.core.pdf import pdf_response, render_pdf
from vawg.marac import selectors
from vawg.marac.models import TAKE_PART, MeetingState
from vawg.marac.presenters.minutes import NO_CASES, build_minutes, confidentiality_statement, download_time
from vawg.marac.services import minutes as minutes_services


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def minutes_detail(request: AuthenticatedHttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    access = selectors.minutes_access(request.user, meeting)
    content = build_minutes(request.user, meeting, access)
    minutes_services.minutes_read_record(
        meeting=meeting, by=request.user, access=access, item_ids=content.item_ids, download=False, request=request
    )
    context = {
        "minutes": content,
        "no_cases": NO_CASES,
        "may_publish": meeting.current_state == MeetingState.HELD and selectors.runs_meeting(request.user, meeting),
    }
    return render(request, "marac/minutes/minutes.html", context)


@require_permission(TAKE_PART)
@require_recent_code
@require_http_methods(["GET"])
def minutes_download(request: AuthenticatedHttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    access = selectors.minutes_access(request.user, meeting)
    content = build_minutes(request.user, meeting, access)
    context = {
        "minutes": content,
        "no_cases": NO_CASES,
        "confidentiality_statement": confidentiality_statement(content),
        "downloaded_at": download_time(),
    }
    document = render_pdf("marac/minutes/minutes_pdf.html", context, request=request)
    minutes_services.minutes_read_record(
        meeting=meeting, by=request.user, access=access, item_ids=content.item_ids, download=True, request=request
    )
    return pdf_response(document, f"marac-minutes-{content.meeting_date:%Y-%m-%d}.pdf")


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def minutes_publish(request: AuthenticatedHttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    flash_outcome(
        request,
        lambda: minutes_services.minutes_publish(meeting=meeting, by=request.user, request=request),
        lambda _: "Minutes published: each invited agency can now download its copy.",
    )
    return redirect("marac:minutes_detail", meeting_id=meeting.pk)
