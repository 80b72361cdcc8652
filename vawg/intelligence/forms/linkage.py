"""The reviewer's decision on an identity link (validation only; the service checks the transition)."""

from __future__ import annotations

from typing import Any

from django import forms

from vawg.core.forms import form_helper, radios
from vawg.intelligence.models import LinkState

MAX_REASON = 1000
DECISION_LABELS = {
    LinkState.ACCEPTED: "The same person: accept the link",
    LinkState.REJECTED: "Not the same person: reject the link",
    LinkState.WAITING: "Undo: put the pair back in the queue",
}


class DecisionForm(forms.Form):
    state = radios("Your decision", [], missing="Choose your decision")
    reason = forms.CharField(
        label="Why",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What in the two records decided it. Do not include addresses, postcodes, phone numbers or emails.",
        error_messages={
            "required": "Enter the reason for your decision",
            "max_length": f"Enter {MAX_REASON} characters or fewer",
        },
    )

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["state"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(state, DECISION_LABELS[LinkState(state)]) for state in allowed]
        self.helper = form_helper("state", "reason", button="Record the decision")
