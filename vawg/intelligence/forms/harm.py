"""Forms of the people-causing-harm pages: the search, and managing who may see a record. Managing access
reuses the case pages' forms (vawg/cases/forms.py) with the record's own wording."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms

from vawg.accounts.models import User
from vawg.cases import forms as case_forms
from vawg.core.forms import GovukDateField, form_helper, radios
from vawg.intelligence.config import VIEW_PEOPLE_CAUSING_HARM
from vawg.intelligence.models import HarmAgencyReason
from vawg.intelligence.services.harm_access import GRANT_REASON_MESSAGE, GRANT_REASON_MIN_LENGTH


class HarmSearchForm(forms.Form):
    """Names, a date of birth and force references are personal data: the search is posted, never in a URL."""

    name = forms.CharField(
        label="Name",
        help_text="Given name, family name or an alias. Part of a name will do.",
        required=False,
        max_length=200,
        error_messages={"max_length": "Name must be 200 characters or fewer"},
    )
    date_of_birth = GovukDateField(
        label="Date of birth", what="the date of birth", required=False, help_text="For example, 27 3 1985"
    )
    force_reference = forms.CharField(
        label="Force reference",
        help_text="The police force's own reference for the person",
        required=False,
        max_length=50,
        error_messages={"max_length": "Force reference must be 50 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("name", field_width=Fixed.TWENTY),
            Field("date_of_birth"),
            Field.text("force_reference", field_width=Fixed.TWENTY),
            button="Search",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name", "").strip() or data.get("date_of_birth") or data.get("force_reference", "").strip()):
            raise forms.ValidationError("Enter a name, a date of birth or a force reference")
        return data

    def fields_used(self) -> list[str]:
        return [name for name in self.fields if self.cleaned_data.get(name)]


AGENCY_REASONS = [(value, label) for value, label in HarmAgencyReason.choices if value != HarmAgencyReason.OWNS]


class HarmAgencyForm(case_forms.CaseAgencyForm):
    reason = radios(
        "Why does the agency work with them?", AGENCY_REASONS, missing="Choose why the agency works with them"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.select("organisation"), Field.radios("reason", legend_size=Size.SMALL), button="Add agency"
        )


class HarmGrantForm(case_forms.GrantForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        reason.label = "Why does the agency need to see the record?"
        reason.help_text = f"At least {GRANT_REASON_MIN_LENGTH} characters. The agency sees the reason too."
        reason.error_messages["required"] = GRANT_REASON_MESSAGE

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if len(reason) < GRANT_REASON_MIN_LENGTH:
            raise forms.ValidationError(GRANT_REASON_MESSAGE)
        return reason


class HarmTeamMemberForm(case_forms.TeamMemberForm):
    def clean_email(self) -> User:
        # The case form's own check is for a casework role: skip it (to its parent's), and check ours.
        user: User = super(case_forms.TeamMemberForm, self).clean_email()
        if not user.has_perm(VIEW_PEOPLE_CAUSING_HARM):
            raise forms.ValidationError("This person does not have a role that may see people causing harm")
        return user


class HarmDenyForm(case_forms.DenyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        reason.label = "Why must this person not see the record?"
        reason.help_text = "For example: they know the person causing harm or one of their victims."
        reason.error_messages["required"] = "Enter why this person must not see the record"


ReasonForm = case_forms.ReasonForm
