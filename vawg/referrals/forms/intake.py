"""Question pages of the professional referral.

Each form is one question page. They only check what was typed; the service
(vawg/referrals/services/intake.py) builds and checks the referral itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Fixed, Size
from django import forms
from django.utils import timezone

from vawg.accounts.models import District
from vawg.cases.models import LawfulBasis, PartyRelationship, PartyRole
from vawg.core.forms import form_helper, radios
from vawg.people.models import Channel, Gender, SafeStatus
from vawg.referrals.forms.steps import (
    EARLIEST_BIRTH_YEAR,
    HOURS,
    NO,
    NOT_KNOWN,
    NOT_SET,
    YES,
    ChildrenQuestion,
    StepForm,
    born_after_1900,
    check_window,
    children_count_field,
    children_field,
    date_of_birth_field,
    date_or_none,
    no_autocomplete,
    number_input,
)
from vawg.referrals.models import (
    Consent,
    FormOfAbuse,
    Need,
    RiskGrade,
    RiskTool,
    Urgency,
    dash_grade_error,
    dash_max_score,
    dash_score_error,
)
from vawg.referrals.services.intake import PartyInput

FORM_HINTS: dict[str, str] = {
    FormOfAbuse.DOMESTIC_ABUSE: "Physical, emotional or psychological abuse by a partner, ex-partner or family member",
    FormOfAbuse.COERCIVE_CONTROL: "A pattern of controlling, threatening or humiliating behaviour",
    FormOfAbuse.ECONOMIC_ABUSE: "Controlling money, spending, work or access to food, transport or housing",
    FormOfAbuse.SEXUAL_VIOLENCE: "Rape, sexual assault or any sexual activity without consent, recent or in the past",
    FormOfAbuse.STALKING: "Repeated following, watching or contact that causes fear or alarm",
    FormOfAbuse.HARASSMENT: "Repeated behaviour that causes alarm or distress",
    FormOfAbuse.HONOUR_BASED_ABUSE: "Abuse to protect or defend the perceived honour of a family or community",
    FormOfAbuse.FORCED_MARRIAGE: "A marriage one or both people do not or cannot consent to",
    FormOfAbuse.FGM: "Female genital mutilation: report known FGM in a girl under 18 to the police",
    FormOfAbuse.TRAFFICKING: "Being moved, held or controlled to be exploited, including sexually",
    FormOfAbuse.TECHNOLOGY: "Tracking, monitoring, image-based abuse or abuse through phones and apps",
    FormOfAbuse.SPIKING: "Drugs or alcohol put into a drink or body without consent",
}


# --- Professional referral ------------------------------------------------------------------------


class PersonForm(StepForm):
    title = "Who is at risk?"

    given_name = forms.CharField(label="Given name", required=False, max_length=100)
    family_name = forms.CharField(label="Family name", required=False, max_length=100)
    date_of_birth = date_of_birth_field("Date of birth")
    approximate_age = forms.IntegerField(
        widget=number_input(),
        label="Approximate age",
        required=False,
        min_value=0,
        max_value=120,
        help_text="Only if you do not know their date of birth",
        error_messages={
            "invalid": "Approximate age must be a number, like 34",
            "min_value": "Approximate age must be 0 or more",
            "max_value": "Approximate age must be 120 or less",
        },
    )
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices, widget=forms.RadioSelect, initial="not-known")
    district = forms.ModelChoiceField(
        label="District they live in",
        queryset=District.objects.all(),
        required=False,
        empty_label="Not known",
        to_field_name="slug",
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=30, help_text="Only if safe to use")
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        help_text="Only if safe to use",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )

    def clean_date_of_birth(self) -> date | None:
        return born_after_1900(self.cleaned_data.get("date_of_birth"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("given_name", "").strip() or cleaned.get("family_name", "").strip()):
            self.add_error("given_name", "Enter a given name or a family name")
        born = cleaned.get("date_of_birth")
        if born and born > timezone.localdate():
            self.add_error("date_of_birth", "The date of birth must be in the past")
        if born and cleaned.get("approximate_age") is not None:
            self.add_error("approximate_age", "Enter either a date of birth or an approximate age, not both")
        return cleaned


class AbuseForm(StepForm):
    title = "Forms of violence and abuse"

    forms_of_abuse = forms.MultipleChoiceField(
        label="What forms of violence or abuse are they experiencing?",
        help_text="Select all that apply",
        choices=[Choice(value, label, hint=FORM_HINTS[value]) for value, label in FormOfAbuse.choices],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one form of violence or abuse"},
    )


class ChildrenForm(ChildrenQuestion):
    title = "Children in the household"

    children = children_field(
        label="Are there children in the household?",
        not_known="Not known",
        required="Select whether there are children in the household",
    )
    children_count = children_count_field(
        invalid="Number of children must be a number, like 2",
        too_few="Number of children must be 1 or more",
        too_many="Number of children must be 30 or fewer",
    )
    children_details = forms.CharField(
        label="Details about the children (optional)",
        help_text="For example their ages, and any agency already working with them",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(StepForm):
    title = "Consent to refer and share"

    consent = radios(
        "Has the person agreed to this referral and to information being shared?",
        Consent.choices,
        missing="Select whether the person has agreed to the referral",
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing without consent",
        choices=[("", "Select a lawful basis"), *LawfulBasis.choices],
        required=False,
    )
    consent_reason = forms.CharField(
        label="Why are you sharing without consent?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("consent") == Consent.NOT_GIVEN_LAWFUL_BASIS:
            if not cleaned.get("lawful_basis"):
                self.add_error("lawful_basis", "Select the lawful basis for sharing without consent")
            if not (cleaned.get("consent_reason") or "").strip():
                self.add_error("consent_reason", "Enter why you are sharing without consent")
        return cleaned


class SafeContactForm(StepForm):
    title = "Safe contact"

    safe_from = forms.ChoiceField(label="Safe to contact from", choices=[NOT_SET, *HOURS], required=False)
    safe_until = forms.ChoiceField(label="Safe to contact until", choices=[NOT_SET, *HOURS], required=False)
    code_word = forms.CharField(
        label="Code word (optional)",
        help_text="A word agreed with the person to confirm who is calling",
        required=False,
        max_length=100,
    )
    what_may_be_said = forms.CharField(
        label="What may be said if someone else answers? (optional)",
        help_text='For example "do not name the service"',
        required=False,
        max_length=500,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channel_fields: dict[str, forms.Field] = {
            f"channel_{channel.value}": radios(
                f"{channel.label}: is it safe?",
                SafeStatus.choices,
                missing=f"Select whether a {channel.label.lower()} is safe",
                initial=SafeStatus.NOT_KNOWN,
            )
            for channel in Channel
        }
        self.fields = {**channel_fields, **self.fields}
        no_autocomplete(self, "code_word")

    def clean(self) -> dict[str, Any]:
        return check_window(super().clean() or {})

    def channels(self) -> dict[str, str]:
        return {channel.value: self.cleaned_data[f"channel_{channel.value}"] for channel in Channel}


class RiskForm(StepForm):
    title = "Risk"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        highest = dash_max_score(timezone.localdate())
        if highest is not None:
            self.fields[
                "risk_score"
            ].help_text = f"The number of yes answers, from 0 to {highest}. Leave empty for a police DARA."

    risk_tool = radios("How was the risk assessed?", RiskTool.choices, missing="Select how the risk was assessed")
    risk_score = forms.IntegerField(
        widget=number_input(),
        label="DASH score",
        help_text="The number of yes answers. Leave empty for a police DARA.",
        required=False,
        min_value=0,
        error_messages={
            "invalid": "DASH score must be a whole number, like 15",
            "min_value": "DASH score must be 0 or more",
        },
    )
    risk_grade = radios(
        "Risk level given by the assessment",
        RiskGrade.choices,
        missing="Select the risk level",
        help_text="As reported: a police grade is recorded exactly as the police gave it",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        tool, score, grade = cleaned.get("risk_tool"), cleaned.get("risk_score"), cleaned.get("risk_grade")
        if tool == RiskTool.SAFELIVES_DASH and score is None and "risk_score" not in self.errors:
            self.add_error("risk_score", "Enter the DASH score")
        if tool == RiskTool.SAFELIVES_DASH and (problem := dash_score_error(score, timezone.localdate())):
            self.add_error("risk_score", problem)
        if tool in (RiskTool.DARA, RiskTool.NONE) and score is not None:
            self.add_error("risk_score", "Only a DASH has a score: leave the score empty")
        if tool == RiskTool.SAFELIVES_DASH and grade and "risk_score" not in self.errors:
            problem = dash_grade_error(score, grade, timezone.localdate())
            if problem:
                self.add_error("risk_grade", problem)
        if tool == RiskTool.NONE and grade and grade != RiskGrade.NOT_ASSESSED:
            self.add_error("risk_grade", "Select not assessed, or say which tool was used")
        if tool and tool != RiskTool.NONE and grade == RiskGrade.NOT_ASSESSED:
            self.add_error("risk_grade", "Select the risk level the assessment gave")
        return cleaned


class NeedsForm(StepForm):
    title = "Needs and urgency"

    needs = forms.MultipleChoiceField(
        label="What other needs does the person have? (optional)",
        help_text="Select all that apply",
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    urgency = radios(
        "How urgent is this referral?",
        [
            Choice(Urgency.ROUTINE, "Routine"),
            Choice(Urgency.URGENT, "Urgent", hint="The person needs contact today"),
        ],
        missing="Select how urgent the referral is",
    )


class DetailsForm(StepForm):
    title = "What has happened"

    details = forms.CharField(
        label="What has happened, and why are you referring?",
        help_text="Include anything the service needs to know to keep the person safe",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what has happened and why you are referring"},
    )


# People around the person at risk (optional): a person causing harm and up to CHILD_SLOTS children. -----

CHILD_SLOTS = 3
LIVES_WITH = [(YES, "Yes"), (NO, "No"), (NOT_KNOWN, "Not known")]
LIVES_WITH_VALUES: dict[str, bool | None] = {YES: True, NO: False, NOT_KNOWN: None, "": None}


def _name_fields(form: forms.Form, prefix: str, who: str) -> None:
    form.fields[f"{prefix}_given_name"] = forms.CharField(label=f"{who}: given name", required=False, max_length=100)
    form.fields[f"{prefix}_family_name"] = forms.CharField(label=f"{who}: family name", required=False, max_length=100)
    form.fields[f"{prefix}_date_of_birth"] = date_of_birth_field(f"{who}: date of birth")


class PeopleForm(StepForm):
    """Optional: who causes harm and how they are related, and the children (each with a date of birth and
    whether they live with the person at risk). More children go in the children's details."""

    title = "People around them (optional)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        harm = "Person causing harm"
        _name_fields(self, "harm", harm)
        self.fields["harm_relationship"] = radios(
            f"{harm}: relationship to the person at risk", PartyRelationship.choices
        )
        layout: list[Any] = [
            Fieldset(
                *(Field.text(f"harm_{name}", field_width=Fixed.TWENTY) for name in ("given_name", "family_name")),
                Field("harm_date_of_birth"),
                Field.radios("harm_relationship", legend_size=Size.SMALL),
                legend=harm,
                legend_size=Size.MEDIUM,
            )
        ]
        for slot in range(1, CHILD_SLOTS + 1):
            prefix, who = f"child_{slot}", f"Child {slot}"
            _name_fields(self, prefix, who)
            self.fields[f"{prefix}_lives_with"] = radios(f"{who}: do they live with the person at risk?", LIVES_WITH)
            layout.append(
                Fieldset(
                    *(
                        Field.text(f"{prefix}_{name}", field_width=Fixed.TWENTY)
                        for name in ("given_name", "family_name")
                    ),
                    Field(f"{prefix}_date_of_birth"),
                    Field.radios(f"{prefix}_lives_with", inline=True, legend_size=Size.SMALL),
                    legend=who,
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper = form_helper(*layout, label_size=Size.SMALL)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for prefix in ["harm", *(f"child_{slot}" for slot in range(1, CHILD_SLOTS + 1))]:
            given, family = (
                str(cleaned.get(f"{prefix}_{part}") or "").strip() for part in ("given_name", "family_name")
            )
            born = cleaned.get(f"{prefix}_date_of_birth")
            extra = cleaned.get("harm_relationship") if prefix == "harm" else cleaned.get(f"{prefix}_lives_with")
            if (born or extra) and not (given or family):
                self.add_error(f"{prefix}_given_name", "Enter a given name or a family name")
            if born and (born >= timezone.localdate() or born.year < EARLIEST_BIRTH_YEAR):
                self.add_error(f"{prefix}_date_of_birth", "The date of birth must be in the past and after 1900")
        if (cleaned.get("harm_given_name") or cleaned.get("harm_family_name")) and not cleaned.get("harm_relationship"):
            self.add_error("harm_relationship", "Select how the person causing harm is related to the person at risk")
        return cleaned

    def parties(self) -> list[PartyInput]:
        """The people named (an empty slot is nobody)."""
        data, found = self.cleaned_data, []
        if data.get("harm_given_name") or data.get("harm_family_name"):
            found.append(
                PartyInput(
                    role=PartyRole.PERSON_CAUSING_HARM,
                    given_name=data["harm_given_name"].strip(),
                    family_name=data["harm_family_name"].strip(),
                    date_of_birth=date_or_none(data.get("harm_date_of_birth")),
                    relationship_to_victim=data["harm_relationship"],
                )
            )
        for slot in range(1, CHILD_SLOTS + 1):
            prefix = f"child_{slot}"
            if data.get(f"{prefix}_given_name") or data.get(f"{prefix}_family_name"):
                found.append(
                    PartyInput(
                        role=PartyRole.CHILD,
                        given_name=data[f"{prefix}_given_name"].strip(),
                        family_name=data[f"{prefix}_family_name"].strip(),
                        date_of_birth=date_or_none(data.get(f"{prefix}_date_of_birth")),
                        lives_with_victim=LIVES_WITH_VALUES[data.get(f"{prefix}_lives_with") or ""],
                    )
                )
        return found
