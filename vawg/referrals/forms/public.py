"""Question pages for the public self-referrals, in plain words: for survivors, and for someone
worried about their own behaviour. Identifying fields have autocomplete off.
"""

from __future__ import annotations

from typing import Any

from django import forms

from vawg.accounts.models import District
from vawg.core.forms import radios
from vawg.people.models import Channel, Gender, SafeStatus
from vawg.referrals.forms.steps import (
    HOURS,
    NO,
    NOT_SET,
    YES,
    ChildrenQuestion,
    StepForm,
    check_window,
    children_count_field,
    children_field,
    no_autocomplete,
    number_input,
)
from vawg.referrals.models import FormOfAbuse, Need

# The same list in plain words, for people referring themselves.
PLAIN_FORMS: dict[str, str] = {
    FormOfAbuse.DOMESTIC_ABUSE: "Someone close to me hurts, threatens or frightens me",
    FormOfAbuse.COERCIVE_CONTROL: "Someone controls what I do, who I see or where I go",
    FormOfAbuse.ECONOMIC_ABUSE: "Someone controls my money or stops me working",
    FormOfAbuse.SEXUAL_VIOLENCE: "Someone has made me do something sexual I did not want to",
    FormOfAbuse.STALKING: "Someone keeps following, watching or contacting me",
    FormOfAbuse.HARASSMENT: "Someone keeps doing things to upset or scare me",
    FormOfAbuse.HONOUR_BASED_ABUSE: "My family or community punish me for bringing 'shame' on them",
    FormOfAbuse.FORCED_MARRIAGE: "I am being made to marry someone, or I was",
    FormOfAbuse.FGM: "I am worried about female genital mutilation (cutting)",
    FormOfAbuse.TRAFFICKING: "I am being made to work or have sex for someone else",
    FormOfAbuse.TECHNOLOGY: "Someone tracks my phone or shares pictures of me",
    FormOfAbuse.SPIKING: "Someone put something in my drink or body without me knowing",
}

PLAIN_NEEDS: dict[str, str] = {
    Need.HOUSING: "Somewhere safe to live",
    Need.LEGAL: "Legal advice, or help with the police or courts",
    Need.FINANCIAL: "Money or debt",
    Need.MENTAL_HEALTH: "My mental health",
    Need.SUBSTANCE_USE: "Alcohol or drugs",
    Need.CHILDREN: "My children",
    Need.IMMIGRATION: "My immigration status",
    Need.DISABILITY: "A disability",
    Need.INTERPRETER: "An interpreter",
    Need.OTHER: "Something else",
}

PUBLIC_CHANNELS = [Channel.PHONE_CALL, Channel.SMS, Channel.VOICEMAIL, Channel.EMAIL]
PHONE_CHANNELS = frozenset({Channel.PHONE_CALL, Channel.SMS, Channel.VOICEMAIL})


# --- Self-referral (plain language) ---------------------------------------------------------------


class PublicSafeContactForm(StepForm):
    title = "Contacting you safely"

    safe_to_contact = radios(
        "Is it safe for us to contact you?",
        [(YES, "Yes"), (NO, "No, do not contact me")],
        missing="Select whether it is safe for us to contact you",
    )
    channels = forms.MultipleChoiceField(
        label="How can we contact you safely?",
        help_text="Select all that are safe. We will not use any other way.",
        choices=[(channel.value, channel.label) for channel in PUBLIC_CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=30)
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    safe_from = forms.ChoiceField(label="Safe to contact you from", choices=[NOT_SET, *HOURS], required=False)
    safe_until = forms.ChoiceField(label="Safe to contact you until", choices=[NOT_SET, *HOURS], required=False)
    what_may_be_said = forms.CharField(
        label="What can we say if someone else answers? (optional)",
        help_text='For example "say you are calling from the doctor\'s surgery"',
        required=False,
        max_length=500,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_autocomplete(self, "phone", "email", "what_may_be_said")

    def clean(self) -> dict[str, Any]:
        cleaned = check_window(super().clean() or {})
        if cleaned.get("safe_to_contact") == YES:
            chosen = set(cleaned.get("channels") or [])
            if not chosen:
                self.add_error("channels", "Select how we can contact you safely")
            if chosen & PHONE_CHANNELS and not (cleaned.get("phone") or "").strip():
                self.add_error("phone", "Enter a phone number we can use")
            if Channel.EMAIL in chosen and not cleaned.get("email") and "email" not in self.errors:
                self.add_error("email", "Enter an email address we can use")
        return cleaned

    def channels_status(self) -> dict[str, str]:
        chosen = set(self.cleaned_data.get("channels") or []) if self.cleaned_data["safe_to_contact"] == YES else set()
        return {channel.value: SafeStatus.SAFE if channel.value in chosen else SafeStatus.UNSAFE for channel in Channel}


class AboutYouForm(StepForm):
    title = "About you"

    given_name = forms.CharField(
        label="What name should we use for you?",
        help_text="It does not have to be your full name",
        max_length=100,
        error_messages={"required": "Enter a name we can use for you"},
    )
    family_name = forms.CharField(label="Last name (optional)", required=False, max_length=100)
    age = forms.IntegerField(
        widget=number_input(),
        label="How old are you? (optional)",
        required=False,
        min_value=10,
        max_value=120,
        error_messages={
            "invalid": "Enter your age as a number, like 34",
            "min_value": "Enter your age as a number, like 34",
            "max_value": "Enter your age as a number, like 34",
        },
    )
    district = forms.ModelChoiceField(
        label="Which area do you live in?",
        queryset=District.objects.all(),
        required=False,
        empty_label="I would rather not say",
        to_field_name="slug",
    )
    gender = radios(
        "Your gender (optional)",
        [
            *[(v, lbl) for v, lbl in Gender.choices if v != Gender.NOT_KNOWN],
            (Gender.NOT_KNOWN, "Prefer not to say"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_autocomplete(self, "given_name", "family_name", "age")


class WhatIsHappeningForm(StepForm):
    title = "What is happening"

    forms_of_abuse = forms.MultipleChoiceField(
        label="What is happening to you?",
        help_text="Select all that apply. You can tell us more later, when we talk.",
        choices=list(PLAIN_FORMS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one thing that is happening"},
    )


class PublicChildrenForm(ChildrenQuestion):
    title = "Children"
    missing_count = "Enter how many children live with you"

    children = children_field(
        label="Do any children live with you?",
        not_known="I would rather not say",
        required="Select whether any children live with you",
    )
    children_count = children_count_field(
        invalid="Enter the number of children, like 2",
        too_few="Enter the number of children, like 2",
        too_many="Enter the number of children, like 2",
    )


class HelpWantedForm(StepForm):
    title = "The help you want"

    needs = forms.MultipleChoiceField(
        label="What would you like help with? (optional)",
        help_text="Select all that apply",
        choices=list(PLAIN_NEEDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    details = forms.CharField(
        label="Is there anything else you want to tell us? (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
    )


class BehaviourForm(StepForm):
    title = "Your behaviour"

    details = forms.CharField(
        label="What is happening, and what would you like to change?",
        help_text="For example, what you do when you get angry, and who it affects",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
        error_messages={"required": "Tell us a little about what is happening"},
    )
