"""The form choosing the meeting to list a queued case at."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from vawg.core.forms import form_helper
from vawg.marac.models import MaracMeeting


class ListForm(forms.Form):
    """Choose the meeting to list a queued case at (and confirm going over capacity)."""

    def __init__(
        self, *args: Any, meetings: list[MaracMeeting], initial_meeting: MaracMeeting | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for meeting in meetings:
            label = f"{timezone.localtime(meeting.starts_at):%-d %B %Y at %H:%M}"
            label += f" ({meeting.items.count()} of {meeting.capacity} cases listed"
            label += ", extra meeting)" if meeting.is_extra else ")"
            choices.append((str(meeting.pk), label))
        self.fields["meeting"] = forms.ChoiceField(
            label="Meeting",
            choices=choices,
            widget=forms.RadioSelect,
            initial=str(initial_meeting.pk) if initial_meeting else None,
            error_messages={"required": "Choose a meeting", "invalid_choice": "Choose a meeting"},
        )
        self.fields["confirm_over_capacity"] = forms.BooleanField(
            label="List the case even though the meeting is over capacity", required=False
        )
        self.helper = form_helper(
            Field.radios("meeting", legend_size=Size.SMALL),
            Field.checkbox("confirm_over_capacity"),
            button="List at this meeting",
        )
