"""Forms for the meeting pages: scheduling (one or a series), agencies, a reason, attendees and attendance."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms

from vawg.accounts.models import Organisation, User
from vawg.core.forms import GovukDateField, form_helper
from vawg.marac.models import MaracArea, MeetingAttendee
from vawg.marac.selectors.agencies import chair_candidates, coordinator_candidates, default_agencies

REASON_MAX = 2000


class _UserChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic only in the stubs
    def label_from_instance(self, obj: User) -> str:
        return str(obj.full_name or obj.email)


def _time_field() -> forms.CharField:
    return forms.CharField(
        label="Start time",
        help_text="24-hour clock, for example 10:00",
        max_length=5,
        initial="10:00",
        error_messages={"required": "Enter the start time"},
    )


def _clean_time(value: str) -> time:
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", value or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise forms.ValidationError("Enter the start time as hours and minutes, for example 10:00")
    return time(int(match.group(1)), int(match.group(2)))


class _MeetingFields(forms.Form):
    """Fields shared by one meeting and a series."""

    def __init__(self, *args: Any, user: User, area: MaracArea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.area = area
        self.fields["chair"] = _UserChoice(
            label="Chair",
            queryset=chair_candidates(),
            required=False,
            help_text="Someone who takes part in MARAC at an agency (you can add the chair later)",
        )
        self.fields["coordinator"] = _UserChoice(
            label="Coordinator", queryset=coordinator_candidates(area), initial=user.pk, required=False
        )
        self.fields["capacity"] = forms.IntegerField(
            label="Capacity (cases)",
            min_value=1,
            max_value=100,
            initial=area.default_capacity,
            error_messages={
                "required": "Enter the number of cases the meeting can hear",
                "min_value": "Capacity must be between 1 and 100 cases",
                "max_value": "Capacity must be between 1 and 100 cases",
                "invalid": "Capacity must be a number, like 15",
            },
        )
        self.fields["agencies"] = forms.ModelMultipleChoiceField(
            label="Agencies invited",
            queryset=Organisation.objects.active().order_by("name"),
            widget=forms.CheckboxSelectMultiple,
            initial=[org.pk for org in default_agencies(area)],
            help_text="Invited agencies get a research task for every case when the agenda is published",
            error_messages={"required": "Choose at least one agency to invite"},
        )

    def clean_start_time(self) -> time:
        return _clean_time(self.cleaned_data.get("start_time", ""))


class MeetingForm(_MeetingFields):
    day = GovukDateField(
        label="Meeting date", what="the meeting date", required=True, help_text="For example, 27 3 2027"
    )
    start_time = _time_field()
    is_extra = forms.BooleanField(label="This is an extra meeting (for urgent cases)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("day"),
            Field.text("start_time", field_width=Fixed.FIVE),
            Field.select("chair"),
            Field.select("coordinator"),
            Field.text("capacity", field_width=Fixed.THREE),
            Field.checkbox("is_extra"),
            Field.checkboxes("agencies", legend_size=Size.SMALL, small=True),
            button="Schedule the meeting",
        )


class SeriesForm(_MeetingFields):
    first = GovukDateField(
        label="First meeting date", what="the first meeting date", required=True, help_text="For example, 13 1 2027"
    )
    until = GovukDateField(
        label="Schedule meetings until",
        what="the date to schedule meetings until",
        required=True,
        help_text="For example, 13 4 2027 (at most a year)",
    )
    start_time = _time_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("first"),
            Field("until"),
            Field.text("start_time", field_width=Fixed.FIVE),
            Field.select("chair"),
            Field.select("coordinator"),
            Field.text("capacity", field_width=Fixed.THREE),
            Field.checkboxes("agencies", legend_size=Size.SMALL, small=True),
            button="Schedule the meetings",
        )


class AgenciesForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies invited",
        queryset=Organisation.objects.active().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one agency to invite"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.checkboxes("agencies", legend_size=Size.SMALL, small=True), button="Save agencies"
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason",
            "max_length": f"The reason must be {REASON_MAX:,} characters or fewer",
        },
    )

    def __init__(self, *args: Any, label: str, required_message: str, button: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message
        self.helper = form_helper(Field.textarea("reason"), button=button, style="warning")


class AttendeeForm(forms.Form):
    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label="Agency",
            queryset=Organisation.objects.filter(pk__in=[o.pk for o in organisations]).order_by("name"),
            initial=organisations[0].pk if organisations else None,
            empty_label=None,
            error_messages={"required": "Choose the agency they attend for"},
        )
        self.fields["name"] = forms.CharField(
            label="Name", max_length=200, error_messages={"required": "Enter the name of the person attending"}
        )
        self.fields["job_title"] = forms.CharField(label="Job title", max_length=200, required=False)
        self.helper = form_helper(
            Field.select("organisation"),
            Field.text("name", field_width=Fixed.TWENTY),
            Field.text("job_title", field_width=Fixed.TWENTY),
            button="Register attendee",
        )


class AttendanceForm(forms.Form):
    """Who attended: a yes or no for each registered attendee (the page writes the radios; an attendee
    left unanswered, or answered with anything else, is left as recorded)."""

    def __init__(self, *args: Any, attendees: list[MeetingAttendee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attendees = attendees
        for attendee in attendees:
            self.fields[f"attended-{attendee.pk}"] = forms.CharField(required=False)

    def answers(self) -> dict[str, bool]:
        """Attendee id -> attended, for the attendees answered yes or no."""
        answers: dict[str, bool] = {}
        for attendee in self.attendees:
            value = self.cleaned_data.get(f"attended-{attendee.pk}", "")
            if value in ("yes", "no"):
                answers[str(attendee.pk)] = value == "yes"
        return answers
