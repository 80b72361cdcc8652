"""The professional referral: question pages, check your answers, submit, confirmation.

The answers live in a server-session draft; the only thing in a URL is the draft's
random id, which is also the one-time token that makes the submit idempotent.
"""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from vawg.accounts.models import User
from vawg.core.access import require_permission
from vawg.people.models import Gender
from vawg.referrals.forms_intake import (
    AbuseForm,
    ChildrenForm,
    ConsentForm,
    DetailsForm,
    NeedsForm,
    PersonForm,
    RiskForm,
    SafeContactForm,
    StepForm,
    children_count,
    date_or_none,
    parse_hour,
)
from vawg.referrals.intake import (
    CREATE_PERMISSION,
    ReferralInput,
    SafeContactInput,
    referral_submit,
    referrer_organisation_for,
)
from vawg.referrals.intake_drafts import (
    draft_discard,
    draft_done,
    draft_get,
    draft_mark_done,
    draft_save,
    draft_start,
)
from vawg.referrals.intake_steps import Journey, Step, bound_form, completed_forms, remember, summary_sections
from vawg.referrals.models import Referral, ReferralSource, SubjectRole

PROFESSIONAL = Journey(
    name="professional",
    steps=(
        Step("person", PersonForm),
        Step("abuse", AbuseForm),
        Step("children", ChildrenForm),
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


@require_permission(CREATE_PERMISSION)
@require_http_methods(["GET", "POST"])
def intake_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        draft = draft_start(request.session, journey=PROFESSIONAL.name)
        return HttpResponseRedirect(_step_url(draft.id, PROFESSIONAL.steps[0].slug))
    return render(request, "referrals/intake/start.html")


@require_permission(CREATE_PERMISSION)
@require_http_methods(["GET", "POST"])
def intake_step(request: HttpRequest, draft_id: str, step: str) -> HttpResponse:
    draft = draft_get(request.session, journey=PROFESSIONAL.name, draft_id=draft_id)
    current = PROFESSIONAL.step(step)
    if draft is None or current is None:
        return _start_again()
    if request.method == "POST":
        form: StepForm = current.form(request.POST)
        if form.is_valid():
            remember(draft, current, request, form)
            draft_save(request.session, draft)
            following = PROFESSIONAL.after(current.slug)
            if request.GET.get("return") == "check" or following is None:
                return redirect("referral_intake:intake_check", draft_id=draft.id)
            return HttpResponseRedirect(_step_url(draft.id, following.slug))
    else:
        form = bound_form(current, draft)  # a stored answer was valid when saved: shown again to change
    previous = PROFESSIONAL.before(current.slug)
    back = _step_url(draft.id, previous.slug) if previous else reverse("referral_intake:intake_start")
    return render(request, "referrals/intake/step.html", {"form": form, "back_url": back})


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
    )


@require_permission(CREATE_PERMISSION)
@require_http_methods(["GET", "POST"])
def intake_check(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = draft_get(request.session, journey=PROFESSIONAL.name, draft_id=draft_id)
    if draft is None:
        if draft_done(request.session, journey=PROFESSIONAL.name, draft_id=draft_id):
            return redirect("referral_intake:intake_sent", draft_id=draft_id)  # a second click on "Submit"
        return _start_again()
    forms, missing = completed_forms(PROFESSIONAL, draft)
    if missing is not None:
        return HttpResponseRedirect(_step_url(draft.id, missing.slug))
    if request.method == "POST":
        if request.POST.get("token") != draft.id:
            return redirect("referral_intake:intake_check", draft_id=draft.id)
        user: User = request.user  # type: ignore[assignment]
        referral, _ = referral_submit(
            data=referral_input(forms),
            by=user,
            source=ReferralSource.PROFESSIONAL,
            idempotency_key=draft.id,
            referrer_organisation=referrer_organisation_for(user),
            request=request,
        )
        draft_discard(request.session, draft)
        draft_mark_done(request.session, journey=PROFESSIONAL.name, draft_id=draft.id, value=str(referral.pk))
        return redirect("referral_intake:intake_sent", draft_id=draft.id)
    sections = summary_sections(PROFESSIONAL, forms, lambda slug: _step_url(draft.id, slug))
    return render(request, "referrals/intake/check.html", {"sections": sections, "token": draft.id})


@require_permission(CREATE_PERMISSION)
@require_http_methods(["GET", "HEAD"])
def intake_sent(request: HttpRequest, draft_id: str) -> HttpResponse:
    referral_id = draft_done(request.session, journey=PROFESSIONAL.name, draft_id=draft_id)
    referral = (
        Referral.objects.visible_to(request.user)
        .prefetch_related("routes__organisation")
        .filter(pk=referral_id)
        .first()
        if referral_id
        else None
    )
    if referral is None:
        return _start_again()
    return render(request, "referrals/intake/sent.html", {"referral": referral, "routes": referral.routes.all()})
