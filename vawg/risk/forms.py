"""Forms for the risk pages: the DASH checklist, the two screens, police grades and incidents.

Forms validate input and say what is wrong in GOV.UK style; the services decide
everything else. Each radio question is a fieldset with the question as its
legend (crispy-forms-gds ``Field.radios``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Size, Submit
from django import forms
from django.utils import timezone

from vawg.accounts.models import Organisation
from vawg.core.forms import GovukDateField, form_helper, radios
from vawg.risk.config import VERSIONS, question_set_for
from vawg.risk.models import IncidentKind, Level, PoliceTool
from vawg.risk.rules import HBA_SCREEN_ITEMS, S_DASH_ITEMS, Answer, ScreenItem
from vawg.risk.services import MAX_NOTE_LENGTH, Judgement

ANSWER_CHOICES = [(Answer.YES.value, "Yes"), (Answer.NO.value, "No"), (Answer.NOT_KNOWN.value, "Not known")]
EARLIEST_ASSESSMENT = min(version.effective_from for version in VERSIONS)


def _date_field(label: str, what: str) -> GovukDateField:
    """A date input for "the date ``what``" ("of the incident"), with an example in the hint."""
    return GovukDateField(label=label, what=f"the date {what}", help_text="For example, 27 3 2026")


def _to_date(day: date, *, what: str) -> date:
    """``day`` unless it is in the future or before the first DASH thresholds version."""
    if day > timezone.localdate():
        raise forms.ValidationError(f"The date {what} must be today or in the past", code="future")
    if day < EARLIEST_ASSESSMENT:
        raise forms.ValidationError(
            f"The date {what} must be on or after {EARLIEST_ASSESSMENT:%-d %B %Y}", code="too_early"
        )
    return day


def _answer_field(number: int, label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=f"{number}. {label}",
        choices=ANSWER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": f"Answer question {number}", "invalid_choice": f"Answer question {number}"},
    )


def _notes_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Notes must be {MAX_NOTE_LENGTH} characters or fewer"},
    )


class DashAssessmentForm(forms.Form):
    assessment_date = _date_field("Date of the assessment", "of the assessment")
    raise_to_high = forms.BooleanField(
        label="Raise the risk level to high on professional judgement",
        required=False,
        help_text=(
            "Judgement can only raise the level. It can never lower it: a score of 14 or more is always high risk."
        ),
    )
    judgement_rationale = forms.CharField(
        label="Why you are raising the risk to high",
        help_text="Required if you raise the level. Leave empty otherwise.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The reason must be 5000 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("assessment_date", timezone.localdate())
        # The questions in force today, in their headed groups (vawg/risk/config.py QUESTION_SETS).
        self.question_set = question_set_for(timezone.localdate())
        layout: list[Any] = [Field("assessment_date")]
        for heading, numbers in self.question_set.groups:
            layout.append(HTML(f'<h2 class="govuk-heading-m">{heading}</h2>'))
            for item in self.question_set.questions:
                if item.number in numbers:
                    self.fields[f"item_{item.number}"] = _answer_field(item.number, item.label)
                    self.fields[f"notes_{item.number}"] = _notes_field(f"Notes on question {item.number} (optional)")
                    layout.append(Field.radios(f"item_{item.number}", legend_size=Size.SMALL, small=True))
                    layout.append(Field.textarea(f"notes_{item.number}", label_size=Size.SMALL, rows=2))
        layout += [
            HTML('<h2 class="govuk-heading-m">Professional judgement</h2>'),
            Field.checkbox("raise_to_high"),
            Field.textarea("judgement_rationale", label_size=Size.SMALL, rows=4),
            Submit("submit", "Save assessment"),
        ]
        self.fields["assessment_date"].initial = self.initial.get("assessment_date")
        self.helper = form_helper(*layout, label_size=None)

    def clean_assessment_date(self) -> date:
        return _to_date(self.cleaned_data["assessment_date"], what="of the assessment")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("raise_to_high") and not (data.get("judgement_rationale") or "").strip():
            self.add_error("judgement_rationale", "Enter why you are raising the risk to high")
        return data

    def answers(self) -> dict[int, Answer]:
        return {item.number: Answer(self.cleaned_data[f"item_{item.number}"]) for item in self.question_set.questions}

    def item_notes(self) -> dict[int, str]:
        return {item.number: self.cleaned_data.get(f"notes_{item.number}", "") for item in self.question_set.questions}

    def judgement(self) -> Judgement:
        raised = bool(self.cleaned_data.get("raise_to_high"))
        rationale = self.cleaned_data.get("judgement_rationale", "") if raised else ""
        return Judgement(raise_to_high=raised, rationale=rationale)


class _ScreenForm(forms.Form):
    items: tuple[ScreenItem, ...] = ()
    notes = _notes_field("Notes (optional)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout: list[Any] = []
        for item in self.items:
            self.fields[f"item_{item.number}"] = _answer_field(item.number, item.label)
            layout.append(Field.radios(f"item_{item.number}", legend_size=Size.SMALL, small=True))
        self.fields["notes"] = self.fields.pop("notes")  # after the questions
        layout += [Field.textarea("notes", label_size=Size.SMALL, rows=3), Submit("submit", "Save screen")]
        self.helper = form_helper(*layout, label_size=None)

    def answers(self) -> dict[int, Answer]:
        return {item.number: Answer(self.cleaned_data[f"item_{item.number}"]) for item in self.items}


class StalkingScreenForm(_ScreenForm):
    items = S_DASH_ITEMS


class HonourScreenForm(_ScreenForm):
    items = HBA_SCREEN_ITEMS


def _organisation_field(label: str) -> forms.ModelChoiceField[Organisation]:
    return forms.ModelChoiceField(
        label=label,
        queryset=Organisation.objects.active().order_by("name"),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency that reported it", "invalid_choice": "Choose an agency"},
    )


class PoliceGradeForm(forms.Form):
    tool = radios("Which police risk tool was used?", PoliceTool.choices, missing="Choose the police risk tool")
    grade = radios("What grade did the police give?", Level.choices, missing="Choose the grade the police gave")
    score = forms.IntegerField(
        label="Police DASH score (optional)",
        help_text="Only for a police DASH. A DARA grade has no score: leave this empty.",
        required=False,
        min_value=0,
        max_value=27,
        error_messages={
            "invalid": "The score must be a whole number, like 12",
            "min_value": "The score must be 0 or more",
            "max_value": "The score must be 27 or less",
        },
    )
    reported_by_organisation = _organisation_field("Police force or agency that reported the grade")
    reported_on = _date_field("Date the grade was given", "the grade was given")
    reference = forms.CharField(
        label="Police reference (optional)",
        required=False,
        max_length=50,
        error_messages={"max_length": "The reference must be 50 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("tool", legend_size=Size.SMALL),
            Field.radios("grade", legend_size=Size.SMALL, small=True),
            Field.text("score", field_width=3, label_size=Size.SMALL),
            Field.select("reported_by_organisation", label_size=Size.SMALL),
            Field("reported_on"),
            Field.text("reference", field_width=20, label_size=Size.SMALL),
            Submit("submit", "Save police grade"),
            label_size=None,
        )

    def clean_reported_on(self) -> date:
        return _to_date(self.cleaned_data["reported_on"], what="the grade was given")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("score") is not None and data.get("tool") and data["tool"] != PoliceTool.POLICE_DASH:
            self.add_error("score", "Only a police DASH has a score: leave the score empty for this tool")
        return data


class IncidentForm(forms.Form):
    occurred_on = _date_field("Date of the incident", "of the incident")
    kind = radios("What kind of incident was it?", IncidentKind.choices, missing="Choose the kind of incident")
    reported_by_organisation = _organisation_field("Agency that reported the incident")
    summary = forms.CharField(
        label="Summary (optional)",
        help_text="What happened, briefly. Do not include addresses or other location details.",
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"The summary must be {MAX_NOTE_LENGTH} characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("occurred_on"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("reported_by_organisation", label_size=Size.SMALL),
            Field.textarea("summary", label_size=Size.SMALL, rows=4),
            Submit("submit", "Save incident"),
            label_size=None,
        )

    def clean_occurred_on(self) -> date:
        return _to_date(self.cleaned_data["occurred_on"], what="of the incident")
