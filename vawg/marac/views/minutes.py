"""Minutes of a MARAC meeting: the page, the PDF and publishing (coordinator or chair).

Gate: the meeting must be visible (MaracMeeting.objects.visible_to), then ``minutes_access`` decides
which copy the user gets, or 404 (not held or not published yet, or the user's agency not invited).
Every read is audited with the agency the copy was made for and the items in it.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.models import User
from vawg.core.access import require_permission
from vawg.core.pdf import pdf_response, render_pdf
from vawg.marac.models import TAKE_PART, MaracMeeting, MeetingState
from vawg.marac.presenters.minutes import NO_CASES, build_minutes, confidentiality_statement, download_time
from vawg.marac.services import minutes as minutes_services
from vawg.marac.services.minutes import minutes_access, minutes_read_record, runs_meeting


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _meeting(request: HttpRequest, meeting_id: uuid.UUID) -> MaracMeeting:
    return get_object_or_404(
        MaracMeeting.objects.visible_to(request.user).select_related("area", "chair", "coordinator"), pk=meeting_id
    )


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def minutes_detail(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    access = minutes_access(_user(request), meeting)
    content = build_minutes(_user(request), meeting, access)
    minutes_read_record(
        meeting=meeting, by=_user(request), access=access, item_ids=content.item_ids, download=False, request=request
    )
    context = {
        "minutes": content,
        "no_cases": NO_CASES,
        "may_publish": meeting.current_state == MeetingState.HELD and runs_meeting(_user(request), meeting),
    }
    return render(request, "marac/minutes/minutes.html", context)


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def minutes_download(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    access = minutes_access(_user(request), meeting)
    content = build_minutes(_user(request), meeting, access)
    context = {
        "minutes": content,
        "no_cases": NO_CASES,
        "confidentiality_statement": confidentiality_statement(content),
        "downloaded_at": download_time(),
    }
    document = render_pdf("marac/minutes/minutes_pdf.html", context, request=request)
    minutes_read_record(
        meeting=meeting, by=_user(request), access=access, item_ids=content.item_ids, download=True, request=request
    )
    return pdf_response(document, f"marac-minutes-{content.meeting_date:%Y-%m-%d}.pdf")


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def minutes_publish(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    try:
        minutes_services.minutes_publish(meeting=meeting, by=_user(request), request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Minutes published: each invited agency can now download its copy.")
    return redirect("marac:minutes_detail", meeting_id=meeting.pk)
