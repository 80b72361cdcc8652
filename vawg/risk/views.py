"""Risk pages on a case: gate (permission, then the case gate: 404), form, one service call, redirect; and the
reassessments due across the user's cases."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.audit.presenters import page_numbers
from vawg.cases.selectors import case_get_for
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.risk import presenters
from vawg.risk.forms import DashAssessmentForm, HonourScreenForm, IncidentForm, PoliceGradeForm, StalkingScreenForm
from vawg.risk.models import Incident, PoliceRiskGrade
from vawg.risk.selectors import cases_due_reassessment, dash_assessment_get_for
from vawg.risk.services import (
    ASSESS_RISK,
    dash_assessment_submit,
    dash_assessment_view_record,
    honour_screen_record,
    incident_record,
    police_grade_record,
    risk_history_view_record,
    stalking_screen_record,
)

GET_POST = ["GET", "POST"]
PER_PAGE = 25


@require_permission(ASSESS_RISK)
@require_http_methods(GET_POST)
def dash_assessment_create(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=request.user, case_id=case_id)
    form = DashAssessmentForm(posted(request))
    assessment = submit(
        form,
        lambda: dash_assessment_submit(
            case=case,
            by=request.user,
            answers=form.answers(),
            item_notes=form.item_notes(),
            judgement=form.judgement(),
            assessment_date=form.cleaned_data["assessment_date"],
            request=request,
        ),
    )
    if assessment is not None:
        return redirect("risk:dash_assessment_detail", case_id=case.pk, assessment_id=assessment.pk)
    return render(request, "risk/dash_new.html", {"case": case, "form": form})


@require_permission(ASSESS_RISK)
@require_http_methods(["GET"])
def dash_assessment_detail(request: AuthenticatedHttpRequest, case_id: UUID, assessment_id: UUID) -> HttpResponse:
    case = case_get_for(user=request.user, case_id=case_id)
    assessment = dash_assessment_get_for(case=case, assessment_id=assessment_id)
    dash_assessment_view_record(assessment=assessment, by=request.user, request=request)
    context = {
        "case": case,
        "assessment": assessment,
        "rows": presenters.assessment_rows(assessment),
        "met": presenters.MET,
        "criteria": presenters.criteria_for(assessment),
        "prompts": presenters.prompts_for(assessment),
        "answers": presenters.answer_rows(assessment),
        "stalking_rows": presenters.stalking_rows(assessment),
        "honour_rows": presenters.honour_rows(assessment),
    }
    return render(request, "risk/dash_detail.html", context)


def _screen(request: AuthenticatedHttpRequest, case_id: UUID, assessment_id: UUID, *, stalking: bool) -> HttpResponse:
    case = case_get_for(user=request.user, case_id=case_id)
    assessment = dash_assessment_get_for(case=case, assessment_id=assessment_id)
    done = hasattr(assessment, "stalking_screen" if stalking else "honour_screen")
    if done:
        return redirect("risk:dash_assessment_detail", case_id=case.pk, assessment_id=assessment.pk)
    form_class = StalkingScreenForm if stalking else HonourScreenForm
    form = form_class(posted(request))
    record = stalking_screen_record if stalking else honour_screen_record
    if submit(
        form,
        lambda: record(
            assessment=assessment,
            by=request.user,
            answers=form.answers(),
            notes=form.cleaned_data["notes"],
            request=request,
        ),
    ):
        return redirect("risk:dash_assessment_detail", case_id=case.pk, assessment_id=assessment.pk)
    title = "S-DASH stalking screen" if stalking else "Honour-based abuse screen"
    return render(
        request, "risk/screen_new.html", {"case": case, "assessment": assessment, "form": form, "title": title}
    )


@require_permission(ASSESS_RISK)
@require_http_methods(GET_POST)
def stalking_screen_create(request: AuthenticatedHttpRequest, case_id: UUID, assessment_id: UUID) -> HttpResponse:
    return _screen(request, case_id, assessment_id, stalking=True)


@require_permission(ASSESS_RISK)
@require_http_methods(GET_POST)
def honour_screen_create(request: AuthenticatedHttpRequest, case_id: UUID, assessment_id: UUID) -> HttpResponse:
    return _screen(request, case_id, assessment_id, stalking=False)


@require_permission(ASSESS_RISK)
@require_http_methods(GET_POST)
def police_grade_create(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=request.user, case_id=case_id)
    form = PoliceGradeForm(posted(request))
    if submit(form, lambda: police_grade_record(case=case, by=request.user, request=request, **form.cleaned_data)):
        return redirect("risk:risk_history", case_id=case.pk)
    return render(request, "risk/police_grade_new.html", {"case": case, "form": form})


@require_permission(ASSESS_RISK)
@require_http_methods(GET_POST)
def incident_create(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=request.user, case_id=case_id)
    form = IncidentForm(posted(request))
    if submit(form, lambda: incident_record(case=case, by=request.user, request=request, **form.cleaned_data)):
        return redirect("risk:risk_history", case_id=case.pk)
    return render(request, "risk/incident_new.html", {"case": case, "form": form})


@require_permission(ASSESS_RISK)
@require_http_methods(["GET"])
def risk_history(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=request.user, case_id=case_id)
    risk_history_view_record(case=case, by=request.user, request=request)
    context = {
        "case": case,
        "summary": presenters.risk_summary(case),
        "rows": presenters.history_rows(case),
        "grades": PoliceRiskGrade.objects.for_case(case).select_related("reported_by_organisation"),
        "incidents": Incident.objects.for_case(case).select_related("reported_by_organisation"),
    }
    return render(request, "risk/history.html", context)


@require_permission(ASSESS_RISK)
@require_http_methods(["GET"])
def reassessment_due_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(cases_due_reassessment(request.user), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "page_numbers": page_numbers(cast(Any, page)),
        "rows": presenters.reassessment_rows(page),
        "intervals": presenters.reassessment_intervals(),
    }
    return render(request, "risk/reassessments_due.html", context)
