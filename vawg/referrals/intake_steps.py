"""Question-page journeys: an ordered list of steps (one form each) over a draft, and the
"Check your answers" rows. Used by the professional referral and the self-referrals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest

from vawg.referrals.forms_intake import StepForm
from vawg.referrals.intake_drafts import Draft, posted_values

NOT_GIVEN = "Not given"
# Values a check-answers page never repeats back (a code word is confirmed as recorded).
MASKED_FIELDS = frozenset({"code_word"})


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[StepForm]


@dataclass(frozen=True)
class Journey:
    name: str
    steps: Sequence[Step]

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)

    def after(self, slug: str) -> Step | None:
        slugs = [step.slug for step in self.steps]
        index = slugs.index(slug)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    def before(self, slug: str) -> Step | None:
        slugs = [step.slug for step in self.steps]
        index = slugs.index(slug)
        return self.steps[index - 1] if index > 0 else None


def bound_form(step: Step, draft: Draft) -> StepForm:
    """The step's form with the draft's answers (unbound when the step has not been answered)."""
    data = draft.data_for(step.slug)
    return step.form(data) if data is not None else step.form()


def input_names(form: forms.Form) -> list[str]:
    """Every HTML input name the form reads (a date field reads name_0, name_1 and name_2)."""
    names: list[str] = []
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        widgets = getattr(field.widget, "widgets", None)
        if widgets:
            names += [f"{html_name}_{index}" for index in range(len(widgets))]
        else:
            names.append(html_name)
    return names


def remember(draft: Draft, step: Step, request: HttpRequest, form: forms.Form) -> None:
    draft.steps[step.slug] = posted_values(request.POST, input_names(form))


def completed_forms(journey: Journey, draft: Draft) -> tuple[dict[str, StepForm], Step | None]:
    """(valid forms by step, the first step still to answer or to correct: None when all are valid)."""
    valid: dict[str, StepForm] = {}
    for step in journey.steps:
        form = bound_form(step, draft)
        if not form.is_bound or not form.is_valid():
            return valid, step
        valid[step.slug] = form
    return valid, None


def _choice_labels(field: forms.Field) -> dict[str, str]:
    labels: dict[str, str] = {}
    for choice in getattr(field, "choices", ()):
        value, label = (choice.value, choice.label) if hasattr(choice, "value") else choice
        labels[str(value)] = str(label)
    return labels


def display(form: forms.Form, name: str) -> str:
    field = form.fields[name]
    value = form.cleaned_data.get(name)
    if value in (None, "", [], ()):
        return NOT_GIVEN
    if name in MASKED_FIELDS:
        return "Recorded (not shown)"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(field, forms.MultipleChoiceField):
        labels = _choice_labels(field)
        return ", ".join(labels.get(str(item), str(item)) for item in value)
    if isinstance(field, forms.ChoiceField):
        return _choice_labels(field).get(str(value), str(value))
    return str(value)


def summary_sections(
    journey: Journey, forms_by_step: dict[str, StepForm], change_url: Callable[[str], str]
) -> list[dict[str, Any]]:
    """One section per step: its title and rows of (label, value, change link)."""
    sections = []
    for step in journey.steps:
        form = forms_by_step[step.slug]
        rows = [
            {"label": str(field.label), "value": display(form, name), "href": f"{change_url(step.slug)}?return=check"}
            for name, field in form.fields.items()
        ]
        sections.append({"title": form.title, "rows": rows})
    return sections
