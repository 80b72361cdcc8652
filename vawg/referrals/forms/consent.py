"""Forms for recording consent on a referral that waits for it, and for sharing it without consent.

They validate what was typed; the services (vawg/referrals/services/consent.py) decide the rest."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from vawg.cases.models import LawfulBasis
from vawg.core.forms import form_helper, radios
from vawg.referrals.models import OVERRIDE_REASON_MIN_LENGTH, Consent

REASON_MAX_LENGTH = 2000
# Bases for sharing without consent: consent itself is not one.
WITHOUT_CONSENT_BASES = [(value, label) for value, label in LawfulBasis.choices if value != LawfulBasis.CONSENT]
ANSWERS = [
    (Consent.GIVEN.value, "They agreed to the referral and to information being shared"),
    (Consent.NOT_GIVEN_LAWFUL_BASIS.value, "They did not agree: share it on a lawful basis"),
]


def _reason(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer"},
    )


class ConsentRecordForm(forms.Form):
    consent = radios(
        "What did the person say when you asked them?",
        ANSWERS,
        missing="Select what the person said",
        help_text="If they did not agree and there is no lawful basis to share, withdraw the referral instead.",
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing without consent",
        choices=[("", "Select a lawful basis"), *WITHOUT_CONSENT_BASES],
        required=False,
    )
    reason = _reason("Why are you sharing without consent?")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("consent", legend_size=Size.SMALL),
            Field.select("lawful_basis"),
            Field.textarea("reason"),
            button="Record consent",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("consent") == Consent.NOT_GIVEN_LAWFUL_BASIS:
            if not cleaned.get("lawful_basis"):
                self.add_error("lawful_basis", "Select the lawful basis for sharing without consent")
            if not (cleaned.get("reason") or "").strip():
                self.add_error("reason", "Enter why you are sharing without consent")
        return cleaned


class ConsentOverrideForm(forms.Form):
    lawful_basis = radios(
        "Lawful basis for sharing without consent",
        WITHOUT_CONSENT_BASES,
        missing="Select the lawful basis for sharing without consent",
    )
    reason = _reason(
        "Why are you sharing without asking the person?",
        help_text=f"At least {OVERRIDE_REASON_MIN_LENGTH} characters. The referrer and the receiving service see it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("lawful_basis", legend_size=Size.SMALL),
            Field.textarea("reason"),
            button="Share without consent",
            style="warning",
        )

    def clean_reason(self) -> str:
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError("Enter why you are sharing without asking the person")
        if len(reason) < OVERRIDE_REASON_MIN_LENGTH:
            raise forms.ValidationError(
                f"Enter why you are sharing without asking the person in at least {OVERRIDE_REASON_MIN_LENGTH} "
                "characters"
            )
        return reason
