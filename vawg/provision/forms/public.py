"""The public finder's questions (a GET form: nothing personal, so the answers can sit in the address)."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.layout import Field, Size
from django import forms

from vawg.accounts.models import District
from vawg.core.forms import form_helper
from vawg.provision.config import LANGUAGE_CHOICES, SITUATIONS, ServiceType
from vawg.provision.selectors.directory import ServiceFilter

OLDEST = 120
AGE_MESSAGE = f"Enter an age from 0 to {OLDEST}, or leave it blank"


class FinderForm(forms.Form):
    situation = forms.ChoiceField(
        label="What is happening?",
        help_text="Choose the one that fits best. You do not have to answer.",
        choices=[("", "I would rather not say")] + [(slug, words) for slug, (words, _) in SITUATIONS.items()],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose what is happening from the list"},
    )
    district = forms.ChoiceField(
        label="Where do you live?",
        help_text="Services in your area, and services for the whole county.",
        required=False,
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    age = forms.IntegerField(
        label="How old are you?",
        help_text="Leave this blank if you would rather not say.",
        required=False,
        min_value=0,
        max_value=OLDEST,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "invalid": "Enter your age as a number, like 34",
            "min_value": AGE_MESSAGE,
            "max_value": AGE_MESSAGE,
        },
    )
    language = forms.ChoiceField(
        label="Which language do you want to speak?",
        help_text="Services that speak it, or that can bring an interpreter.",
        choices=[("", "Any language"), *LANGUAGE_CHOICES],
        required=False,
        error_messages={"invalid_choice": "Choose a language from the list"},
    )
    safe_place = forms.BooleanField(label="I need somewhere safe to stay", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = cast(forms.ChoiceField, self.fields["district"])
        districts.choices = [("", "Anywhere in the county"), *District.objects.values_list("slug", "name")]
        self.helper = form_helper(
            Field.radios("situation", legend_size=Size.SMALL),
            Field.select("district"),
            Field.text("age", field_width=3),
            Field.select("language"),
            Field.checkbox("safe_place"),
            button="Find services",
        )

    def wanted(self) -> ServiceFilter:
        """What the answers ask for, for the directory's one filter (call after ``is_valid()``)."""
        data = self.cleaned_data
        situation = SITUATIONS.get(data.get("situation") or "")
        return ServiceFilter(
            form_of_abuse=situation[1] if situation else "",
            district=data.get("district") or "",
            age=data.get("age"),
            language=data.get("language") or "",
            service_type=ServiceType.SAFE_ACCOMMODATION if data.get("safe_place") else "",
        )
