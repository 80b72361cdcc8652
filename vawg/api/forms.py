"""Forms for the API token pages."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.urls import reverse


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        help_text="What the token is for, for example the name of the script or tool that will use it",
        max_length=100,
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Token name must be 100 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("api_tokens:token_create")
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(Field.text("name", field_width=20), Submit("submit", "Create token"))

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the token")
        return name
