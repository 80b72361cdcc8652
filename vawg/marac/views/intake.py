"""Refer a case to MARAC (a professional's referral, from the case page)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.models import User
from vawg.cases.selectors import case_get_for
from vawg.core.access import require_permission
from vawg.core.forms import add_service_errors
from vawg.marac.models import TAKE_PART, Criterion, MaracArea
from vawg.marac.services.core import area_for_case
from vawg.marac.services.intake import marac_referral_refer
from vawg.risk.config import question_set_for

CRITERIA_CHOICES = [
    (Criterion.VISIBLE_HIGH_RISK.value, Criterion.VISIBLE_HIGH_RISK.label),
    (Criterion.PROFESSIONAL_JUDGEMENT.value, Criterion.PROFESSIONAL_JUDGEMENT.label),
    (Criterion.POTENTIAL_ESCALATION.value, "Potential escalation (3 or more incidents in 12 months)"),
]


class ReferForm(forms.Form):
    criteria = forms.MultipleChoiceField(
        label="Which MARAC criteria does the case meet?",
        help_text="Select all that apply. A repeat (within 12 months of the last MARAC referral) is added for you.",
        choices=CRITERIA_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    dash_score = forms.IntegerField(
        label="DASH score (for visible high risk)",
        required=False,
        min_value=0,
        error_messages={
            "invalid": "Enter the DASH score as a whole number",
            "min_value": "Enter the DASH score as a whole number",
        },
    )

    def clean_dash_score(self) -> int | None:
        score: int | None = self.cleaned_data.get("dash_score")
        highest = question_set_for(timezone.localdate()).max_score
        if score is not None and score > highest:
            raise forms.ValidationError(f"Enter the DASH score as a number from 0 to {highest}")
        return score

    judgement_rationale = forms.CharField(
        label="Why your professional judgement is that the case should go to MARAC",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Do not include addresses or other location details.",
    )
    incident_count = forms.IntegerField(
        label="Incidents in the last 12 months (for potential escalation)",
        required=False,
        min_value=0,
        max_value=500,
        error_messages={"invalid": "Enter the number of incidents as a number"},
    )
    reason = forms.CharField(
        label="Summary of the risk (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Do not include addresses or other location details.",
    )
    children_in_household = forms.IntegerField(
        label="Children in the household (leave empty if not known)",
        required=False,
        min_value=0,
        max_value=30,
        error_messages={"invalid": "Enter the number of children as a number"},
    )
    urgent = forms.BooleanField(label="Urgent: the case cannot wait for the next meeting", required=False)
    area = forms.ModelChoiceField(
        label="MARAC",
        queryset=MaracArea.objects.active(),
        empty_label=None,
        error_messages={"required": "Select the MARAC", "invalid_choice": "Select the MARAC"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.checkboxes("criteria", legend_size=Size.SMALL),
            Field.text("dash_score", field_width=4),
            Field.textarea("judgement_rationale", rows=3),
            Field.text("incident_count", field_width=4),
            Field.textarea("reason", rows=4),
            Field.text("children_in_household", field_width=4),
            Field.checkbox("urgent"),
            Field.select("area"),
            Submit("submit", "Refer to MARAC"),
        )


@require_permission(TAKE_PART)
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_get_for(user=request.user, case_id=case_id)
    area = area_for_case(case)
    form = ReferForm(request.POST if request.method == "POST" else None, initial={"area": area})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = marac_referral_refer(
                case=case,
                by=cast(User, request.user),
                criteria=data["criteria"],
                judgement_rationale=data["judgement_rationale"],
                dash_score=data["dash_score"],
                incident_count=data["incident_count"],
                reason=data["reason"],
                children_in_household=data["children_in_household"],
                urgent=data["urgent"],
                area=data["area"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Referred to MARAC: {referral.reference}")
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "marac/intake/refer.html", {"case": case, "form": form, "no_area": area is None})
