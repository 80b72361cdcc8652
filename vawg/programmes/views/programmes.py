"""A provider's programmes: the list, new and edit forms, a programme's page with its group sessions, and
recording a session's attendance (every participant on one form)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.programmes import selectors, services
from vawg.programmes.config import RUN_PROGRAMMES
from vawg.programmes.forms.programmes import AttendanceForm, ProgrammeForm, SessionForm
from vawg.programmes.presenters import programmes as presenters


def _fields(form: ProgrammeForm) -> dict[str, Any]:
    return {name: value for name, value in form.cleaned_data.items() if name != "districts"}


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET"])
def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    programmes = list(selectors.programmes_run_by(request.user).order_by("provider__name", "name"))
    return render(request, "programmes/programmes/programme_list.html", {"programmes": programmes})


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET", "POST"])
def programme_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    providers = selectors.providers_of(request.user)
    if not providers:
        raise Http404("You run no agency's programmes.")
    form = ProgrammeForm(posted(request), initial={"sessions": 0, "minimum_age": 18, "max_missed": 3})
    programme = submit(
        form,
        lambda: services.programme_create(
            provider=providers[0],
            by=request.user,
            districts=form.cleaned_data["districts"],
            request=request,
            **_fields(form),
        ),
    )
    if programme is not None:
        messages.success(request, "Programme added")
        return redirect("programmes:programme_detail", programme_id=programme.pk)
    return render(request, "programmes/programmes/programme_form.html", {"form": form, "title": "Add a programme"})


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET"])
def programme_detail(request: AuthenticatedHttpRequest, programme_id: UUID) -> HttpResponse:
    programme = selectors.programme_get_for(user=request.user, programme_id=programme_id)
    context = {
        "programme": programme,
        "rows": presenters.programme_rows(programme),
        "sessions": list(selectors.programme_sessions(programme)),
    }
    return render(request, "programmes/programmes/programme_detail.html", context)


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthenticatedHttpRequest, programme_id: UUID) -> HttpResponse:
    programme = selectors.programme_get_for(user=request.user, programme_id=programme_id)
    form = ProgrammeForm(posted(request), initial=ProgrammeForm.initial_of(programme))
    saved = submit(
        form,
        lambda: services.programme_update(
            programme=programme,
            by=request.user,
            districts=form.cleaned_data["districts"],
            request=request,
            **_fields(form),
        ),
    )
    if saved is not None:
        messages.success(request, "Programme saved")
        return redirect("programmes:programme_detail", programme_id=programme.pk)
    context = {"form": form, "title": f"Change {programme.name}", "programme": programme}
    return render(request, "programmes/programmes/programme_form.html", context)


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET", "POST"])
def session_new(request: AuthenticatedHttpRequest, programme_id: UUID) -> HttpResponse:
    programme = selectors.programme_get_for(user=request.user, programme_id=programme_id)
    form = SessionForm(posted(request))
    session = submit(
        form,
        lambda: services.programme_session_create(
            programme=programme, starts_at=form.starts_at(), by=request.user, request=request
        ),
    )
    if session is not None:
        messages.success(request, f"Session {session.number} scheduled")
        return redirect("programmes:programme_detail", programme_id=programme.pk)
    context = {"form": form, "title": f"Schedule a session of {programme.name}", "back": programme}
    return render(request, "programmes/programmes/session_form.html", context)


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET", "POST"])
def attendance_record(request: AuthenticatedHttpRequest, session_id: UUID) -> HttpResponse:
    session = selectors.session_get_for(user=request.user, session_id=session_id)
    people = services.session_participants(session)
    newest = selectors.session_outcomes(session)
    form = AttendanceForm(
        posted(request),
        participants=[(referral, presenters.name_of(referral), newest.get(referral.pk, "")) for referral in people],
    )
    written = submit(
        form,
        lambda: services.attendance_record(session=session, outcomes=form.outcomes(), by=request.user, request=request),
    )
    if written is not None:
        messages.success(request, "Attendance saved")
        if session.referral_id:
            return redirect("programmes:referral_detail", referral_id=session.referral_id)
        return redirect("programmes:programme_detail", programme_id=session.programme_id)
    for referral in people:
        selectors.audit_shown(referral)
    context = {
        "form": form,
        "session": session,
        "when": presenters.when(session.starts_at),
        "nobody": not people,
    }
    return render(request, "programmes/programmes/attendance_form.html", context)
