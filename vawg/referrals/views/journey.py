"""The one flow every referral journey runs: question pages in order (one form each) over a draft held in
the server session, back and change links, "Check your answers" once every page is valid.

The professional referral (views/intake.py: the draft's id is in its URLs) and the public self-referrals
(views/public.py: the draft is found through the session, with a honeypot) differ only in where their
draft lives, their URLs and templates, and what happens on submit; everything else is here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from vawg.referrals.forms.steps import StepForm
from vawg.referrals.presenters import CheckSection, check_sections
from vawg.referrals.views.drafts import Draft, draft_save, posted_values


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


@dataclass(frozen=True)
class JourneyUrls:
    """Where a journey's pages are: its start page, "Check your answers", and each question page."""

    start: str
    check: str
    step: Callable[[str], str]


def step_page(
    request: HttpRequest,
    *,
    journey: Journey,
    draft: Draft | None,
    slug: str,
    urls: JourneyUrls,
    template: str,
    honeypot: str = "",
) -> HttpResponse:
    """A question page: GET shows it (with any answer already given); a valid POST keeps the answers in the
    draft and goes to the next page, or back to "Check your answers" when changing one answer. A journey
    with a ``honeypot`` field remembers a filled one, so the submit can quietly store nothing."""
    current = journey.step(slug)
    if draft is None or current is None:
        return HttpResponseRedirect(urls.start)
    if request.method == "POST":
        if honeypot and request.POST.get(honeypot):
            draft.honeypot = True
        form: StepForm = current.form(request.POST)
        if form.is_valid():
            remember(draft, current, request, form)
            draft_save(request.session, draft)
            following = journey.after(current.slug)
            if request.GET.get("return") == "check" or following is None:
                return HttpResponseRedirect(urls.check)
            return HttpResponseRedirect(urls.step(following.slug))
        if honeypot:
            draft_save(request.session, draft)
    else:
        form = bound_form(current, draft)  # a stored answer was valid when saved: shown again to change
    previous = journey.before(current.slug)
    back = urls.step(previous.slug) if previous else urls.start
    return render(request, template, {"form": form, "back_url": back, "honeypot": honeypot})


def answers_or_redirect(
    journey: Journey, draft: Draft, urls: JourneyUrls
) -> tuple[dict[str, StepForm], HttpResponseRedirect | None]:
    """Every page's valid answers; or, while a page is unanswered or no longer valid, a redirect to it."""
    answers, missing = completed_forms(journey, draft)
    return answers, (HttpResponseRedirect(urls.step(missing.slug)) if missing is not None else None)


def answers_sections(journey: Journey, answers: dict[str, StepForm], urls: JourneyUrls) -> list[CheckSection]:
    """The "Check your answers" sections, in the journey's order, with change links back to each page."""
    return check_sections([(step.slug, answers[step.slug]) for step in journey.steps], urls.step)
