"""The victim kept informed after MARAC: the list of victims to tell, and the record of telling."""

from __future__ import annotations

import uuid
from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.models import User
from vawg.core.access import require_permission
from vawg.core.forms import GovukDateField, add_service_errors
from vawg.marac.models import TAKE_PART, InformedOutcome
from vawg.marac.services import informed as services


class InformedForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Was the victim told the case was heard and what safety actions follow?",
        choices=InformedOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    informed_on = GovukDateField(
        label="Date", what="the date you told the victim or tried to", help_text="For example, 27 3 2026"
    )
    note = forms.CharField(
        label="What was said, or why the victim was not told",
        help_text="Never an address or contact details.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was said, or why the victim was not told"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.SMALL),
            Field("informed_on"),
            Field.textarea("note", rows=4),
            Submit("submit", "Save"),
        )


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def victim_to_tell_list(request: HttpRequest) -> HttpResponse:
    items = services.victims_to_tell(request.user)
    return render(request, "marac/informed/list.html", {"items": items})


@require_permission(TAKE_PART)
@require_http_methods(["GET", "POST"])
def victim_informed_record(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    item = get_object_or_404(
        services.items_to_inform_by(request.user).select_related("meeting__area", "marac_referral__case__victim"),
        pk=item_id,
    )
    form = InformedForm(
        request.POST if request.method == "POST" else None, initial={"informed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.victim_informed_record(
                agenda_item=item,
                by=cast(User, request.user),
                outcome=data["outcome"],
                informed_on=data["informed_on"],
                note=data["note"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved")
            return redirect("marac:victim_to_tell_list")
    victim = item.marac_referral.case.victim
    context = {
        "item": item,
        "victim_name": victim.full_name,
        "form": form,
        "history": services.informed_history(item),
        "warning": services.NO_SAFE_CONTACT_WARNING if services.no_safe_contact(victim) else "",
    }
    return render(request, "marac/informed/new.html", context)
