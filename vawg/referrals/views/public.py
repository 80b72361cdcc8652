"""Public self-referral: for survivors ("support") and for someone worried about their own
behaviour ("worried"). No sign-in; neutral titles; Exit this page on every page.

Safe-contact questions come first. The start pages never touch the session, so they set
no cookie; the session (and its cookie) begins only when someone starts the questions.
Answers live in the server session (sealed, see intake_drafts.py), never in the browser.
The confirmation shows no details, not even a reference. Submissions are rate limited per
IP address (services/rate_limits.py), and a filled honeypot gets the same confirmation with nothing stored.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.audit.services import client_ip
from vawg.core.access import public_view
from vawg.people.models import Channel, Gender
from vawg.referrals import config
from vawg.referrals.forms.public import (
    AboutYouForm,
    BehaviourForm,
    HelpWantedForm,
    PublicChildrenForm,
    PublicSafeContactForm,
    WhatIsHappeningForm,
)
from vawg.referrals.forms.steps import YES, StepForm, children_count, parse_hour
from vawg.referrals.models import Consent, FormOfAbuse, RiskGrade
from vawg.referrals.services.intake import ReferralInput, SafeContactInput, referral_submit, self_referral_source
from vawg.referrals.services.rate_limits import self_referral_allowance_take
from vawg.referrals.views.drafts import Draft, draft_discard, draft_get, draft_start
from vawg.referrals.views.journey import Journey, JourneyUrls, Step, answers_or_redirect, answers_sections, step_page

SUPPORT = Journey(
    name="support",
    steps=(
        Step("safe-contact", PublicSafeContactForm),
        Step("about-you", AboutYouForm),
        Step("what-is-happening", WhatIsHappeningForm),
        Step("children", PublicChildrenForm),
        Step("help", HelpWantedForm),
    ),
)
WORRIED = Journey(
    name="worried",
    steps=(
        Step("safe-contact", PublicSafeContactForm),
        Step("about-you", AboutYouForm),
        Step("behaviour", BehaviourForm),
        Step("children", PublicChildrenForm),
    ),
)
JOURNEYS = {SUPPORT.name: SUPPORT, WORRIED.name: WORRIED}
# URL names per journey: (start page, step, check answers, sent).
URLS = {
    SUPPORT.name: (
        "self_referral:self_referral_home",
        "self_referral:self_referral_step",
        "self_referral:self_referral_check",
        "self_referral:self_referral_sent",
    ),
    WORRIED.name: (
        "self_referral:worried_home",
        "self_referral:self_referral_step_worried",
        "self_referral:self_referral_check_worried",
        "self_referral:self_referral_sent_worried",
    ),
}

HONEYPOT = "website"


def _current_key(journey: Journey) -> str:
    return f"self_referral_current:{journey.name}"


def _sent_key(journey: Journey) -> str:
    return f"self_referral_sent:{journey.name}"


def _draft(request: HttpRequest, journey: Journey) -> Draft | None:
    draft_id = request.session.get(_current_key(journey)) if _has_session(request) else None
    return draft_get(request.session, journey=journey.name, draft_id=draft_id) if draft_id else None


def _has_session(request: HttpRequest) -> bool:
    # Reading an empty session would not set a cookie either; this just skips the database.
    return bool(request.COOKIES.get(settings.SESSION_COOKIE_NAME))


def _step_url(journey: Journey, slug: str) -> str:
    return reverse(URLS[journey.name][1], kwargs={"step": slug})


def _start_again(journey: Journey) -> HttpResponseRedirect:
    return redirect(URLS[journey.name][0])


def _urls(journey: Journey) -> JourneyUrls:
    return JourneyUrls(
        start=reverse(URLS[journey.name][0]),
        check=reverse(URLS[journey.name][2]),
        step=lambda slug: _step_url(journey, slug),
    )


# --- Pages ---------------------------------------------------------------------------------------


@public_view
@require_http_methods(["GET", "HEAD"])
def self_referral_home(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/public/start.html")


@public_view
@require_http_methods(["GET", "HEAD"])
def worried_home(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/public/worried.html")


@public_view
@require_http_methods(["GET", "HEAD"])
def self_referral_begin(request: HttpRequest, journey: str) -> HttpResponse:
    """Start the questions: this is where the session (and its one cookie) begins."""
    chosen = JOURNEYS[journey]
    draft = _draft(request, chosen)
    if draft is None:
        draft = draft_start(request.session, journey=chosen.name)
        request.session[_current_key(chosen)] = draft.id
    return HttpResponseRedirect(_step_url(chosen, chosen.steps[0].slug))


@public_view
@require_http_methods(["GET", "POST"])
def self_referral_step(request: HttpRequest, journey: str, step: str) -> HttpResponse:
    chosen = JOURNEYS[journey]
    return step_page(
        request,
        journey=chosen,
        draft=_draft(request, chosen),
        slug=step,
        urls=_urls(chosen),
        template="referrals/public/step.html",
        honeypot=HONEYPOT,
    )


def referral_input(journey: Journey, forms: dict[str, StepForm]) -> ReferralInput:
    safe_form = cast(PublicSafeContactForm, forms["safe-contact"])
    safe, about, children = safe_form.cleaned_data, forms["about-you"].cleaned_data, forms["children"].cleaned_data
    _, subject_role = self_referral_source(worried_about_own_behaviour=journey is WORRIED)
    if journey is WORRIED:
        forms_of_abuse: list[str] = [FormOfAbuse.DOMESTIC_ABUSE]
        needs: list[str] = []
        details = forms["behaviour"].cleaned_data["details"]
    else:
        forms_of_abuse = forms["what-is-happening"].cleaned_data["forms_of_abuse"]
        needs = forms["help"].cleaned_data.get("needs", [])
        details = forms["help"].cleaned_data.get("details", "")
    contact = safe.get("safe_to_contact") == YES
    return ReferralInput(
        given_name=about["given_name"],
        family_name=about.get("family_name", ""),
        approximate_age=about.get("age"),
        gender=about.get("gender") or Gender.NOT_KNOWN,
        district=about.get("district"),
        phone=safe.get("phone", "") if contact else "",
        email=safe.get("email", "") if contact else "",
        subject_role=subject_role,
        forms_of_abuse=forms_of_abuse,
        children_in_household=children_count(children),
        consent=Consent.GIVEN,  # they asked for help themselves
        safe_contact=SafeContactInput(
            channels=safe_form.channels_status(),
            safe_from=parse_hour(safe.get("safe_from", "")) if contact else None,
            safe_until=parse_hour(safe.get("safe_until", "")) if contact else None,
            what_may_be_said=safe.get("what_may_be_said", "") if contact else "",
        ),
        needs=needs,
        details=details,
    )


def _contact_summary(forms: dict[str, StepForm]) -> dict[str, Any]:
    """How and when we said we would make contact: channel names and hours only, for the confirmation."""
    safe = forms["safe-contact"].cleaned_data
    if safe.get("safe_to_contact") != YES:
        return {"contact": False}
    labels = [Channel(value).label.lower() for value in safe.get("channels", [])]
    hours = dict(forms["safe-contact"].fields["safe_from"].choices)  # type: ignore[attr-defined]
    return {
        "contact": True,
        "channels": labels,
        "safe_from": hours.get(safe.get("safe_from", ""), "") if safe.get("safe_from") else "",
        "safe_until": hours.get(safe.get("safe_until", ""), "") if safe.get("safe_until") else "",
    }


@public_view
@require_http_methods(["GET", "POST"])
def self_referral_check(request: HttpRequest, journey: str) -> HttpResponse:
    chosen = JOURNEYS[journey]
    draft = _draft(request, chosen)
    if draft is None:
        if request.method == "POST" and _has_session(request) and _sent_key(chosen) in request.session:
            return redirect(URLS[chosen.name][3])  # a second click on "Send"
        return _start_again(chosen)
    forms, go_to_missing = answers_or_redirect(chosen, draft, _urls(chosen))
    if go_to_missing is not None:
        return go_to_missing
    if request.method == "POST":
        if request.POST.get("token") != draft.id:
            return redirect(URLS[chosen.name][2])
        if not self_referral_allowance_take(client_ip=client_ip(request)):
            return render(request, "referrals/public/rate_limited.html", status=429)
        if not (draft.honeypot or request.POST.get(HONEYPOT)):
            source, _ = self_referral_source(worried_about_own_behaviour=chosen is WORRIED)
            referral_submit(data=referral_input(chosen, forms), by=None, source=source, idempotency_key=draft.id)
        # A filled honeypot gets exactly the same answer, and nothing is stored.
        draft_discard(request.session, draft)
        del request.session[_current_key(chosen)]
        request.session[_sent_key(chosen)] = _contact_summary(forms)
        return redirect(URLS[chosen.name][3])
    sections = answers_sections(chosen, forms, _urls(chosen))
    return render(
        request, "referrals/public/check.html", {"sections": sections, "token": draft.id, "honeypot": HONEYPOT}
    )


@public_view
@require_http_methods(["GET", "HEAD"])
def self_referral_sent(request: HttpRequest, journey: str) -> HttpResponse:
    chosen = JOURNEYS[journey]
    summary = request.session.pop(_sent_key(chosen), None) if _has_session(request) else None
    if summary is not None and not request.user.is_authenticated:
        # Sent: nothing of the visit is needed any more, so end the session and clear its cookie.
        request.session.flush()
    days = config.target_for(timezone.localdate()).days_for(RiskGrade.NOT_ASSESSED)
    context = {"summary": summary, "worried": chosen is WORRIED, "days": days}
    return render(request, "referrals/public/sent.html", context)
