"""The choices on the commissioning pages (GET forms: a year, a form of VAWG; nothing personal)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from crispy_forms_gds.layout import Field
from django import forms

from vawg.core.forms import form_helper
from vawg.provision.selectors.part4 import FinancialYear, last_full_year
from vawg.referrals.models import FormOfAbuse

# The first financial year the return can be asked for (Part 4 came into force in October 2021).
FIRST_YEAR = 2021


class Part4YearForm(forms.Form):
    """A financial year, from the first under Part 4 to the current one; the last full year by default."""

    year = forms.TypedChoiceField(label="Financial year", coerce=int)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_year = last_full_year(today)
        current = self.default_year + 1
        field = cast(forms.TypedChoiceField, self.fields["year"])
        field.choices = [(year, FinancialYear(year).label) for year in range(current, FIRST_YEAR - 1, -1)]
        field.error_messages["invalid_choice"] = "Choose a financial year from the list"
        field.error_messages["required"] = "Choose a financial year"
        self.initial.setdefault("year", self.default_year)
        self.helper = form_helper(Field.select("year"), button="Show the return")

    def selected(self) -> FinancialYear:
        """The year chosen (the last full year for an empty form); call after is_valid()."""
        if not self.is_bound:
            return FinancialYear(self.default_year)
        return FinancialYear(self.cleaned_data["year"])


class GapFormOfAbuseForm(forms.Form):
    """The form of VAWG the matrix shows (domestic abuse by default)."""

    form = forms.ChoiceField(label="Form of VAWG", choices=FormOfAbuse.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].error_messages["invalid_choice"] = "Choose a form of VAWG from the list"
        self.fields["form"].error_messages["required"] = "Choose a form of VAWG"
        self.initial.setdefault("form", str(FormOfAbuse.DOMESTIC_ABUSE))
        self.helper = form_helper(Field.select("form"), button="Show the matrix")

    def selected(self) -> str:
        if not self.is_bound:
            return str(FormOfAbuse.DOMESTIC_ABUSE)
        return str(self.cleaned_data["form"])
