"""Refer a case to MARAC (a professional's referral, from the case page)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.cases.selectors import case_get_for
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.marac import selectors
from vawg.marac.forms.intake import ReferForm
from vawg.marac.models import TAKE_PART, MaracReferral
from vawg.marac.services.intake import marac_referral_refer


@require_permission(TAKE_PART)
@require_http_methods(["GET", "POST"])
def referral_create(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_get_for(user=request.user, case_id=case_id)
    area = selectors.area_for_case(case)
    harm = {str(party.pk): party.person for party in selectors.harm_parties(case)}
    choices = [(pk, person.full_name) for pk, person in harm.items()]
    form = ReferForm(posted(request), initial={"area": area}, harm=choices)

    def refer() -> MaracReferral:
        chosen = dict(form.cleaned_data)
        perpetrator = harm.get(chosen.pop("perpetrator", ""))
        return marac_referral_refer(case=case, by=request.user, **chosen, perpetrator=perpetrator, request=request)

    referral = submit(form, refer)
    if referral:
        messages.success(request, f"Referred to MARAC: {referral.reference}")
        return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "marac/intake/refer.html", {"case": case, "form": form, "no_area": area is None})
