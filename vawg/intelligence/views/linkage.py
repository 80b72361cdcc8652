"""The review queue of identity links: the waiting pairs, one pair side by side, and a decision on it
(docs/identity-resolution.md#review). Only reviewers of the force whose data one side is in see a pair."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.intelligence.config import REVIEW_LINKS
from vawg.intelligence.forms.linkage import DecisionForm
from vawg.intelligence.models import LinkState
from vawg.intelligence.presenters import linkage as presenters
from vawg.intelligence.selectors import linkage as selectors
from vawg.intelligence.services import linkage as services

FILTERS: dict[str, str] = {"waiting": LinkState.WAITING, "linked": LinkState.LINKED, "accepted": LinkState.ACCEPTED}
FILTERS |= {"rejected": LinkState.REJECTED, "all": ""}


@require_permission(REVIEW_LINKS)
@require_http_methods(["GET"])
def identity_link_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The pairs (no names: those show only on a pair's own, audited page)."""
    chosen = request.GET.get("state", "waiting")
    state = FILTERS.get(chosen, LinkState.WAITING)
    links = list(selectors.links_for_review(user=request.user, state=state)[:500])
    rows = [(link, presenters.state_tag(link), presenters.probability(link)) for link in links]
    waiting = selectors.links_for_review(user=request.user).count()
    context = {"rows": rows, "chosen": chosen if chosen in FILTERS else "waiting", "waiting": waiting}
    context["filters"] = list(FILTERS)
    return render(request, "intelligence/linkage/list.html", context)


@require_permission(REVIEW_LINKS)
@require_http_methods(["GET"])
def identity_link_detail(request: AuthenticatedHttpRequest, identity_link_id: UUID) -> HttpResponse:
    link = selectors.identity_link_get_for(user=request.user, identity_link_id=identity_link_id)
    services.identity_link_view_record(link=link, by=request.user, request=request)
    sides = [
        presenters.Side(
            heading,
            presenters.person_rows(
                person,
                aliases=selectors.person_aliases(person.pk),
                sources=selectors.person_sources(user=request.user, person_id=person.pk),
            ),
        )
        for heading, person in (("First record", link.left), ("Second record", link.right))
    ]
    context = {
        "link": link,
        "sides": sides,
        "tag": presenters.state_tag(link),
        "probability": presenters.probability(link),
        "comparison": presenters.comparison_rows(link),
        "decisions": presenters.decision_rows(list(link.decisions.select_related("created_by"))),
    }
    return render(request, "intelligence/linkage/detail.html", context)


@require_permission(REVIEW_LINKS)
@require_http_methods(["GET", "POST"])
def identity_link_decide(request: AuthenticatedHttpRequest, identity_link_id: UUID) -> HttpResponse:
    link = selectors.identity_link_get_for(user=request.user, identity_link_id=identity_link_id)
    form = DecisionForm(posted(request), allowed=sorted(services.TRANSITIONS[LinkState(link.current_state)]))
    done = submit(
        form,
        lambda: services.identity_link_decide(
            link=link,
            state=form.cleaned_data["state"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        ),
    )
    if done is not None:
        messages.success(request, "Decision recorded")
        return redirect("linkage:identity_link_detail", identity_link_id=link.pk)
    context = {"form": form, "link": link, "tag": presenters.state_tag(link)}
    return render(request, "intelligence/linkage/decide.html", context)
