"""Forms of the partner-support pages (validation only; the services decide)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from vawg.core.forms import GovukDateField, form_helper, radios
from vawg.programmes.models import FeelsSafe, RiskChange

LEVEL_CHOICES = [
    ("", "Not asked"),
    ("0", "0: none"),
    ("1", "1: some"),
    ("2", "2: often or serious"),
    ("3", "3: severe or frequent"),
]
BEHAVIOURS = {
    "physical": "Physical abuse since the last report",
    "sexual": "Sexual abuse since the last report",
    "stalking": "Harassment and stalking since the last report",
    "controlling": "Jealous and controlling behaviour since the last report",
}


def _level(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False, widget=forms.RadioSelect
    )


class SafetyReportForm(forms.Form):
    reported_on = GovukDateField(label="Date of the report", what="the date of the report")
    feels_safe = radios("How safe do they feel?", FeelsSafe.choices, missing="Choose whether they feel safe")
    risk_change = radios(
        "How has the risk changed since the last report?",
        RiskChange.choices,
        missing="Choose how the risk has changed since the last report",
    )
    physical = _level(BEHAVIOURS["physical"])
    sexual = _level(BEHAVIOURS["sexual"])
    stalking = _level(BEHAVIOURS["stalking"])
    controlling = _level(BEHAVIOURS["controlling"])
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only the partner's workers see these, on this case. The programme never does.",
        error_messages={"max_length": "Enter 4000 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("reported_on"),
            Field.radios("feels_safe", legend_size=Size.SMALL),
            Field.radios("risk_change", legend_size=Size.SMALL),
            *(Field.radios(name, legend_size=Size.SMALL, inline=True) for name in BEHAVIOURS),
            Field.textarea("notes"),
            button="Record the report",
        )


class EndForm(forms.Form):
    ended_on = GovukDateField(label="Date support ended", what="the date support ended")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("ended_on"), button="End partner support", style="warning")
