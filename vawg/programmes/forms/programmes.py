"""Forms of the programmes pages (validation only; the services decide)."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from vawg.accounts.models import District
from vawg.core.forms import GovukDateField, form_helper, radios
from vawg.justice.models import Order
from vawg.programmes.models import (
    AttendanceOutcome,
    Behaviour,
    ExitReason,
    MeasureSource,
    NotSuitableReason,
    Programme,
    ProgrammeKind,
    ProgrammeReferral,
    ProgrammeReferralState,
    ReferralSource,
    Timepoint,
)
from vawg.programmes.services.common import MAX_TEXT

NO_LOCATIONS = "Do not include addresses, postcodes, phone numbers or email addresses."
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
LEVELS = [("0", "0: none"), ("1", "1: some"), ("2", "2: often or serious"), ("3", "3: severe or frequent")]


def _text(label: str, *, required: str = "", help_text: str = NO_LOCATIONS, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": required, "max_length": f"Enter {MAX_TEXT} characters or fewer"},
    )


def _number(label: str, *, missing: str, help_text: str = "", max_value: int = 500) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=max_value,
        help_text=help_text,
        error_messages={
            "required": missing,
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be {max_value} or less",
        },
    )


class ProgrammeForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the programme's name"})
    kind = radios("Kind of programme", ProgrammeKind.choices, missing="Choose the kind of programme")
    respect_accredited = forms.BooleanField(label="Accredited by Respect", required=False)
    sessions = _number("Number of sessions", missing="Enter the number of sessions", help_text="0 when open-ended")
    session_minutes = _number("Minutes per session", missing="Enter how long each session lasts", max_value=600)
    eligibility = _text("Who it is for", help_text="Eligibility in a few lines. " + NO_LOCATIONS, rows=3)
    minimum_age = _number("Minimum age", missing="Enter the minimum age", max_value=100)
    max_missed = _number("Missed sessions allowed in all", missing="Enter how many missed sessions are allowed")
    max_missed_in_a_row = _number(
        "Missed sessions allowed in a row", missing="Enter how many missed sessions in a row are allowed"
    )
    districts = forms.ModelMultipleChoiceField(
        label="Districts covered (none chosen: every district)",
        queryset=District.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accepting_referrals = forms.BooleanField(label="Taking referrals", required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("name"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.checkbox("respect_accredited"),
            Field.text("sessions", field_width=4),
            Field.text("session_minutes", field_width=4),
            Field.textarea("eligibility"),
            Field.text("minimum_age", field_width=3),
            Field.text("max_missed", field_width=3),
            Field.text("max_missed_in_a_row", field_width=3),
            Field.checkboxes("districts", legend_size=Size.SMALL),
            Field.checkbox("accepting_referrals"),
            button="Save the programme",
            label_size=Size.SMALL,
        )

    @staticmethod
    def initial_of(programme: Programme) -> dict[str, Any]:
        names = [name for name in ProgrammeForm.base_fields if name != "districts"]
        return {**{name: getattr(programme, name) for name in names}, "districts": list(programme.districts.all())}


class SessionForm(forms.Form):
    day = GovukDateField(label="Date", what="the date of the session")
    start = forms.CharField(
        label="Start time",
        help_text="For example, 18:30",
        max_length=5,
        error_messages={"required": "Enter the start time"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("day"), Field.text("start", field_width=5), button="Schedule the session", label_size=Size.SMALL
        )

    def clean_start(self) -> time:
        match = _TIME.match(self.cleaned_data["start"].strip())
        if not match:
            raise forms.ValidationError("Enter the start time as hours and minutes, such as 18:30")
        return time(int(match.group(1)), int(match.group(2)))

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], self.cleaned_data["start"]))


class AttendanceForm(forms.Form):
    """One question per participant of the session (all on one form), labelled by the name given."""

    def __init__(self, *args: Any, participants: list[tuple[ProgrammeReferral, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = {f"attendance_{referral.pk}": referral for referral, _, _ in participants}
        for referral, name, current in participants:
            self.fields[f"attendance_{referral.pk}"] = radios(
                name,
                AttendanceOutcome.choices,
                missing=f"Choose whether {name} attended",
                initial=current or None,
            )
        self.helper = form_helper(
            *[Field.radios(key, legend_size=Size.SMALL, inline=True) for key in self.participants],
            button="Save attendance",
            label_size=Size.SMALL,
        )

    def outcomes(self) -> dict[ProgrammeReferral, str]:
        return {referral: self.cleaned_data[key] for key, referral in self.participants.items()}


class ReferForm(forms.Form):
    programme = forms.ModelChoiceField(
        label="Programme",
        queryset=Programme.objects.none(),
        error_messages={"required": "Choose the programme", "invalid_choice": "Choose a programme from the list"},
    )
    source = radios(
        "Where the referral comes from",
        [(value, label) for value, label in ReferralSource.choices if value != ReferralSource.SELF],
        missing="Choose where the referral comes from",
    )
    reason = _text("Why you are referring them", required="Enter why you are referring them")
    court_order = forms.ModelChoiceField(
        label="The court order (optional)",
        help_text="For a referral from a court: the DAPO or SPO whose requirement it is",
        queryset=Order.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose an order from the list"},
    )

    def __init__(self, *args: Any, programmes: Any, orders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        field.queryset = programmes  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: f"{p.name} ({p.provider.name})"  # type: ignore[attr-defined]
        order = self.fields["court_order"]
        order.queryset = orders  # type: ignore[attr-defined]
        order.label_from_instance = lambda o: f"{o.get_order_type_display()} {o.reference}".strip()  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.select("programme"),
            Field.radios("source", legend_size=Size.SMALL),
            Field.select("court_order"),
            Field.textarea("reason"),
            button="Refer to the programme",
            label_size=Size.SMALL,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("court_order") and data.get("source") != ReferralSource.COURT:
            self.add_error("court_order", "Name an order only for a referral from a court")
        return data


class AssessForm(forms.Form):
    suitable = radios(
        "Are they suitable for the programme?",
        [("yes", "Yes: suitable, waiting to start"), ("no", "No: not suitable")],
        missing="Choose whether they are suitable",
    )
    not_suitable_reason = radios("If not suitable, why?", NotSuitableReason.choices)
    note = _text("Assessment note", help_text="Seen only by your agency's programme workers. " + NO_LOCATIONS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("suitable", legend_size=Size.SMALL),
            Field.radios("not_suitable_reason", legend_size=Size.SMALL),
            Field.textarea("note"),
            button="Record the assessment",
            label_size=Size.SMALL,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("suitable") == "no" and not data.get("not_suitable_reason"):
            self.add_error("not_suitable_reason", "Choose why they are not suitable")
        return data


class TransitionForm(forms.Form):
    to_state = radios("What happens next?", [], missing="Choose what happens next")
    exit_reason = radios("If they are leaving early, why?", ExitReason.choices)
    confirmed = forms.BooleanField(
        label="I confirm they have completed the programme (needed when not every session is marked attended)",
        required=False,
    )
    note = _text("Note (optional)", rows=3)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = choices  # type: ignore[attr-defined]
        fields: list[Any] = [Field.radios("to_state", legend_size=Size.SMALL)]
        states = {value for value, _ in choices}
        if ProgrammeReferralState.EXITED in states:
            fields.append(Field.radios("exit_reason", legend_size=Size.SMALL))
        if ProgrammeReferralState.COMPLETED in states:
            fields.append(Field.checkbox("confirmed"))
        self.helper = form_helper(*fields, Field.textarea("note"), button="Save", label_size=Size.SMALL)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_state") == ProgrammeReferralState.EXITED and not data.get("exit_reason"):
            self.add_error("exit_reason", "Choose why they left the programme")
        return data


class MeasuresForm(forms.Form):
    timepoint = radios("When", Timepoint.choices, missing="Choose intake, review or exit")
    source = radios("Who the measure comes from", MeasureSource.choices, missing="Choose who the measure comes from")
    recorded_on = GovukDateField(label="Date of the measure", what="the date of the measure")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Behaviour.choices:
            self.fields[value] = radios(label, LEVELS, missing=f"Choose a level for {label.lower()}")
        self.helper = form_helper(
            Field.radios("timepoint", legend_size=Size.SMALL, inline=True),
            *[Field.radios(value, legend_size=Size.SMALL, inline=True) for value in Behaviour.values],
            Field.radios("source", legend_size=Size.SMALL),
            Field("recorded_on"),
            button="Record the measures",
            label_size=Size.SMALL,
        )

    def levels(self) -> dict[str, int]:
        return {value: int(self.cleaned_data[value]) for value in Behaviour.values}
