"""A MATAC subject: the page (profile, reviews, tactics: others' in outline), and the coordinator's profile,
review, exit and new-tactic forms."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.intelligence.config import RUN_MATAC, TAKE_PART_IN_MATAC
from vawg.intelligence.forms.matac import ExitForm, ProfileForm, ReviewForm, TacticForm
from vawg.intelligence.models import MatacMeeting, MatacSubject, SubjectState
from vawg.intelligence.presenters import matac as presenters
from vawg.intelligence.selectors import matac as selectors
from vawg.intelligence.services import matac as services


def _meetings(subject: MatacSubject) -> QuerySet[MatacMeeting]:
    return (
        MatacMeeting.objects.open_for_subjects()
        .filter(organisation=subject.coordinating_organisation_id)
        .order_by("starts_at")
    )


def _page(request: AuthenticatedHttpRequest, subject: MatacSubject, template: str, **context: object) -> HttpResponse:
    redactor = presenters.Redactor.for_people(request.user, [subject.person_causing_harm])
    return render(
        request,
        f"intelligence/matac/{template}",
        {"subject": subject, "name": redactor.name(subject.person_causing_harm), **context},
    )


@require_permission(TAKE_PART_IN_MATAC)
@require_http_methods(["GET"])
def subject_detail(request: AuthenticatedHttpRequest, subject_id: UUID) -> HttpResponse:
    subject = selectors.subject_get_for(user=request.user, subject_id=subject_id)
    runs = selectors.runs_matac_of(request.user, subject.coordinating_organisation_id)
    redactor = presenters.Redactor.for_people(request.user, [subject.person_causing_harm])
    mine = {org.pk for org in selectors.organisations_of(request.user, TAKE_PART_IN_MATAC)}
    tactics = list(selectors.subject_tactics(subject))
    for tactic in tactics:
        tactic.subject = subject
    reviews = subject.reviews.select_related("meeting")
    context = {
        "subject": subject,
        "name": redactor.name(subject.person_causing_harm),
        "rows": presenters.subject_rows(subject, redactor),
        "score_rows": presenters.score_rows(subject.entry_score),
        "profile_rows": presenters.profile_rows(subject, redactor),
        "review_rows": presenters.review_rows(reviews, subject, redactor),
        "tactics": presenters.tactic_rows(mine, tactics, redactor, everything=runs),
        "runs": runs,
        "active": subject.current_state == SubjectState.ACTIVE,
    }
    return render(request, "intelligence/matac/subject_detail.html", context)


@require_permission(RUN_MATAC)
@require_http_methods(["GET", "POST"])
def subject_profile(request: AuthenticatedHttpRequest, subject_id: UUID) -> HttpResponse:
    subject = selectors.subject_get_for(user=request.user, subject_id=subject_id)
    initial = {name: getattr(subject, name) for name in services.PROFILE_SECTIONS}
    form = ProfileForm(posted(request), initial=initial)
    saved = submit(
        form,
        lambda: services.matac_profile_update(
            subject=subject,
            by=request.user,
            request=request,
            **{name: form.cleaned_data[name] for name in services.PROFILE_SECTIONS},
        ),
    )
    if saved is not None:
        messages.success(request, "Subject profile saved")
        return redirect("matac:subject_detail", subject_id=subject.pk)
    return _page(request, subject, "subject_profile.html", form=form)


@require_permission(RUN_MATAC)
@require_http_methods(["GET", "POST"])
def subject_review(request: AuthenticatedHttpRequest, subject_id: UUID) -> HttpResponse:
    subject = selectors.subject_get_for(user=request.user, subject_id=subject_id)
    form = ReviewForm(posted(request), meetings=_meetings(subject))
    review = submit(
        form,
        lambda: services.matac_review_record(
            subject=subject,
            meeting=form.cleaned_data["meeting"],
            by=request.user,
            note=form.cleaned_data["note"],
            decision=form.cleaned_data["decision"],
            exit_reason=form.cleaned_data["exit_reason"],
            exit_note=form.cleaned_data["exit_note"],
            request=request,
        ),
    )
    if review is not None:
        messages.success(request, "Review recorded")
        return redirect("matac:subject_detail", subject_id=subject.pk)
    return _page(request, subject, "subject_review.html", form=form)


@require_permission(RUN_MATAC)
@require_http_methods(["GET", "POST"])
def subject_exit(request: AuthenticatedHttpRequest, subject_id: UUID) -> HttpResponse:
    subject = selectors.subject_get_for(user=request.user, subject_id=subject_id)
    form = ExitForm(posted(request))
    done = submit(
        form,
        lambda: services.matac_subject_exit(
            subject=subject,
            by=request.user,
            exited_on=form.cleaned_data["exited_on"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            request=request,
        ),
    )
    if done is not None:
        messages.success(request, "They have left MATAC: the agencies' MATAC links to the record have ended")
        return redirect("matac:subject_detail", subject_id=subject.pk)
    return _page(request, subject, "subject_exit.html", form=form)


@require_permission(RUN_MATAC)
@require_http_methods(["GET", "POST"])
def tactic_new(request: AuthenticatedHttpRequest, subject_id: UUID) -> HttpResponse:
    subject = selectors.subject_get_for(user=request.user, subject_id=subject_id)
    form = TacticForm(
        posted(request),
        meetings=_meetings(subject),
        organisations=selectors.participating_organisations(),
        owners=selectors.agency_members_all(),
    )
    tactic = submit(
        form,
        lambda: services.matac_tactic_create(
            subject=subject,
            meeting=form.cleaned_data["meeting"],
            by=request.user,
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
            owning_organisation=form.cleaned_data["owning_organisation"],
            owner=form.cleaned_data["owner"],
            due_on=form.cleaned_data["due_on"],
            request=request,
        ),
    )
    if tactic is not None:
        messages.success(request, "Tactic added")
        return redirect("matac:subject_detail", subject_id=subject.pk)
    return _page(request, subject, "tactic_new.html", form=form)
