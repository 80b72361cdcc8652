"""Forms for the SafeLives return and the benchmark dashboard (GET forms: no personal data in them)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from crispy_forms_gds.layout import HTML, Field
from django import forms

from vawg.core.forms import GovukDateField, form_helper
from vawg.marac.models import MaracArea
from vawg.marac.rules.returns import Period, last_quarters, quarter_of


def _area_field() -> forms.ModelChoiceField[MaracArea]:
    return forms.ModelChoiceField(
        label="MARAC area",
        queryset=MaracArea.objects.order_by("name"),
        required=False,
        empty_label="All areas",
        error_messages={"invalid_choice": "Choose a MARAC area from the list"},
    )


class ReturnForm(forms.Form):
    """The period (one of the last 8 quarters, or from and to dates) and the area of a return."""

    area = _area_field()
    quarter = forms.ChoiceField(label="Quarter", required=False)
    from_date = GovukDateField(
        label="From date", what="the start date", required=False, help_text="For example, 1 4 2026"
    )
    to_date = GovukDateField(label="To date", what="the end date", required=False, help_text="For example, 30 6 2026")

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quarters = last_quarters(today, 8)[::-1]
        self.default_period = self.quarters[0]
        cast(forms.ChoiceField, self.fields["quarter"]).choices = [("", "Enter dates instead")] + [
            (quarter.start.isoformat(), quarter.label) for quarter in self.quarters
        ]
        self.fields["quarter"].error_messages["invalid_choice"] = "Choose a quarter from the list"
        self.initial.setdefault("quarter", self.default_period.start.isoformat())
        self.helper = form_helper(
            Field.select("area"),
            Field.select("quarter"),
            HTML('<p class="govuk-body">Or leave the quarter empty and enter dates.</p>'),
            Field("from_date"),
            Field("to_date"),
            button="Show the return",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        quarter, start, end = cleaned.get("quarter"), cleaned.get("from_date"), cleaned.get("to_date")
        if quarter and (start or end):
            self.add_error("quarter", "Choose a quarter or enter dates, not both")
        elif quarter:
            cleaned["period"] = quarter_of(date.fromisoformat(quarter))
        elif not start:
            self.add_error("from_date", "Enter the from date, or choose a quarter")
        elif not end:
            self.add_error("to_date", "Enter the to date")
        elif start > end:
            self.add_error("to_date", "The to date must be the same as or after the from date")
        else:
            cleaned["period"] = Period(start, end, f"{start:%-d %B %Y} to {end:%-d %B %Y}")
        return cleaned

    def selection(self) -> tuple[Period, MaracArea | None]:
        """The period and area chosen (the last complete quarter, all areas, for an empty form)."""
        if not self.is_bound:
            return self.default_period, None
        return self.cleaned_data["period"], self.cleaned_data.get("area")


class DashboardForm(forms.Form):
    area = _area_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.select("area"), button="Show the dashboard")
