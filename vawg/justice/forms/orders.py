"""Forms of the order pages (validation only; the services decide). Moments are a date and a time in UK time."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from vawg.core.dates import LONDON
from vawg.core.forms import GovukDateField, form_helper
from vawg.justice.config.orders import ORDER_TYPES
from vawg.justice.models import ConditionKind, DvdsApplicant, DvdsDecision, OrderState, Rank, RequirementKind
from vawg.people.models import Person

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
MAX_TEXT = 2000
PLACES = "This may name a place: it is kept encrypted and shown only on the order page."
# The state an order of each kind starts in.
START_STATES = [
    (OrderState.SERVED, "Served (a notice, or an order already served)"),
    (OrderState.MADE, "Made by the court"),
    (OrderState.APPLIED, "Applied for (or a DVDS application received)"),
]


def _time(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=5,
        help_text="24-hour clock, for example 21:30",
        error_messages={"required": "Enter the time"},
    )


def moment(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON)


def clean_clock(value: str) -> time:
    match = _TIME.match(value.strip())
    if not match:
        raise forms.ValidationError("Enter the time as hours and minutes, such as 21:30")
    return time(int(match.group(1)), int(match.group(2)))


class TypeForm(forms.Form):
    """Submitted by GET: ``type`` is the query parameter ``order_new`` reads to show that type's form."""

    type = forms.ChoiceField(
        label="Type of order or disclosure",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of order or disclosure"},
    )

    def __init__(self, *args: Any, offered: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = offered  # type: ignore[attr-defined]
        self.helper = form_helper(Field.radios("type", legend_size=Size.MEDIUM), button="Continue", label_size=None)


class OrderForm(forms.Form):
    """The fields an order of ``order_type`` needs (a DVPN asks the rank and the considerations)."""

    protected = forms.ModelMultipleChoiceField(
        label="Who does it protect?",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one person it protects"},
    )
    state = forms.ChoiceField(label="Where is it now?", choices=START_STATES, widget=forms.RadioSelect)
    day = GovukDateField(label="Date", what="the date it was served, made or applied for")
    clock = _time("Time")
    issuing_body = forms.CharField(label="Issued by (optional)", max_length=200, required=False)
    reference = forms.CharField(label="Reference (optional)", max_length=50, required=False)
    ends_on = GovukDateField(label="Last day in force (optional)", what="the last day in force", required=False)
    until_further_order = forms.BooleanField(label="Until further order", required=False)
    authorising_rank = forms.ChoiceField(label="Authorising officer's rank", choices=[("", ""), *Rank.choices])
    victim_view_considered = forms.BooleanField(label="The victim's view was sought and considered", required=False)
    child_welfare_considered = forms.BooleanField(label="The welfare of any child was considered", required=False)
    dvds_applicant = forms.ChoiceField(label="Who applied?", choices=DvdsApplicant.choices, widget=forms.RadioSelect)
    condition_kind = forms.ChoiceField(label="Condition", choices=ConditionKind.choices, required=False)
    condition_text = forms.CharField(
        label="Condition wording (optional)",
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea,
        help_text=PLACES,
    )
    requirement_kind = forms.ChoiceField(label="Requirement", choices=RequirementKind.choices, required=False)
    requirement_text = forms.CharField(
        label="Requirement wording (optional)",
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea,
        help_text=PLACES,
    )

    def __init__(self, *args: Any, order_type: str, candidates: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = ORDER_TYPES[order_type]
        field = self.fields["protected"]
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in candidates])  # type: ignore[attr-defined]
        field.label_from_instance = lambda person: person.full_name  # type: ignore[attr-defined]
        layout: list[Any] = [Field.checkboxes("protected", legend_size=Size.SMALL)]
        if rules.min_rank:
            self.fields["state"].initial = OrderState.SERVED
            for name in ("state", "ends_on", "until_further_order", "dvds_applicant"):
                del self.fields[name]
            self.fields["day"].label = "Date served"
            layout += [Field("day"), Field.text("clock", field_width=5), Field.select("authorising_rank")]
            layout += [Field.checkbox("victim_view_considered"), Field.checkbox("child_welfare_considered")]
        elif rules.is_disclosure:
            for name in ("state", "ends_on", "until_further_order", "authorising_rank"):
                del self.fields[name]
            self.fields["day"].label = "Date of the application"
            layout += [
                Field.radios("dvds_applicant", legend_size=Size.SMALL),
                Field("day"),
                Field.text("clock", field_width=5),
            ]
        else:
            for name in ("authorising_rank", "dvds_applicant"):
                del self.fields[name]
            layout += [Field.radios("state", legend_size=Size.SMALL), Field("day"), Field.text("clock", field_width=5)]
            layout += [Field("ends_on"), Field.checkbox("until_further_order")]
        if rules.is_disclosure:
            for name in ("condition_kind", "condition_text", "requirement_kind", "requirement_text"):
                del self.fields[name]
            self.fields["victim_view_considered"].required = False
        else:
            layout += [Field.select("condition_kind"), Field.textarea("condition_text", rows=3)]
            layout += [Field.select("requirement_kind"), Field.textarea("requirement_text", rows=3)]
        if not rules.min_rank:
            del self.fields["victim_view_considered"]
            del self.fields["child_welfare_considered"]
        layout += [Field.text("issuing_body"), Field.text("reference", field_width=20)]
        self.order_type = order_type
        self.helper = form_helper(*layout, button="Record", label_size=Size.SMALL)

    def clean_clock(self) -> time:
        return clean_clock(self.cleaned_data["clock"])

    def at(self) -> datetime:
        return moment(self.cleaned_data["day"], self.cleaned_data["clock"])

    def start_state(self) -> str:
        rules = ORDER_TYPES[self.order_type]
        if rules.min_rank:
            return OrderState.SERVED
        if rules.is_disclosure:
            return OrderState.APPLIED
        return str(self.cleaned_data["state"])


class OutcomeForm(forms.Form):
    made = forms.TypedChoiceField(
        label="What did the court decide?",
        choices=[("yes", "Made the order"), ("no", "Refused the order")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the court decided"},
    )
    day = GovukDateField(label="Date of the hearing", what="the date of the hearing")
    clock = _time("Time of the decision")
    ends_on = GovukDateField(
        label="Last day in force (if made)",
        what="the last day in force",
        required=False,
        help_text="14 to 28 days, beginning with the day it is made",
    )
    condition_text = forms.CharField(
        label="Conditions (optional)", max_length=MAX_TEXT, required=False, widget=forms.Textarea, help_text=PLACES
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("made", legend_size=Size.SMALL),
            Field("day"),
            Field.text("clock", field_width=5),
            Field("ends_on"),
            Field.textarea("condition_text", rows=3),
            button="Record the outcome",
        )

    def clean_clock(self) -> time:
        return clean_clock(self.cleaned_data["clock"])

    def at(self) -> datetime:
        return moment(self.cleaned_data["day"], self.cleaned_data["clock"])


class StatusForm(forms.Form):
    to = forms.ChoiceField(label="New status", widget=forms.RadioSelect, error_messages={"required": "Select a status"})
    day = GovukDateField(label="Date", what="the date")
    clock = _time("Time")
    ends_on = GovukDateField(label="New last day in force (optional)", what="the last day in force", required=False)
    decision = forms.ChoiceField(label="DVDS decision", choices=[("", ""), *DvdsDecision.choices], required=False)
    reason = forms.CharField(label="Reason (optional)", max_length=MAX_TEXT, required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = choices  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.radios("to", legend_size=Size.SMALL),
            Field("day"),
            Field.text("clock", field_width=5),
            Field("ends_on"),
            Field.textarea("reason", rows=3),
            button="Save",
        )

    def clean_clock(self) -> time:
        return clean_clock(self.cleaned_data["clock"])

    def at(self) -> datetime:
        return moment(self.cleaned_data["day"], self.cleaned_data["clock"])


class BreachForm(forms.Form):
    protected = forms.ChoiceField(label="Who was it against?", widget=forms.RadioSelect)
    day = GovukDateField(label="Date of the breach", what="the date of the breach")
    clock = _time("Time of the breach")
    summary = forms.CharField(
        label="What happened (optional)", max_length=MAX_TEXT, required=False, widget=forms.Textarea, help_text=PLACES
    )
    crime_reference = forms.CharField(
        label="Crime reference (optional)",
        max_length=50,
        required=False,
        help_text="The force's incident number, as in the force's data",
    )

    def __init__(self, *args: Any, protected: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["protected"].choices = protected  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.radios("protected", legend_size=Size.SMALL),
            Field("day"),
            Field.text("clock", field_width=5),
            Field.textarea("summary", rows=4),
            Field.text("crime_reference", field_width=20),
            button="Record the breach",
        )

    def clean_clock(self) -> time:
        return clean_clock(self.cleaned_data["clock"])

    def at(self) -> datetime:
        return moment(self.cleaned_data["day"], self.cleaned_data["clock"])
