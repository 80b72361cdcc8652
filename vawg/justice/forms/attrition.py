"""The attrition funnel's GET form: the period (the last full calendar year by default), a district and a
form of abuse. No personal data in it."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from crispy_forms_gds.layout import Field
from django import forms

from vawg.accounts.models import District
from vawg.core.forms import GovukDateField, form_helper
from vawg.justice.config.outcomes import FORMS
from vawg.justice.rules.attrition import last_full_year


class AttritionForm(forms.Form):
    from_date = GovukDateField(label="From", what="the from date", required=False, help_text="For example, 1 1 2025")
    to_date = GovukDateField(label="To", what="the to date", required=False, help_text="For example, 31 12 2025")
    district = forms.ModelChoiceField(
        label="District",
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label="All districts",
        error_messages={"invalid_choice": "Choose a district from the list"},
    )
    form = forms.ChoiceField(label="Form of abuse", required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_period = last_full_year(today)
        field = cast(forms.ChoiceField, self.fields["form"])
        field.choices = [("", "All forms"), *FORMS.items()]
        field.error_messages["invalid_choice"] = "Choose a form of abuse from the list"
        self.helper = form_helper(
            Field("from_date"),
            Field("to_date"),
            Field.select("district"),
            Field.select("form"),
            button="Show the funnel",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        start, end = cleaned.get("from_date"), cleaned.get("to_date")
        if start and not end:
            self.add_error("to_date", "Enter the to date, or leave both dates empty for the last full year")
        elif end and not start:
            self.add_error("from_date", "Enter the from date, or leave both dates empty for the last full year")
        elif start and end and start > end:
            self.add_error("to_date", "The to date must be the same as or after the from date")
        return cleaned

    def selection(self) -> tuple[date, date, District | None, str]:
        """The period, district and form chosen (the last full calendar year, everywhere, for an empty form)."""
        if not self.is_bound:
            return (*self.default_period, None, "")
        data = self.cleaned_data
        start, end = data.get("from_date"), data.get("to_date")
        if start is None or end is None:
            start, end = self.default_period
        return start, end, data.get("district"), data.get("form") or ""
