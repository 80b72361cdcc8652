"""Forms for MARAC-to-MARAC transfers: out, in, and deciding on an inbound one."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.layout import Field, Size
from django import forms

from vawg.accounts.models import User
from vawg.cases.models import Case
from vawg.core.forms import form_helper
from vawg.marac.models import Criterion, MaracArea


class TransferOutForm(forms.Form):
    other_marac = forms.CharField(
        label="Which MARAC is the case going to?",
        help_text="For example, Bedfordshire MARAC",
        max_length=200,
        error_messages={"required": "Enter the name of the MARAC the case is going to"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("other_marac"), button="Transfer and create the summary", label_size=None)


class TransferInForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Your MARAC",
        queryset=MaracArea.objects.none(),
        empty_label=None,
        error_messages={"required": "Select your MARAC", "invalid_choice": "Select your MARAC"},
    )
    case_reference = forms.CharField(
        label="Case reference",
        help_text="The reference of the case on this platform, for example C-2026-000123",
        max_length=30,
        error_messages={"required": "Enter the case reference"},
    )
    other_marac = forms.CharField(
        label="Which MARAC is the case coming from?",
        max_length=200,
        error_messages={"required": "Enter the name of the MARAC the case comes from"},
    )
    summary = forms.CharField(
        label="Summary received",
        help_text="The risks and actions the other MARAC sent. Do not include addresses or contact details.",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the summary the other MARAC sent"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        area_field = cast("forms.ModelChoiceField[MaracArea]", self.fields["area"])
        area_field.queryset = MaracArea.objects.coordinated_by(user).active()
        self.helper = form_helper(
            Field.select("area"),
            Field.text("case_reference", field_width=20),
            Field.text("other_marac"),
            Field.textarea("summary", rows=8),
            button="Record the transfer",
            label_size=None,
        )

    def clean_case_reference(self) -> Case:
        reference = self.cleaned_data["case_reference"].strip().upper()
        case = Case.objects.visible_to(self.user).filter(reference=reference).first()
        if case is None:
            raise forms.ValidationError("Enter the reference of a case you can see")
        return case


class AcceptForm(forms.Form):
    criteria = forms.MultipleChoiceField(
        label="Which MARAC criteria does the case meet here?",
        help_text="A repeat (within 12 months of a referral to this MARAC) is added for you.",
        choices=[(c.value, c.label) for c in Criterion if c != Criterion.REPEAT],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the MARAC criteria the case meets"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.checkboxes("criteria", legend_size=Size.SMALL), button="Accept the transfer", label_size=None
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why is the transfer declined?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the transfer is declined"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", rows=3), button="Decline the transfer", label_size=None)
