"""The form recording whether the victim was told the case was heard."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from vawg.core.forms import GovukDateField, form_helper, radios
from vawg.marac.models import InformedOutcome


class InformedForm(forms.Form):
    outcome = radios(
        "Was the victim told the case was heard and what safety actions follow?",
        InformedOutcome.choices,
        missing="Select what happened",
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
        self.helper = form_helper(
            Field.radios("outcome", legend_size=Size.SMALL),
            Field("informed_on"),
            Field.textarea("note", rows=4),
            button="Save",
            label_size=None,
        )
