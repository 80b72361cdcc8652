"""What every referral question page shares: the page form, its answers (yes/no, safe hours, children)
and the helpers that turn answers into values. The professional referral (forms/intake.py) and the public
self-referrals (forms/public.py) build their pages from these."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django import forms

from vawg.core.forms import GovukDateField, form_helper, radios

YES, NO, NOT_KNOWN = "yes", "no", "not-known"

# Hours offered for a safe time window (UK time). A select is easier to answer than a free time.
HOURS = [(f"{hour:02d}:00", time(hour).strftime("%-I%p").lower()) for hour in range(7, 23)]
NOT_SET = ("", "Any time")


def number_input() -> forms.TextInput:
    """GOV.UK asks for whole numbers in a text input with a numeric keyboard, not type=number."""
    return forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"})


class StepForm(forms.Form):
    """A question page: crispy-forms-gds draws GOV.UK components (fieldsets and legends for radios)."""

    title = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The page template draws the form, its token, its button and the honeypot.
        self.helper = form_helper(label_size=None)


def no_autocomplete(form: forms.Form, *names: str) -> None:
    for name in names:
        form.fields[name].widget.attrs["autocomplete"] = "off"


def check_window(cleaned: dict[str, Any]) -> dict[str, Any]:
    start, end = cleaned.get("safe_from") or "", cleaned.get("safe_until") or ""
    if bool(start) != bool(end):
        raise forms.ValidationError({"safe_until" if start else "safe_from": "Select both a start and an end time"})
    if start and start == end:
        raise forms.ValidationError({"safe_until": "The end time must be different from the start time"})
    return cleaned


EARLIEST_BIRTH_YEAR = 1900


def date_of_birth_field(label: str) -> GovukDateField:
    return GovukDateField(label=label, what="the date of birth", required=False, help_text="For example, 27 3 1985")


def born_after_1900(born: date | None) -> date | None:
    if born is not None and born.year < EARLIEST_BIRTH_YEAR:
        raise forms.ValidationError(f"The date of birth must be after {EARLIEST_BIRTH_YEAR}")
    return born


class ChildrenQuestion(StepForm):
    """Do children live in the household, and how many: the same question in the professional's and the
    survivor's words (subclasses give the wording; ``missing_count`` is the message for a "yes" without a number)."""

    missing_count = "Enter how many children live in the household"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("children") == YES and not cleaned.get("children_count"):
            self.add_error("children_count", self.missing_count)
        return cleaned


def children_field(*, label: str, not_known: str, required: str) -> forms.ChoiceField:
    return radios(label, [(YES, "Yes"), (NO, "No"), (NOT_KNOWN, not_known)], missing=required)


def children_count_field(*, invalid: str, too_few: str, too_many: str) -> forms.IntegerField:
    return forms.IntegerField(
        widget=number_input(),
        label="How many children?",
        required=False,
        min_value=1,
        max_value=30,
        error_messages={"invalid": invalid, "min_value": too_few, "max_value": too_many},
    )


def children_count(cleaned: dict[str, Any]) -> int | None:
    """Children in the household: a number, 0 for "no", None for not known."""
    answer = cleaned.get("children")
    if answer == YES:
        count: int | None = cleaned.get("children_count")
        return count
    return 0 if answer == NO else None


def parse_hour(value: str) -> time | None:
    return time.fromisoformat(value) if value else None


def date_or_none(value: Any) -> date | None:
    return value if isinstance(value, date) else None
