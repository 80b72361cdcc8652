"""Forms for the triage pages. They validate what was submitted; the views call the services."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from vawg.referrals.models import DuplicateResolution, ReferralState

REASON_MAX_LENGTH = 2000
# The states a button on the referral page may ask for (declining has its own page, for the reason).
BUTTON_STATES = (
    ReferralState.TRIAGED,
    ReferralState.SENT,
    ReferralState.ACCEPTED,
    ReferralState.WITHDRAWN,
    ReferralState.CLOSED,
)


def _helper(*fields: Any, button: str, secondary: bool = False, warning: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page template writes the token
    helper.label_size = Size.SMALL
    css = "govuk-button--warning" if warning else ("govuk-button--secondary" if secondary else "")
    helper.layout = Layout(*fields, Button("submit", button, css_class=css))
    return helper


class InboxFilterForm(forms.Form):
    """A state filter for the inbox (a state is not personal data, so this is a GET form)."""

    state = forms.ChoiceField(
        label="Show referrals that are",
        choices=[("", "In any state"), *ReferralState.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.select("state"), button="Filter", secondary=True)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(
        choices=[(state.value, state.label) for state in BUTTON_STATES],
        error_messages={"required": "Select what to do", "invalid_choice": "Select what to do"},
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why is the referral being declined?",
        help_text="The referrer will see this reason.",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why the referral is being declined",
            "max_length": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), button="Decline referral", warning=True)


class DuplicateResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        choices=[
            (DuplicateResolution.LINKED.value, "Same person: use the existing record"),
            (DuplicateResolution.NOT_DUPLICATE.value, "Not the same person"),
        ],
        error_messages={
            "required": "Select whether this is the same person",
            "invalid_choice": "Select whether this is the same person",
        },
    )
