"""The form that runs the RFG ranking now (validation only: the service scores)."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field
from django import forms

from vawg.core.forms import GovukDateField, form_helper


class RfgRunForm(forms.Form):
    as_of = GovukDateField(
        label="Score as of",
        what="the date to score as of",
        help_text="Incidents up to and including this date count. For example, 30 6 2026",
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.initial.setdefault("as_of", today)
        self.helper = form_helper(Field("as_of"), button="Run the ranking now", style="secondary")

    def clean_as_of(self) -> date:
        as_of: date = self.cleaned_data["as_of"]
        if as_of > self.today:
            raise forms.ValidationError("The date to score as of must be today or in the past")
        return as_of
