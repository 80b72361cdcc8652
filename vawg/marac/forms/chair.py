"""Forms for the chair's view of a case: the record of the discussion, and agreeing a timed action."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.core.forms import GovukDateField, form_helper, radios
from vawg.marac.models import MaracMeeting, RiskAddressed
from vawg.marac.selectors.agencies import agency_members
from vawg.marac.services.actions import MAX_TEXT
from vawg.marac.services.chair import RECORDED_FIELDS


class RecordForm(forms.Form):
    """The chair's notes: whichever of the recorded fields the page sent (the service trims, redacts and
    checks their length). The page writes its own text areas."""

    presentation = forms.CharField(required=False, strip=False)
    information_shared = forms.CharField(required=False, strip=False)
    risks_identified = forms.CharField(required=False, strip=False)
    conclusion = forms.CharField(required=False, strip=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(name in self.data for name in RECORDED_FIELDS):
            raise forms.ValidationError("Nothing to save")
        return cleaned

    def sent(self) -> dict[str, str]:
        """The fields the page sent, by name."""
        return {name: self.cleaned_data[name] for name in RECORDED_FIELDS if name in self.data}


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Do not include addresses or other location details.",
        error_messages={"required": "Enter what the action is", "max_length": f"Keep it to {MAX_TEXT} characters"},
    )
    owning_organisation = forms.ModelChoiceField(
        label="Owning agency",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the agency that owns the action"},
    )
    owner = forms.ModelChoiceField(
        label="Owner (optional)", queryset=User.objects.none(), required=False, help_text="Someone at that agency."
    )
    due_on = GovukDateField(label="Due date", what="the date the action is due", help_text="For example, 27 3 2027")
    risk_addressed = radios("Risk addressed", RiskAddressed.choices, missing="Choose the risk the action addresses")

    def __init__(self, *args: Any, meeting: MaracMeeting, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"due_on": timezone.localdate() + timedelta(days=14)})
        super().__init__(*args, **kwargs)
        agencies = Organisation.objects.filter(pk__in=meeting.agencies.values("organisation_id")).order_by("name")
        cast("forms.ModelChoiceField[Organisation]", self.fields["owning_organisation"]).queryset = agencies
        owners = User.objects.none()
        for agency in agencies:
            owners = owners | agency_members(agency)
        cast("forms.ModelChoiceField[User]", self.fields["owner"]).queryset = owners.distinct().order_by("full_name")
        self.helper = form_helper(
            Field.textarea("description", label_size=Size.SMALL, rows=2),
            Field.select("owning_organisation", label_size=Size.SMALL),
            Field.select("owner", label_size=Size.SMALL),
            Field("due_on"),
            Field.radios("risk_addressed", legend_size=Size.SMALL, inline=True),
            button="Add action",
            label_size=None,
        )
