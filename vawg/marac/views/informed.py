"""The victim kept informed after MARAC: the list of victims to tell, and the record of telling."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.marac import selectors
from vawg.marac.forms.informed import InformedForm
from vawg.marac.models import TAKE_PART
from vawg.marac.presenters import informed as presenters
from vawg.marac.services import informed as services


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def victim_to_tell_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = selectors.victims_to_tell(request.user)
    return render(request, "marac/informed/list.html", {"items": items})


@require_permission(TAKE_PART)
@require_http_methods(["GET", "POST"])
def victim_informed_record(request: AuthenticatedHttpRequest, item_id: uuid.UUID) -> HttpResponse:
    item = selectors.agenda_item_get_for_informing(user=request.user, agenda_item_id=item_id)
    form = InformedForm(posted(request), initial={"informed_on": timezone.localdate()})
    if submit(
        form,
        lambda: services.victim_informed_record(
            agenda_item=item, by=request.user, **form.cleaned_data, request=request
        ),
    ):
        messages.success(request, "Saved")
        return redirect("marac:victim_to_tell_list")
    victim = item.marac_referral.case.victim
    context = {
        "item": item,
        "victim_name": victim.full_name,
        "form": form,
        "history": presenters.informed_history(selectors.victim_informed_of(item)),
        "warning": presenters.safe_contact_warning(selectors.no_safe_contact(victim)),
    }
    return render(request, "marac/informed/new.html", context)
