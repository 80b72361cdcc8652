"""Partner support pages, reached from the partner's case page (docs/programmes.md#partner-support): start
(confirm), record a safety report, end. Every one goes through the partner's case gate: anyone who cannot
see the partner's case (the programme's staff among them) gets 404."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.cases.selectors import case_get_for
from vawg.core.access import require_permission
from vawg.core.forms import flash_outcome, posted, submit
from vawg.programmes.forms.partner import EndForm, SafetyReportForm
from vawg.programmes.models.partner import SUPPORT_PARTNERS
from vawg.programmes.selectors.partner import linkable_referral_get_for, partner_support_get_for
from vawg.programmes.services import partner as services

SECTION = "#partner-support"


def _case_page(case_id: object) -> str:
    return reverse("cases:case_detail", kwargs={"case_id": case_id}) + SECTION


@require_permission(SUPPORT_PARTNERS)
@require_http_methods(["GET", "POST"])
def partner_support_start(request: AuthenticatedHttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    case = case_get_for(user=request.user, case_id=case_id)
    referral = linkable_referral_get_for(user=request.user, case=case, referral_id=referral_id)
    if request.method == "POST":
        flash_outcome(
            request,
            lambda: services.partner_support_start(
                referral=referral, partner_case=case, by=request.user, request=request
            ),
            lambda _: "Partner support started",
        )
        return redirect(_case_page(case.pk))
    return render(request, "programmes/partner/start.html", {"case": case, "referral": referral})


@require_permission(SUPPORT_PARTNERS)
@require_http_methods(["GET", "POST"])
def partner_safety_report_new(request: AuthenticatedHttpRequest, partner_support_id: UUID) -> HttpResponse:
    support = partner_support_get_for(user=request.user, partner_support_id=partner_support_id)
    form = SafetyReportForm(posted(request))
    report = submit(
        form,
        lambda: services.partner_safety_report_record(
            partner_support=support, by=request.user, request=request, **form.cleaned_data
        ),
    )
    if report is not None:
        messages.success(request, "Safety report recorded")
        return redirect(_case_page(support.partner_case_id))
    return render(request, "programmes/partner/report_new.html", {"form": form, "support": support})


@require_permission(SUPPORT_PARTNERS)
@require_http_methods(["GET", "POST"])
def partner_support_end(request: AuthenticatedHttpRequest, partner_support_id: UUID) -> HttpResponse:
    support = partner_support_get_for(user=request.user, partner_support_id=partner_support_id)
    form = EndForm(posted(request))
    ended = submit(
        form,
        lambda: services.partner_support_end(
            partner_support=support, by=request.user, ended_on=form.cleaned_data["ended_on"], request=request
        ),
    )
    if ended is not None:
        messages.success(request, "Partner support ended")
        return redirect(_case_page(support.partner_case_id))
    return render(request, "programmes/partner/end.html", {"form": form, "support": support})
