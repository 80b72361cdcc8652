"""Consent pages: record what the person said (the referrer or a receiving triager), share without consent
(``referrals.override_consent``), and the list of referrals awaiting consent.

Every referral is reached through the gate (404 for anything the user may not see). Recording consent
also needs ``can_record_consent`` (else 404, as for the other actions on a referral); sharing without
consent needs the permission (403 for someone who may see the referral but does not hold it).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.referrals import presenters, selectors, services
from vawg.referrals.forms.consent import ConsentOverrideForm, ConsentRecordForm
from vawg.referrals.models import OVERRIDE_CONSENT, VIEW_REFERRALS

PER_PAGE = 50


@require_permission(VIEW_REFERRALS)
@require_http_methods(["GET"])
def referral_awaiting_consent_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Referrals awaiting consent that the user works on: routed to one of their agencies (as receiver) or
    made by them, through the gate. Exactly the rows ``Referral.objects.awaiting_consent().for_user(user)``
    holds, which is what the My work page's "consent awaited" count counts."""
    referrals = selectors.referrals_awaiting_consent_for(request.user).select_related("district")
    page = Paginator(referrals.order_by("-created_at"), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "rows": presenters.referral_rows(page, now=timezone.now())}
    return render(request, "referrals/consent_awaiting.html", context)


@require_permission(VIEW_REFERRALS)
@require_http_methods(["GET", "POST"])
def referral_consent_record(request: AuthenticatedHttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = selectors.referral_get_for(user=request.user, referral_id=referral_id)
    if not selectors.can_record_consent(request.user, referral):
        raise Http404("No such referral.")
    form = ConsentRecordForm(posted(request))
    if submit(
        form,
        lambda: services.referral_consent_record(
            referral=referral,
            consent=form.cleaned_data["consent"],
            lawful_basis=form.cleaned_data["lawful_basis"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        ),
    ):
        messages.success(request, f"Consent recorded for referral {referral.reference}.")
        return redirect("referrals:referral_detail", referral_id=referral.pk)
    return render(request, "referrals/consent_record.html", {"form": form, "referral": referral})


@require_permission(VIEW_REFERRALS)
@require_http_methods(["GET", "POST"])
def referral_consent_override(request: AuthenticatedHttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = selectors.referral_get_for(user=request.user, referral_id=referral_id)
    if not request.user.has_perm(OVERRIDE_CONSENT):
        raise PermissionDenied
    form = ConsentOverrideForm(posted(request))
    if submit(
        form,
        lambda: services.referral_consent_override(
            referral=referral,
            lawful_basis=form.cleaned_data["lawful_basis"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        ),
    ):
        messages.success(request, f"Referral {referral.reference} is shared without consent.")
        return redirect("referrals:referral_detail", referral_id=referral.pk)
    return render(request, "referrals/consent_override.html", {"form": form, "referral": referral})
