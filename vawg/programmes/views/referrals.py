"""Programme referrals: the provider's queue, a referral's page and its forms (assessment, what happens
next, outcome measures, a one-to-one session), and referring someone from their record."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.audit.presenters import page_numbers
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.programmes import selectors, services
from vawg.programmes.config import QUEUE_PAGE_SIZE, REFER_TO_PROGRAMME, RUN_PROGRAMMES
from vawg.programmes.forms.programmes import AssessForm, MeasuresForm, ReferForm, SessionForm, TransitionForm
from vawg.programmes.hooks import REFERRAL_PAGE_SECTIONS
from vawg.programmes.models import ProgrammeReferral
from vawg.programmes.presenters import programmes as presenters


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET"])
def referral_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "triage")
    if tab not in selectors.QUEUE_TABS:
        tab = "triage"
    page = Paginator(selectors.queue_for(request.user, tab), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    referrals = [selectors.audit_shown(referral) for referral in page.object_list]
    counts = selectors.queue_counts(request.user)
    context = {
        "tabs": [(key, label, counts[key], key == tab) for key, (label, _) in selectors.QUEUE_TABS.items()],
        "label": selectors.QUEUE_TABS[tab][0],
        "rows": [(r, presenters.name_of(r), presenters.STATE_TAGS[r.current_state]) for r in referrals],
        "page": page,
        "page_numbers": page_numbers(cast(Any, page)),
    }
    return render(request, "programmes/programmes/referral_queue.html", context)


def _sections(referral: ProgrammeReferral, request: AuthenticatedHttpRequest) -> list[tuple[str, dict[str, Any]]]:
    return [found for section in REFERRAL_PAGE_SECTIONS if (found := section(referral, request.user)) is not None]


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET"])
def referral_detail(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    referral = selectors.programme_referral_get_for(user=request.user, referral_id=referral_id)
    lines = selectors.referral_sessions(referral)
    context = {
        "referral": referral,
        "name": presenters.name_of(referral),
        "rows": presenters.referral_rows(referral),
        "history": presenters.history_rows(selectors.referral_history(referral)),
        "sessions": presenters.session_rows(lines),
        "one_to_one": [line.session for line in lines if line.session.referral_id == referral.pk],
        "verdict": presenters.verdict_rows(selectors.referral_verdict(referral, lines), referral),
        "measures": presenters.measure_table(selectors.latest_measures(referral)),
        "actions": presenters.next_actions(referral),
        "may_assess": presenters.may_assess(referral),
        "sections": _sections(referral, request),
    }
    return render(request, "programmes/programmes/referral_detail.html", context)


def _form_page(request: AuthenticatedHttpRequest, referral: ProgrammeReferral, form: Any, title: str) -> HttpResponse:
    context = {"form": form, "title": title, "referral": referral, "name": presenters.name_of(referral)}
    return render(request, "programmes/programmes/referral_form.html", context)


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET", "POST"])
def referral_assess(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    referral = selectors.programme_referral_get_for(user=request.user, referral_id=referral_id)
    form = AssessForm(posted(request))
    done = submit(
        form,
        lambda: services.programme_referral_assess(
            referral=referral,
            suitable=form.cleaned_data["suitable"] == "yes",
            not_suitable_reason=form.cleaned_data["not_suitable_reason"],
            note=form.cleaned_data["note"],
            by=request.user,
            request=request,
        ),
    )
    if done is not None:
        messages.success(request, "Assessment recorded")
        return redirect("programmes:referral_detail", referral_id=referral.pk)
    return _form_page(request, referral, form, "Record the assessment")


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET", "POST"])
def referral_transition(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    referral = selectors.programme_referral_get_for(user=request.user, referral_id=referral_id)
    form = TransitionForm(posted(request), choices=presenters.next_actions(referral))
    done = submit(
        form,
        lambda: services.programme_referral_transition(
            referral=referral,
            to_state=form.cleaned_data["to_state"],
            exit_reason=form.cleaned_data["exit_reason"],
            confirmed=form.cleaned_data["confirmed"],
            note=form.cleaned_data["note"],
            by=request.user,
            request=request,
        ),
    )
    if done is not None:
        messages.success(request, "Referral updated")
        return redirect("programmes:referral_detail", referral_id=referral.pk)
    return _form_page(request, referral, form, "What happens next")


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET", "POST"])
def outcome_measure_new(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    referral = selectors.programme_referral_get_for(user=request.user, referral_id=referral_id)
    form = MeasuresForm(posted(request))
    done = submit(
        form,
        lambda: services.outcome_measures_record(
            referral=referral,
            timepoint=form.cleaned_data["timepoint"],
            levels=form.levels(),
            source=form.cleaned_data["source"],
            recorded_on=form.cleaned_data["recorded_on"],
            by=request.user,
            request=request,
        ),
    )
    if done is not None:
        messages.success(request, "Outcome measures recorded")
        return redirect("programmes:referral_detail", referral_id=referral.pk)
    return _form_page(request, referral, form, "Record outcome measures")


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET", "POST"])
def referral_session_new(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    referral = selectors.programme_referral_get_for(user=request.user, referral_id=referral_id)
    form = SessionForm(posted(request))
    session = submit(
        form,
        lambda: services.programme_session_create(
            programme=referral.programme,
            referral=referral,
            starts_at=form.starts_at(),
            by=request.user,
            request=request,
        ),
    )
    if session is not None:
        messages.success(request, f"One-to-one session {session.number} scheduled")
        return redirect("programmes:referral_detail", referral_id=referral.pk)
    return _form_page(request, referral, form, "Schedule a one-to-one session")


@require_permission(REFER_TO_PROGRAMME)
@require_http_methods(["GET", "POST"])
def referral_new(request: AuthenticatedHttpRequest, person_causing_harm_id: UUID) -> HttpResponse:
    person = selectors.person_for_referral(user=request.user, person_causing_harm_id=person_causing_harm_id)
    referrers = selectors.referring_organisations_of(request.user)
    form = ReferForm(
        posted(request),
        programmes=selectors.programmes_open_to_referral(),
        orders=selectors.court_orders_for(request.user, person),
    )
    referral = submit(
        form,
        lambda: services.programme_referral_create(
            programme=form.cleaned_data["programme"],
            person_causing_harm=person,
            source=form.cleaned_data["source"],
            reason=form.cleaned_data["reason"],
            court_order=form.cleaned_data["court_order"],
            referring_organisation=referrers[0] if referrers else None,
            by=request.user,
            request=request,
        ),
    )
    if referral is not None:
        messages.success(request, "Referred to the programme: its workers have been told")
        return redirect("harm:person_causing_harm_detail", person_causing_harm_id=person.pk)
    context = {"form": form, "person": person, "name": person.person.full_name or "Name not recorded"}
    return render(request, "programmes/programmes/referral_new.html", context)
