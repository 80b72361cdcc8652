"""Managing who may see a person causing harm (holders of ``intelligence.manage_people_causing_harm`` at
the owning agency): agencies working with them, grants, the named team, the deny-list, the restriction.

Every view gets the record through ``person_causing_harm_get_to_manage`` (visible AND owned by an agency
where the user may manage it), so a record the user may see but not manage is 404 here, like any other.
The forms are the case pages' own (vawg/cases/forms.py), worded for the record.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import flash_outcome, posted, submit
from vawg.intelligence.config import MANAGE_PEOPLE_CAUSING_HARM
from vawg.intelligence.forms import harm as forms
from vawg.intelligence.models import PersonCausingHarm
from vawg.intelligence.presenters import harm as presenters
from vawg.intelligence.selectors import harm as selectors
from vawg.intelligence.services import harm_access as services


def _get(request: AuthenticatedHttpRequest, record_id: uuid.UUID) -> PersonCausingHarm:
    return selectors.person_causing_harm_get_to_manage(user=request.user, person_causing_harm_id=record_id)


def _back(request: AuthenticatedHttpRequest, record: PersonCausingHarm, done: str = "") -> HttpResponse:
    if done:
        messages.success(request, done)
    return redirect("harm:person_causing_harm_access", person_causing_harm_id=record.pk)


@require_permission(MANAGE_PEOPLE_CAUSING_HARM)
@require_http_methods(["GET"])
def person_causing_harm_access(request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID) -> HttpResponse:
    record = _get(request, person_causing_harm_id)
    context = {"record": record, "access": presenters.harm_access(record), "tags": presenters.record_tags(record)}
    return render(request, "intelligence/harm/access.html", context)


def _managed_form(
    request: AuthenticatedHttpRequest,
    record_id: uuid.UUID,
    *,
    make_form: Callable[[PersonCausingHarm, Any], Form],
    act: Callable[[PersonCausingHarm, Any], object],
    title: str,
    done: str,
    intro: str = "",
) -> HttpResponse:
    """A small management form: GET shows it; a valid POST calls ``act`` and goes back to the access page."""
    record = _get(request, record_id)
    form = make_form(record, posted(request))
    if submit(form, lambda: act(record, form)):
        return _back(request, record, done)
    context = {"record": record, "form": form, "title": title, "intro": intro}
    return render(request, "intelligence/harm/access_form.html", context)


@require_permission(MANAGE_PEOPLE_CAUSING_HARM)
@require_http_methods(["GET", "POST"])
def harm_agency_add(request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        person_causing_harm_id,
        make_form=lambda record, data: forms.HarmAgencyForm(data, exclude=record.owning_organisation),
        act=lambda record, form: services.harm_agency_add(
            record=record,
            organisation=form.cleaned_data["organisation"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        ),
        title="Add an agency working with them",
        intro="Staff at the agency who may see people causing harm will see this record unless it is restricted.",
        done="Agency added",
    )


@require_permission(MANAGE_PEOPLE_CAUSING_HARM)
@require_http_methods(["POST"])
def harm_agency_end(
    request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID, harm_agency_id: uuid.UUID
) -> HttpResponse:
    record = _get(request, person_causing_harm_id)
    link = selectors.harm_agency_get_for(record=record, harm_agency_id=harm_agency_id)
    flash_outcome(
        request,
        lambda: services.harm_agency_end(link=link, by=request.user, request=request),
        lambda ended: f"{ended.organisation.name} no longer works with them",
    )
    return _back(request, record)


@require_permission(MANAGE_PEOPLE_CAUSING_HARM)
@require_http_methods(["GET", "POST"])
def harm_grant_add(request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        person_causing_harm_id,
        make_form=lambda record, data: forms.HarmGrantForm(data, exclude=record.owning_organisation),
        act=lambda record, form: services.harm_grant_add(
            record=record,
            organisation=form.cleaned_data["organisation"],
            lawful_basis=form.cleaned_data["lawful_basis"],
            reason=form.cleaned_data["reason"],
            expires_at=form.expires_at(),
            by=request.user,
            request=request,
        ),
        title="Share the record with another agency",
        intro="Staff at the agency who may see people causing harm can see it until the date you choose.",
        done="Access granted",
    )


@require_permission(MANAGE_PEOPLE_CAUSING_HARM)
@require_http_methods(["POST"])
def harm_grant_revoke(
    request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID, grant_id: uuid.UUID
) -> HttpResponse:
    record = _get(request, person_causing_harm_id)
    grant = selectors.harm_grant_get_for(record=record, grant_id=grant_id)
    flash_outcome(
        request,
        lambda: services.harm_grant_revoke(grant=grant, by=request.user, request=request),
        lambda revoked: f"Access for {revoked.organisation.name} revoked",
    )
    return _back(request, record)


@require_permission(MANAGE_PEOPLE_CAUSING_HARM)
@require_http_methods(["GET", "POST"])
def harm_team_member_add(request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        person_causing_harm_id,
        make_form=lambda record, data: forms.HarmTeamMemberForm(data),
        act=lambda record, form: services.harm_team_add(
            record=record, user=form.cleaned_data["email"], by=request.user, request=request
        ),
        title="Add someone to the named team",
        intro="Named team members see the record even when it is restricted, unless they are denied it.",
        done="Team member added",
    )


@require_permission(MANAGE_PEOPLE_CAUSING_HARM)
@require_http_methods(["POST"])
def harm_team_member_remove(
    request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID, team_member_id: uuid.UUID
) -> HttpResponse:
    record = _get(request, person_causing_harm_id)
    member = selectors.harm_team_member_get_for(record=record, team_member_id=team_member_id)
    flash_outcome(
        request,
        lambda: services.harm_team_remove(member=member, by=request.user, request=request),
        lambda removed: f"{removed.user.full_name} removed from the named team",
    )
    return _back(request, record)


@require_permission(MANAGE_PEOPLE_CAUSING_HARM)
@require_http_methods(["GET", "POST"])
def harm_deny_entry_add(request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        person_causing_harm_id,
        make_form=lambda record, data: forms.HarmDenyForm(data),
        act=lambda record, form: services.harm_deny_add(
            record=record,
            user=form.cleaned_data["email"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        ),
        title="Deny someone the record",
        intro="They will not see the record at all, whatever their role, team place or agency.",
        done="Person denied the record",
    )


@require_permission(MANAGE_PEOPLE_CAUSING_HARM)
@require_http_methods(["POST"])
def harm_deny_entry_remove(
    request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID, deny_entry_id: uuid.UUID
) -> HttpResponse:
    record = _get(request, person_causing_harm_id)
    entry = selectors.harm_deny_entry_get_for(record=record, deny_entry_id=deny_entry_id)
    flash_outcome(
        request,
        lambda: services.harm_deny_remove(entry=entry, by=request.user, request=request),
        lambda removed: f"{removed.user.full_name} removed from the deny-list",
    )
    return _back(request, record)


@require_permission(MANAGE_PEOPLE_CAUSING_HARM)
@require_http_methods(["GET", "POST"])
def harm_restriction_change(request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID) -> HttpResponse:
    """Restrict an unrestricted record to its named team, or lift the restriction, with a reason."""
    restricted = _get(request, person_causing_harm_id).is_restricted
    title = "Lift the restriction" if restricted else "Restrict the record"
    subject, change = ("the restriction", "being lifted") if restricted else ("the record", "being restricted")
    act = services.harm_unrestrict if restricted else services.harm_restrict
    return _managed_form(
        request,
        person_causing_harm_id,
        make_form=lambda record, data: forms.ReasonForm(
            data, label=f"Why is {subject} {change}?", required_message=f"Enter why {subject} is {change}", button=title
        ),
        act=lambda record, form: act(
            record=record, reason=form.cleaned_data["reason"], by=request.user, request=request
        ),
        title=title,
        intro=(
            "A restricted record is seen only by its named team. Add yourself to the team first if you still need "
            "to see it."
        ),
        done="Restriction lifted" if restricted else "Record restricted",
    )
