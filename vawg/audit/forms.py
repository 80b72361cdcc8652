"""The audit log's filter form. A POST form: a typed email address must not reach a URL (or access logs)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.validators import RegexValidator

ACTION_PATTERN = r"^[A-Za-z0-9_.\-]+$"
OBJECT_TYPE_PATTERN = r"^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$"
OBJECT_ID_PATTERN = r"^[A-Za-z0-9_\-]+$"


class AuditLogFilterForm(forms.Form):
    action = forms.CharField(
        label="Action",
        help_text="For example, accounts.sign_in",
        required=False,
        max_length=100,
        validators=[RegexValidator(ACTION_PATTERN, "Enter an action code, for example accounts.sign_in")],
        error_messages={"max_length": "Action must be 100 characters or fewer"},
    )
    actor = forms.EmailField(
        label="Who (email address)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    object_type = forms.CharField(
        label="Record type",
        help_text="For example, accounts.organisation",
        required=False,
        max_length=100,
        validators=[RegexValidator(OBJECT_TYPE_PATTERN, "Enter a record type, for example accounts.organisation")],
        error_messages={"max_length": "Record type must be 100 characters or fewer"},
    )
    object_id = forms.CharField(
        label="Record ID",
        required=False,
        max_length=64,
        validators=[RegexValidator(OBJECT_ID_PATTERN, "Enter a record ID using only letters, numbers and hyphens")],
        error_messages={"max_length": "Record ID must be 64 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = "audit:entry_list"
        self.helper.form_tag = True
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("action", field_width=20),
            Field.text("actor", field_width=30),
            Field.text("object_type", field_width=20),
            Field.text("object_id", field_width=30),
            Submit("filter", "Filter", css_class="govuk-button--secondary"),
        )

    def clean_action(self) -> str:
        return str(self.cleaned_data["action"]).strip().lower()

    def clean_actor(self) -> str:
        return str(self.cleaned_data["actor"]).strip().lower()

    def clean_object_type(self) -> str:
        return str(self.cleaned_data["object_type"]).strip().lower()

    def clean_object_id(self) -> str:
        return str(self.cleaned_data["object_id"]).strip()

    def used_filters(self) -> list[str]:
        """The names (never the values) of the filters given: what the audit entry of a search records."""
        data = self.cleaned_data if self.is_valid() else {}
        return [name for name in self.fields if data.get(name)]

    def filters(self) -> dict[str, str]:
        """The valid filters, named as AuditEntryQuerySet.matching() takes them."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "action": data.get("action", ""),
            "actor_label": data.get("actor", ""),
            "object_type": data.get("object_type", ""),
            "object_id": data.get("object_id", ""),
        }
