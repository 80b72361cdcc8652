"""MATAC nominations: nominate (from the ranking, or a partner's referral with the reason), the list, one
nomination with the person's RFG components beside the reason, accept to a meeting or decline."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.audit.services import audit_read
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.intelligence.config import RUN_MATAC, RUN_RANKING, TAKE_PART_IN_MATAC
from vawg.intelligence.forms.matac import AcceptForm, DeclineForm, NominationForm
from vawg.intelligence.models import MatacMeeting, NominationSource, NominationState
from vawg.intelligence.presenters import matac as presenters
from vawg.intelligence.selectors import matac as selectors
from vawg.intelligence.services import matac as services


def _person_id(request: AuthenticatedHttpRequest) -> UUID:
    try:
        return UUID(request.GET.get("person", ""))
    except ValueError:
        raise Http404("No such person.") from None


@require_permission(TAKE_PART_IN_MATAC)
@require_http_methods(["GET", "POST"])
def nomination_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """``?person=<PersonCausingHarm id>&source=ranking`` (from the ranking) or ``source=partner``; without a
    person, how to choose one."""
    if not request.GET.get("person"):
        return render(request, "intelligence/matac/nomination_choose.html")
    person = selectors.person_for_nomination(user=request.user, person_causing_harm_id=_person_id(request))
    ranking = request.GET.get("source") == NominationSource.RANKING and request.user.has_perm(RUN_RANKING)
    source = NominationSource.RANKING if ranking else NominationSource.PARTNER
    coordinating = [] if request.user.has_perm(RUN_MATAC) else selectors.coordinating_organisations()
    form = NominationForm(posted(request), partner=not ranking, coordinating=coordinating)
    nomination = submit(
        form,
        lambda: services.matac_nomination_create(
            by=request.user,
            person=person,
            source=source,
            reason=form.cleaned_data["reason"],
            coordinating_organisation=form.cleaned_data.get("coordinating_organisation"),
            request=request,
        ),
    )
    if nomination is not None:
        messages.success(request, "Nomination sent to the MATAC coordinator")
        return redirect("matac:nomination_detail", nomination_id=nomination.pk)
    redactor = presenters.Redactor.for_people(request.user, [person])
    context = {
        "form": form,
        "name": redactor.name(person),
        "ranking": ranking,
        "score_rows": presenters.score_rows(selectors.latest_score(person)),
    }
    return render(request, "intelligence/matac/nomination_new.html", context)


@require_permission(TAKE_PART_IN_MATAC)
@require_http_methods(["GET"])
def nomination_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    nominations = list(selectors.nominations_for(request.user)[:200])
    for nomination in nominations:
        audit_read(action="intelligence.matac_nomination.view", obj=nomination)
    redactor = presenters.Redactor.for_people(request.user, [n.person_causing_harm for n in nominations])
    rows = [
        (n, redactor.name(n.person_causing_harm), presenters.NOMINATION_TAGS[NominationState(n.current_state)])
        for n in nominations
    ]
    return render(request, "intelligence/matac/nomination_list.html", {"rows": rows})


def _open_meetings(nomination_org: UUID) -> QuerySet[MatacMeeting]:
    return MatacMeeting.objects.open_for_subjects().filter(organisation=nomination_org).order_by("starts_at")


@require_permission(TAKE_PART_IN_MATAC)
@require_http_methods(["GET"])
def nomination_detail(request: AuthenticatedHttpRequest, nomination_id: UUID) -> HttpResponse:
    nomination = selectors.nomination_get_for(user=request.user, nomination_id=nomination_id)
    person = nomination.person_causing_harm
    redactor = presenters.Redactor.for_people(request.user, [person])
    decides = (
        selectors.runs_matac_of(request.user, nomination.coordinating_organisation_id)
        and nomination.current_state == NominationState.OPEN
    )
    context = {
        "nomination": nomination,
        "name": redactor.name(person),
        "rows": presenters.nomination_rows(nomination, redactor),
        "score_rows": presenters.score_rows(nomination.rfg_score),
        "decides": decides,
        "accept_form": AcceptForm(meetings=_open_meetings(nomination.coordinating_organisation_id)),
        "decline_form": DeclineForm(),
    }
    return render(request, "intelligence/matac/nomination_detail.html", context)


@require_permission(RUN_MATAC)
@require_http_methods(["POST"])
def nomination_accept(request: AuthenticatedHttpRequest, nomination_id: UUID) -> HttpResponse:
    nomination = selectors.nomination_get_for(user=request.user, nomination_id=nomination_id)
    form = AcceptForm(request.POST, meetings=_open_meetings(nomination.coordinating_organisation_id))
    subject = submit(
        form,
        lambda: services.matac_nomination_accept(
            nomination=nomination, meeting=form.cleaned_data["meeting"], by=request.user, request=request
        ),
    )
    if subject is not None:
        messages.success(request, "Nomination accepted: they are now a MATAC subject")
        return redirect("matac:subject_detail", subject_id=subject.pk)
    for message in [str(m) for errors in form.errors.values() for m in errors]:
        messages.error(request, message)
    return redirect("matac:nomination_detail", nomination_id=nomination.pk)


@require_permission(RUN_MATAC)
@require_http_methods(["GET", "POST"])
def nomination_decline(request: AuthenticatedHttpRequest, nomination_id: UUID) -> HttpResponse:
    nomination = selectors.nomination_get_for(user=request.user, nomination_id=nomination_id)
    form = DeclineForm(posted(request))
    done = submit(
        form,
        lambda: services.matac_nomination_decline(
            nomination=nomination, reason=form.cleaned_data["reason"], by=request.user, request=request
        ),
    )
    if done is not None:
        messages.success(request, "Nomination declined")
        return redirect("matac:nomination_detail", nomination_id=nomination.pk)
    name = presenters.Redactor.for_people(request.user, [nomination.person_causing_harm]).name(
        nomination.person_causing_harm
    )
    context = {"form": form, "name": name, "nomination": nomination}
    return render(request, "intelligence/matac/nomination_decline.html", context)
