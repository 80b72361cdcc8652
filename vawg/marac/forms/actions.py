"""Forms for an agency's MARAC actions: the list's filter and a new status."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.layout import Field, Size
from django import forms

from vawg.core.forms import form_helper
from vawg.marac.config import ACTION_DUE_SOON_DAYS
from vawg.marac.models import ACTION_TRANSITIONS, ActionState
from vawg.marac.selectors.actions import ALL, DUE_SOON, OUTSTANDING, OVERDUE
from vawg.marac.services.actions import MAX_TEXT

FILTER_CHOICES = [
    (OUTSTANDING, "Outstanding"),
    (OVERDUE, "Overdue"),
    (DUE_SOON, f"Due in the next {ACTION_DUE_SOON_DAYS} days"),
    *ActionState.choices,
    (ALL, "All"),
]


class FilterForm(forms.Form):
    state = forms.ChoiceField(label="Show", choices=FILTER_CHOICES, required=False)


class UpdateForm(forms.Form):
    state = forms.ChoiceField(
        label="New status", widget=forms.RadioSelect, error_messages={"required": "Choose the new status"}
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was done, or why it could not be. Do not include addresses or other location details.",
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ACTION_TRANSITIONS[current]
        cast(forms.ChoiceField, self.fields["state"]).choices = [c for c in ActionState.choices if c[0] in allowed]
        self.helper = form_helper(
            Field.radios("state", legend_size=Size.SMALL),
            Field.textarea("note", label_size=Size.SMALL, rows=3),
            button="Update status",
            label_size=None,
        )
