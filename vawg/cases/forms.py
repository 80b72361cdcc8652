"""Forms for the case pages. They validate what was typed; the views call the services."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any, cast

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Button, Field, Fixed, Size
from django import forms
from django.utils import timezone

from vawg.accounts.models import Organisation, OrganisationType, User
from vawg.cases.config import NOT_ASKED, ClosureSet
from vawg.cases.models import VIEW_CASES, LawfulBasis, PartyRelationship, PartyRole
from vawg.cases.rules import MISSING_REASON, UNKNOWN_REASON
from vawg.cases.services import BREAK_GLASS_REASON_MESSAGE, BREAK_GLASS_REASON_MIN_LENGTH, NOTE_MAX_LENGTH
from vawg.core.forms import GovukDateField, form_helper, radios
from vawg.people.models import Channel, Gender, SafeStatus

REASON_MAX_LENGTH = 2000
EMAIL_ERRORS = {
    "required": "Enter their email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
}


def _reason_field(label: str, required_message: str, *, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": required_message,
            "max_length": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer",
        },
    )


def _date_field(label: str, *, required: bool, help_text: str = "") -> GovukDateField:
    return GovukDateField(label=label, what=f"the {label.lower()}", required=required, help_text=help_text)


class CaseSearchForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="Given name, family name or an alias. Part of a name will do.",
        required=False,
        max_length=200,
        error_messages={"max_length": "Name must be 200 characters or fewer"},
    )
    date_of_birth = _date_field("Date of birth", required=False, help_text="For example, 27 3 1985")
    reference = forms.CharField(
        label="Case reference",
        help_text="For example, C-2026-000123",
        required=False,
        max_length=20,
        error_messages={"max_length": "Case reference must be 20 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("name", field_width=Fixed.TWENTY),
            Field("date_of_birth"),
            Field.text("reference", field_width=Fixed.TEN),
            button="Search",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["name"] = str(cleaned.get("name") or "").strip()
        cleaned["reference"] = str(cleaned.get("reference") or "").strip()
        if not self.errors and not (cleaned["name"] or cleaned.get("date_of_birth") or cleaned["reference"]):
            self.add_error("name", "Enter a name, a date of birth or a case reference")
        return cleaned

    def fields_used(self) -> list[str]:
        """Which fields were filled in (never their values: that is what the audit entry records)."""
        return [name for name in ("name", "date_of_birth", "reference") if self.cleaned_data.get(name)]


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Note",
        help_text="Do not include an address or a phone number unless the case needs it.",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter a note",
            "max_length": f"The note must be {NOTE_MAX_LENGTH:,} characters or fewer",
        },
    )

    contact = forms.BooleanField(
        label="This records contact with the survivor (a call, message or meeting)",
        required=False,
        help_text='The case list\'s "no contact for 14 days" counts these.',
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("body", label_size=Size.SMALL), Field.checkbox("contact"), button="Add note"
        )


class RevealForm(forms.Form):
    reason = _reason_field(
        "Why do you need to see the address and contact details?",
        "Enter why you need to see the contact details",
        help_text="Your reason is recorded in the audit log with your name.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason"), button="Show contact details", style="secondary")


class ReasonForm(forms.Form):
    """One reason box: restrict, unrestrict, close, reopen."""

    reason = _reason_field("Reason", "Enter a reason")

    def __init__(self, *args: Any, label: str, required_message: str, button: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message
        self.helper = form_helper(Field.textarea("reason"), button=button)


class _UserByEmailForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254, error_messages=EMAIL_ERRORS)

    def clean_email(self) -> User:
        email = str(self.cleaned_data["email"]).strip().lower()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Enter the email address of someone with an active account")
        return user


class TeamMemberForm(_UserByEmailForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address of the person to add"
        self.helper = form_helper(Field.text("email", field_width=Fixed.TWENTY), button="Add to the team")

    def clean_email(self) -> User:
        user = super().clean_email()
        if not user.has_perm(VIEW_CASES):
            raise forms.ValidationError("This person does not have a casework role, so they cannot see cases")
        return user


class DenyForm(_UserByEmailForm):
    reason = _reason_field(
        "Why must this person not see the case?",
        "Enter why this person must not see the case",
        help_text="For example: they are a party to the case, or they know the victim.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address of the person to deny"
        self.helper = form_helper(
            Field.text("email", field_width=Fixed.TWENTY), Field.textarea("reason"), button="Deny"
        )


class _OrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Agency",
        queryset=Organisation.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose an agency", "invalid_choice": "Choose an agency from the list"},
    )

    def __init__(self, *args: Any, exclude: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = Organisation.objects.active().exclude(pk=exclude.pk).order_by("name")


class CaseAgencyForm(_OrganisationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.select("organisation"), button="Add agency")


class GrantForm(_OrganisationForm):
    lawful_basis = radios(
        "Lawful basis for sharing", LawfulBasis.choices, missing="Choose the lawful basis for sharing"
    )
    reason = _reason_field("Why does the agency need to see the case?", "Enter why the agency needs to see the case")
    expires_on = _date_field(
        "Date access ends", required=True, help_text="At most a year from today. For example, 27 3 2027"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.select("organisation"),
            Field.radios("lawful_basis", legend_size=Size.SMALL),
            Field.textarea("reason"),
            Field("expires_on"),
            button="Grant access",
        )

    def expires_at(self) -> datetime:
        """The end of the chosen day, UK time."""
        day = self.cleaned_data["expires_on"]
        return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


class BreakGlassForm(forms.Form):
    reference = forms.CharField(
        label="Case reference",
        help_text="For example, C-2026-000123",
        max_length=20,
        error_messages={
            "required": "Enter the case reference",
            "max_length": "Case reference must be 20 characters or fewer",
        },
    )
    reason = _reason_field(
        "Why do you need to see this case now?",
        BREAK_GLASS_REASON_MESSAGE,
        help_text="Your reason is recorded in the audit log, and the agency that holds the case is told.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("reference", field_width=Fixed.TEN), Field.textarea("reason"), button="Open the case"
        )

    def clean_reference(self) -> str:
        return str(self.cleaned_data["reference"]).strip().upper()

    def clean_reason(self) -> str:
        """Checked here, before any case is looked up: the answer must not depend on the reference."""
        reason = str(self.cleaned_data["reason"]).strip()
        if len(reason) < BREAK_GLASS_REASON_MIN_LENGTH:
            raise forms.ValidationError(BREAK_GLASS_REASON_MESSAGE)
        return reason


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text="Use the 24-hour clock, for example 09:30",
        required=False,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        error_messages={"invalid": f"Enter the {label.lower()} as hours and minutes, like 09:30"},
    )


class SafeContactForm(forms.Form):
    channel = radios("Which way of contacting them?", Channel.choices, missing="Choose a way of contacting them")
    status = radios(
        "Is it safe to contact them this way?",
        SafeStatus.choices,
        missing="Choose whether it is safe to contact them this way",
        help_text="Not known counts as unsafe: nothing is sent.",
    )
    safe_from = _time_field("Safe from")
    safe_until = _time_field("Safe until")
    what_may_be_said = forms.CharField(
        label="What may be said (optional)",
        help_text='For example, "do not name the service"',
        required=False,
        max_length=500,
        error_messages={"max_length": "What may be said must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("channel", legend_size=Size.SMALL),
            Field.radios("status", legend_size=Size.SMALL),
            Field.text("safe_from", field_width=Fixed.FIVE),
            Field.text("safe_until", field_width=Fixed.FIVE),
            Field.text("what_may_be_said"),
            button="Save safe contact",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("safe_from"), cleaned.get("safe_until")
        if (start is None) != (end is None) and not self.errors:
            missing = "safe_until" if end is None else "safe_from"
            self.add_error(missing, "Enter both the start and the end of the safe time")
        if start is not None and cleaned.get("status") not in (None, SafeStatus.SAFE):
            self.add_error("safe_from", "Only give safe times for a way of contacting them that is safe")
        return cleaned


# The people around a case (views/parties.py) --------------------------------------------------------

LIVES_WITH_CHOICES = [("yes", "Yes"), ("no", "No"), ("not-known", "Not known")]
LIVES_WITH_VALUES: dict[str, bool | None] = {"yes": True, "no": False, "not-known": None, "": None}
LIVES_WITH_INITIAL = {True: "yes", False: "no", None: "not-known"}


class PartyForm(forms.Form):
    """Role, relationship and a child's details; on the add page also who (someone found or someone new)."""

    role = radios("Their role", PartyRole.choices, missing="Select their role")
    relationship_to_victim = radios(
        "Their relationship to the victim", PartyRelationship.choices, help_text="Required for a person causing harm"
    )
    search_name = forms.CharField(
        label="Search for someone already known to you",
        required=False,
        max_length=200,
        help_text="A victim or a person on a case you can see. Part of a name will do.",
    )
    person = forms.ChoiceField(label="Choose the person", required=False, widget=forms.RadioSelect, choices=[])
    given_name = forms.CharField(label="Given name", required=False, max_length=100)
    family_name = forms.CharField(label="Family name", required=False, max_length=100)
    date_of_birth = _date_field("Date of birth", required=False, help_text="For example, 27 3 2012")
    gender = radios("Sex or gender (for a child, their sex)", Gender.choices, initial=Gender.NOT_KNOWN)
    lives_with_victim = radios("Does the child live with the victim?", LIVES_WITH_CHOICES)
    school_or_nursery = forms.CharField(label="Child's school or nursery", required=False, max_length=200)
    childrens_social_care = forms.ModelChoiceField(
        label="Children's social care involved",
        required=False,
        empty_label="None recorded",
        queryset=Organisation.objects.active().filter(type=OrganisationType.CHILDRENS_SOCIAL_CARE).order_by("name"),
    )

    def __init__(self, *args: Any, found: list[Any] | None = None, adding: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.found = {str(person.pk): person for person in found or []}
        cast(forms.ChoiceField, self.fields["person"]).choices = [
            (pk, _person_label(person)) for pk, person in self.found.items()
        ]
        who: list[Any] = []
        if adding:
            who = [
                Field.text("search_name", field_width=Fixed.TWENTY),
                Button("search", "Search", css_class="govuk-button--secondary"),
            ]
            who += [Field("person")] if self.found else []
            who += [
                Field.text("given_name", field_width=Fixed.TWENTY),
                Field.text("family_name", field_width=Fixed.TWENTY),
            ]
        else:
            for name in ("search_name", "person", "given_name", "family_name"):
                del self.fields[name]
        self.helper = form_helper(
            Field.radios("role"),
            Field.radios("relationship_to_victim"),
            *who,
            Field("date_of_birth"),
            Field.radios("gender", inline=True),
            Field.radios("lives_with_victim", inline=True),
            Field.text("school_or_nursery"),
            Field("childrens_social_care"),
            button="Save",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["lives_with_victim"] = LIVES_WITH_VALUES[cleaned.get("lives_with_victim") or ""]
        chosen = cleaned.pop("person", "") if "person" in self.fields else ""
        if chosen:
            cleaned["person"] = self.found.get(chosen)
            for name in ("given_name", "family_name", "date_of_birth"):
                cleaned.pop(name, None)
        elif (
            "given_name" in self.fields
            and not self.errors
            and not (cleaned.get("given_name", "").strip() or cleaned.get("family_name", "").strip())
        ):
            self.add_error("given_name", "Choose someone found, or enter a given name or a family name")
        cleaned.pop("search_name", None)
        if cleaned.get("date_of_birth") and cleaned["date_of_birth"] >= timezone.localdate():
            self.add_error("date_of_birth", "Date of birth must be in the past")
        return cleaned


def _person_label(person: Any) -> str:
    born = f"born {person.date_of_birth:%-d %B %Y}" if person.date_of_birth else "date of birth not known"
    return f"{person.full_name}, {born}"


class PartyEndForm(forms.Form):
    reason = _reason_field(
        "Why is this person no longer on the case?", "Enter why this person is no longer on the case"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("reason"), button="Remove from the case", style="warning")


def _exit_field(code: str) -> str:
    return f"exit_{code.replace('-', '_')}"


class CloseForm(forms.Form):
    """Closing a case: a coded reason of the closure configuration in force (vawg/cases/config.py), the
    reason in words (required for "Other", which the service checks), and the exit questions, each
    optional ("Not asked")."""

    reason = forms.CharField(
        label="Reason in your own words (optional unless you chose Other)",
        help_text="Do not include an address or a phone number.",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer"},
    )

    def __init__(self, *args: Any, closure_set: ClosureSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.closure_set = closure_set
        reasons = [Choice(reason.code, reason.label, hint=reason.meaning) for reason in closure_set.reasons]
        self.fields["closure_reason"] = radios("Why is the case being closed?", reasons, missing=MISSING_REASON)
        self.fields["closure_reason"].error_messages["invalid_choice"] = UNKNOWN_REASON
        self.order_fields(["closure_reason", "reason"])
        for question in closure_set.questions:
            field = radios(question.text, question.answers, initial=NOT_ASKED)
            field.error_messages["invalid_choice"] = "Choose one of the answers listed, or Not asked"
            self.fields[_exit_field(question.code)] = field
        self.helper = form_helper(
            Field.radios("closure_reason", legend_size=Size.SMALL),
            Field.textarea("reason"),
            HTML(
                '<h2 class="govuk-heading-m">Exit questions</h2><p class="govuk-body">Ask these only if it is '
                "safe to. Each one is optional: leave it as Not asked if you did not ask it.</p>"
            ),
            *[
                Field.radios(_exit_field(question.code), legend_size=Size.SMALL, inline=True)
                for question in closure_set.questions
            ],
            button="Close the case",
        )

    def exit_answers(self) -> dict[str, str]:
        return {
            question.code: self.cleaned_data.get(_exit_field(question.code)) or NOT_ASKED
            for question in self.closure_set.questions
        }
