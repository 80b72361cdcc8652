"""Forms of the MATAC pages (validation only; services decide). A tactic's new status uses MARAC's
action form: one way of keeping actions."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.core.forms import GovukDateField, form_helper, radios
from vawg.intelligence.models import MatacMeeting, ReviewDecision, TacticKind
from vawg.intelligence.rules.matac import EXIT_REASONS, MAX_TEXT, NOMINATION_REASON_MIN

NO_LOCATIONS = (
    "Do not include addresses, postcodes, phone numbers or email addresses: "
    "any held for the person or their victims are removed."
)
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def _text(label: str, *, required: str = "", help_text: str = NO_LOCATIONS, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": required, "max_length": f"Enter {MAX_TEXT} characters or fewer"},
    )


class MeetingForm(forms.Form):
    day = GovukDateField(label="Date", what="the date of the meeting")
    start = forms.CharField(
        label="Start time",
        help_text="For example, 10:00",
        max_length=5,
        error_messages={"required": "Enter the start time"},
    )
    location = forms.CharField(
        label="Place",
        max_length=120,
        help_text="A room or building name, such as Police HQ, room 2. Never an address.",
        error_messages={"required": "Enter where the meeting is"},
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Agencies invited",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one agency to invite"},
    )
    chair = forms.ModelChoiceField(label="Chair (optional)", queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, organisations: Any, chairs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["chair"].queryset = chairs  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field("day"),
            Field.text("start", field_width=5),
            Field.text("location"),
            Field.checkboxes("organisations", legend_size=Size.SMALL),
            Field.select("chair"),
            button="Schedule the meeting",
            label_size=None,
        )

    def clean_start(self) -> time:
        match = _TIME.match(self.cleaned_data["start"].strip())
        if not match:
            raise forms.ValidationError("Enter the start time as hours and minutes, such as 10:00")
        return time(int(match.group(1)), int(match.group(2)))

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], self.cleaned_data["start"]))


class NominationForm(forms.Form):
    reason = _text("Why are you nominating this person?", rows=6)
    coordinating_organisation = forms.ModelChoiceField(
        label="MATAC", queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, partner: bool, coordinating: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        if partner:
            reason.required = True
            reason.error_messages["required"] = "Enter why you are nominating this person"
            reason.help_text = f"At least {NOMINATION_REASON_MIN} characters. {NO_LOCATIONS}"
        else:
            reason.label = "Anything to add to the ranking (optional)"
        fields: list[Any] = [Field.textarea("reason", rows=6)]
        if len(coordinating) > 1:
            self.fields["coordinating_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                pk__in=[org.pk for org in coordinating]
            )
            fields.append(Field.select("coordinating_organisation"))
        else:
            del self.fields["coordinating_organisation"]
        self.helper = form_helper(*fields, button="Nominate", label_size=Size.SMALL)


class AcceptForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=MatacMeeting.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the meeting they will be a subject at"},
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: f"{timezone.localtime(m.starts_at):%-d %B %Y}, {m.location}"  # type: ignore[attr-defined]
        self.helper = form_helper(Field.radios("meeting", legend_size=Size.SMALL), button="Accept", label_size=None)


class DeclineForm(forms.Form):
    reason = _text("Why is the nomination declined?", required="Enter why the nomination is declined")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", rows=4), button="Decline", style="warning")


class ProfileForm(forms.Form):
    profile_summary = _text("Summary", rows=5)
    profile_behaviour = _text("Pattern of behaviour", rows=5)
    profile_risks = _text("Risks to victims and children", rows=5)
    profile_agencies = _text("Agencies involved", rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            *(Field.textarea(name) for name in self.fields), button="Save the profile", label_size=Size.SMALL
        )


def _meeting_field(meetings: Any) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    field = forms.ModelChoiceField(
        label="Meeting", queryset=meetings, error_messages={"required": "Choose the meeting"}
    )
    field.label_from_instance = lambda m: f"{timezone.localtime(m.starts_at):%-d %B %Y}, {m.location}"  # type: ignore[method-assign,assignment]
    return field


class ReviewForm(forms.Form):
    note = _text("Review note", required="Enter the review note")
    decision = radios("Decision", ReviewDecision.choices, missing="Choose whether they continue or exit")
    exit_reason = radios("If they exit: why", list(EXIT_REASONS.items()))
    exit_note = _text("If they exit: note (needed when there is no RFG score or the reason is other)", rows=3)

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"meeting": _meeting_field(meetings), **self.fields}
        self.helper = form_helper(
            Field.select("meeting"),
            Field.textarea("note"),
            Field.radios("decision", legend_size=Size.SMALL),
            Field.radios("exit_reason", legend_size=Size.SMALL),
            Field.textarea("exit_note"),
            button="Record the review",
            label_size=Size.SMALL,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == ReviewDecision.EXIT and not data.get("exit_reason"):
            self.add_error("exit_reason", "Choose why they are leaving MATAC")
        return data


class ExitForm(forms.Form):
    exited_on = GovukDateField(label="Date they leave MATAC", what="the exit date")
    reason = radios("Why are they leaving?", list(EXIT_REASONS.items()), missing="Choose why they are leaving MATAC")
    note = _text("Note (needed when there is no RFG score or the reason is other)", rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("exited_on"),
            Field.radios("reason", legend_size=Size.SMALL),
            Field.textarea("note"),
            button="Exit from MATAC",
            style="warning",
            label_size=Size.SMALL,
        )


class TacticForm(forms.Form):
    kind = radios("Kind of tactic", TacticKind.choices, missing="Choose the kind of tactic")
    description = _text("What is to be done", required="Enter what the tactic is")
    owning_organisation = forms.ModelChoiceField(
        label="Owning agency",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the agency that owns the tactic"},
    )
    owner = forms.ModelChoiceField(label="Owner (optional)", queryset=User.objects.none(), required=False)
    due_on = GovukDateField(label="Due date", what="the due date")

    def __init__(self, *args: Any, meetings: Any, organisations: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"meeting": _meeting_field(meetings), **self.fields}
        self.fields["owning_organisation"].queryset = organisations  # type: ignore[attr-defined]
        owner = self.fields["owner"]
        owner.queryset = owners  # type: ignore[attr-defined]
        owner.help_text = "Someone at the owning agency who takes part in MATAC"
        self.helper = form_helper(
            Field.select("meeting"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("description"),
            Field.select("owning_organisation"),
            Field.select("owner"),
            Field("due_on"),
            button="Add the tactic",
            label_size=Size.SMALL,
        )
