"""MATAC minutes: the page and the PDF of the user's copy (the coordinator's full copy; an invited agency's
own, once published), and publishing them. Every read is audited with the copy's agency and subjects."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.signin import require_recent_code
from vawg.core.access import require_permission
from vawg.core.forms import flash_outcome
from vawg.core.pdf import pdf_response, render_pdf
from vawg.intelligence.config import RUN_MATAC, TAKE_PART_IN_MATAC
from vawg.intelligence.models import MatacMeetingState
from vawg.intelligence.presenters import matac as presenters
from vawg.intelligence.selectors import matac as selectors
from vawg.intelligence.services import matac as services


@require_permission(TAKE_PART_IN_MATAC)
@require_http_methods(["GET"])
def minutes_detail(request: AuthenticatedHttpRequest, meeting_id: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    access = selectors.minutes_access(request.user, meeting)
    content = presenters.build_minutes(request.user, meeting, access)
    services.matac_minutes_read_record(
        meeting=meeting,
        by=request.user,
        access=access,
        subject_ids=content.subject_ids,
        download=False,
        request=request,
    )
    may_publish = access.full and meeting.current_state == MatacMeetingState.HELD
    return render(request, "intelligence/matac/minutes.html", {"minutes": content, "may_publish": may_publish})


@require_permission(TAKE_PART_IN_MATAC)
@require_recent_code
@require_http_methods(["GET"])
def minutes_download(request: AuthenticatedHttpRequest, meeting_id: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    access = selectors.minutes_access(request.user, meeting)
    content = presenters.build_minutes(request.user, meeting, access)
    context = {
        "minutes": content,
        "confidentiality_statement": presenters.confidentiality_statement(),
        "downloaded_at": timezone.localtime(),
    }
    document = render_pdf("intelligence/matac/minutes_pdf.html", context, request=request)
    services.matac_minutes_read_record(
        meeting=meeting, by=request.user, access=access, subject_ids=content.subject_ids, download=True, request=request
    )
    return pdf_response(document, f"matac-minutes-{content.meeting_date:%Y-%m-%d}.pdf")


@require_permission(RUN_MATAC)
@require_http_methods(["POST"])
def minutes_publish(request: AuthenticatedHttpRequest, meeting_id: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    flash_outcome(
        request,
        lambda: services.matac_minutes_publish(meeting=meeting, by=request.user, request=request),
        lambda _: "Minutes published: each invited agency can now read its copy",
    )
    return redirect("matac:minutes_detail", meeting_id=meeting.pk)
