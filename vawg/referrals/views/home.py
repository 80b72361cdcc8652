"""The referrals home (/referrals/): the referral pages the signed-in user may use, by their permissions."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.presenters import LinkSpec, links_for
from vawg.referrals.models import TRIAGE, VIEW_REFERRALS
from vawg.referrals.services.intake import CREATE_PERMISSION

# (text, URL name, permission, hint), in the order a user needs them.
LINKS: tuple[LinkSpec, ...] = (
    ("Referrals to your agency", "referrals:referral_inbox", TRIAGE, "The inbox: triage, send, accept or decline"),
    (
        "Overdue first contacts",
        "referrals:referral_overdue_list",
        TRIAGE,
        "Referrals to your agency whose first contact is past its target",
    ),
    (
        "Awaiting consent",
        "referrals:referral_awaiting_consent_list",
        VIEW_REFERRALS,
        "Referrals to your agency, or that you made, that cannot be accepted until consent is recorded",
    ),
    ("Referrals you made", "referrals:referral_sent_list", VIEW_REFERRALS, "What happened to each referral you made"),
    ("Make a referral", "referral_intake:intake_start", CREATE_PERMISSION, "Refer someone to services"),
)


@require_permission(VIEW_REFERRALS)
@require_http_methods(["GET"])
def referral_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "referrals/home.html", {"links": links_for(request.user, LINKS)})
