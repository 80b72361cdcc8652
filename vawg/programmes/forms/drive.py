"""Forms of high-harm case management (validation only; the services decide)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from vawg.accounts.models import Organisation, User
from vawg.core.forms import GovukDateField, form_helper, radios
from vawg.programmes.models import INTERVENTION_TRANSITIONS, InterventionKind, InterventionState
from vawg.programmes.rules.drive import INTERVENTION_REASONS

NO_LOCATIONS = (
    "Do not include addresses, postcodes, phone numbers or email addresses: "
    "any held for the person or their victims are removed."
)


class CaseManagerForm(forms.Form):
    case_manager = forms.ModelChoiceField(
        label="Case manager",
        queryset=User.objects.none(),
        error_messages={"required": "Choose the case manager"},
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = choices  # type: ignore[attr-defined]
        self.fields["case_manager"].label_from_instance = lambda user: user.full_name or user.email  # type: ignore[attr-defined]
        self.helper = form_helper(Field.select("case_manager"), button="Save the case manager", style="secondary")


class InterventionForm(forms.Form):
    kind = radios("Kind of intervention", InterventionKind.choices, missing="Choose the kind of intervention")
    organisation = forms.ModelChoiceField(
        label="Agency that carries it out",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the agency that carries it out"},
    )
    description = forms.CharField(
        label="What is to be done",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NO_LOCATIONS,
        error_messages={"required": "Enter what is to be done", "max_length": "Enter 4000 characters or fewer"},
    )
    due_on = GovukDateField(label="Due date", what="the due date")

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("organisation"),
            Field.textarea("description"),
            Field("due_on"),
            button="Add the intervention",
        )


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(
        label="New state", widget=forms.RadioSelect, error_messages={"required": "Choose the new state"}
    )
    reason = forms.ChoiceField(
        label="Reason",
        choices=list(INTERVENTION_REASONS.items()),
        required=False,
        help_text="Needed when it was not done",
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = INTERVENTION_TRANSITIONS.get(current, frozenset())
        self.fields["to_state"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in InterventionState.choices if value in allowed
        ]
        self.helper = form_helper(
            Field.radios("to_state", legend_size=Size.SMALL), Field.select("reason"), button="Save the state"
        )
