"""The professional referral: question pages, check your answers, submit, confirmation.

The answers live in a server-session draft; the only thing in a URL is the draft's
random id, which is also the one-time token that makes the submit idempotent.
"""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.people.models import Gender
from vawg.referrals import selectors
from vawg.referrals.forms.intake import (
    AbuseForm,
    ChildrenForm,
    ConsentForm,
    DetailsForm,
    NeedsForm,
    PeopleForm,
    PersonForm,
    RiskForm,
    SafeContactForm,
)
from vawg.referrals.forms.steps import StepForm, children_count, date_or_none, parse_hour
from vawg.referrals.models import ReferralSource, SubjectRole
from vawg.referrals.services.intake import (
    CREATE_PERMISSION,
    ReferralInput,
    SafeContactInput,
    referral_submit,
    referrer_organisation_for,
)
from vawg.referrals.views.drafts import (
    draft_discard,
    draft_done,
    draft_get,
    draft_mark_done,
    draft_start,
)
from vawg.referrals.views.journey import Journey, JourneyUrls, Step, answers_or_redirect, answers_sections, step_page

# Where the check page's error about consent points: the consent answers' section.
CONSENT_ANCHOR = "consent"

PROFESSIONAL = Journey(
    name="professional",
    steps=(
        Step("person", PersonForm),
        Step("abuse", AbuseForm),
        Step("children", ChildrenForm),
        Step("people", PeopleForm),
        Step("consent", ConsentForm),
        Step("safe-contact", SafeContactForm),
        Step("risk", RiskForm),
        Step("needs", NeedsForm),
        Step("details", DetailsForm),
    ),
)


def _start_again() -> HttpResponseRedirect:
    return redirect("referral_intake:intake_start")


def _step_url(draft_id: str, slug: str) -> str:
    return reverse("referral_intake:intake_step", kwargs={"draft_id": draft_id, "step": slug})


def _urls(draft_id: str) -> JourneyUrls:
    return JourneyUrls(
        start=reverse("referral_intake:intake_start"),
        check=reverse("referral_intake:intake_check", kwargs={"draft_id": draft_id}),
        step=lambda slug: _step_url(draft_id, slug),
    )


@require_permission(CREATE_PERMISSION)
@require_http_methods(["GET", "POST"])
def intake_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        draft = draft_start(request.session, journey=PROFESSIONAL.name)
        return HttpResponseRedirect(_step_url(draft.id, PROFESSIONAL.steps[0].slug))
    return render(request, "referrals/intake/start.html")


@require_permission(CREATE_PERMISSION)
@require_http_methods(["GET", "POST"])
def intake_step(request: AuthenticatedHttpRequest, draft_id: str, step: str) -> HttpResponse:
    draft = draft_get(request.session, journey=PROFESSIONAL.name, draft_id=draft_id)
    return step_page(
        request,
        journey=PROFESSIONAL,
        draft=draft,
        slug=step,
        urls=_urls(draft_id),
        template="referrals/intake/step.html",
    )


def referral_input(forms: dict[str, StepForm]) -> ReferralInput:
    """The professional form's answers as the service's input."""
    person, abuse, children = forms["person"].cleaned_data, forms["abuse"].cleaned_data, forms["children"].cleaned_data
    consent, risk, needs = forms["consent"].cleaned_data, forms["risk"].cleaned_data, forms["needs"].cleaned_data
    safe_form = cast(SafeContactForm, forms["safe-contact"])
    safe = safe_form.cleaned_data
    return ReferralInput(
        given_name=person["given_name"],
        family_name=person["family_name"],
        date_of_birth=date_or_none(person.get("date_of_birth")),
        approximate_age=person.get("approximate_age"),
        gender=person.get("gender") or Gender.NOT_KNOWN,
        district=person.get("district"),
        phone=person.get("phone", ""),
        email=person.get("email", ""),
        subject_role=SubjectRole.VICTIM,
        forms_of_abuse=abuse["forms_of_abuse"],
        children_in_household=children_count(children),
        children_details=children.get("children_details", ""),
        consent=consent["consent"],
        lawful_basis=consent.get("lawful_basis", ""),
        consent_reason=consent.get("consent_reason", ""),
        safe_contact=SafeContactInput(
            channels=safe_form.channels(),
            safe_from=parse_hour(safe.get("safe_from", "")),
            safe_until=parse_hour(safe.get("safe_until", "")),
            code_word=safe.get("code_word", ""),
            what_may_be_said=safe.get("what_may_be_said", ""),
        ),
        risk_tool=risk["risk_tool"],
        risk_score=risk.get("risk_score"),
        risk_grade=risk["risk_grade"],
        needs=needs.get("needs", []),
        urgency=needs["urgency"],
        details=forms["details"].cleaned_data["details"],
        parties=tuple(cast(PeopleForm, forms["people"]).parties()),
    )


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [(field, message) for field, messages in error.message_dict.items() for message in messages]
    return [("", message) for message in error.messages]


@require_permission(CREATE_PERMISSION)
@require_http_methods(["GET", "POST"])
def intake_check(request: AuthenticatedHttpRequest, draft_id: str) -> HttpResponse:
    draft = draft_get(request.session, journey=PROFESSIONAL.name, draft_id=draft_id)
    if draft is None:
        if draft_done(request.session, journey=PROFESSIONAL.name, draft_id=draft_id):
            return redirect("referral_intake:intake_sent", draft_id=draft_id)  # a second click on "Submit"
        return _start_again()
    forms, go_to_missing = answers_or_redirect(PROFESSIONAL, draft, _urls(draft.id))
    if go_to_missing is not None:
        return go_to_missing
    if request.method == "POST":
        if request.POST.get("token") != draft.id:
            return redirect("referral_intake:intake_check", draft_id=draft.id)
        try:
            referral, _ = referral_submit(
                data=referral_input(forms),
                by=request.user,
                source=ReferralSource.PROFESSIONAL,
                idempotency_key=draft.id,
                referrer_organisation=referrer_organisation_for(request.user),
                request=request,
            )
        except ValidationError as error:
            # A rule across the answers (a referral to MARAC at high risk needs consent or a lawful basis):
            # nothing was saved; say what to change, with a link to the question.
            errors = [(CONSENT_ANCHOR if field == "consent" else "", message) for field, message in _messages(error)]
            sections = answers_sections(PROFESSIONAL, forms, _urls(draft.id))
            context = {"sections": sections, "token": draft.id, "errors": errors}
            return render(request, "referrals/intake/check.html", context, status=400)
        draft_discard(request.session, draft)
        draft_mark_done(request.session, journey=PROFESSIONAL.name, draft_id=draft.id, value=str(referral.pk))
        return redirect("referral_intake:intake_sent", draft_id=draft.id)
    sections = answers_sections(PROFESSIONAL, forms, _urls(draft.id))
    return render(request, "referrals/intake/check.html", {"sections": sections, "token": draft.id})


@require_permission(CREATE_PERMISSION)
@require_http_methods(["GET", "HEAD"])
def intake_sent(request: AuthenticatedHttpRequest, draft_id: str) -> HttpResponse:
    referral_id = draft_done(request.session, journey=PROFESSIONAL.name, draft_id=draft_id)
    referral = selectors.referral_sent_get_for(user=request.user, referral_id=referral_id)
    if referral is None:
        return _start_again()
    return render(request, "referrals/intake/sent.html", {"referral": referral, "routes": referral.routes.all()})
