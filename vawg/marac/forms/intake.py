"""The form for a professional's referral of a case to MARAC."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from vawg.core.forms import form_helper
from vawg.marac.models import Criterion, MaracArea
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

    def clean_dash_score(self) -> int | None:
        score: int | None = self.cleaned_data.get("dash_score")
        highest = question_set_for(timezone.localdate()).max_score
        if score is not None and score > highest:
            raise forms.ValidationError(f"Enter the DASH score as a number from 0 to {highest}")
        return score

    def __init__(self, *args: Any, harm: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        """``harm``: the case's people causing harm as (party id, name). None: no question; one: chosen
        for the user; several: the user chooses."""
        super().__init__(*args, **kwargs)
        picker: list[Any] = []
        if harm:
            self.fields["perpetrator"] = forms.ChoiceField(
                label="Who is the person causing harm?",
                choices=list(harm),
                widget=forms.RadioSelect,
                initial=harm[0][0] if len(harm) == 1 else None,
                error_messages={
                    "required": "Select the person causing harm",
                    "invalid_choice": "Select the person causing harm",
                },
            )
            picker = [Field.radios("perpetrator", legend_size=Size.SMALL)]
        self.helper = form_helper(
            *picker,
            Field.checkboxes("criteria", legend_size=Size.SMALL),
            Field.text("dash_score", field_width=4),
            Field.textarea("judgement_rationale", rows=3),
            Field.text("incident_count", field_width=4),
            Field.textarea("reason", rows=4),
            Field.text("children_in_household", field_width=4),
            Field.checkbox("urgent"),
            Field.select("area"),
            button="Refer to MARAC",
            label_size=None,
        )
