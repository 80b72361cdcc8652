"""Reads of MARAC actions: an agency sees its own; those who run a meeting see every action on it; a
coordinator sees what is outstanding, by agency, across the areas they coordinate."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypedDict
from uuid import UUID

from django.db.models import Count, Min, Q
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_read
from vawg.marac.models import (
    TAKE_PART,
    MaracAction,
    MaracActionQuerySet,
    MaracActionStatus,
    MaracArea,
    organisations_with,
)
from vawg.people.selectors import location_values_for

RELATED = (
    "owning_organisation",
    "owner",
    "agenda_item__meeting",
    "agenda_item__marac_referral__case__victim",
    "agenda_item__marac_referral__perpetrator",
)
# "Outstanding" (the default), "overdue", "due-soon", "all", or one ActionState value.
OUTSTANDING, OVERDUE, DUE_SOON, ALL = "outstanding", "overdue", "due-soon", "all"


def action_get_for(*, user: User, action_id: UUID) -> MaracAction:
    """An action ``user`` may see (MaracAction.objects.visible_to), with its agency, owner, meeting and people."""
    try:
        found = MaracAction.objects.visible_to(user).select_related(*RELATED).get(pk=action_id)
        return audit_read(action="marac.action.view", obj=found)
    except MaracAction.DoesNotExist:
        raise Http404("No such action.") from None


def may_update(action: MaracAction, user: User) -> bool:
    """``user`` may record a new status: a member (with ``marac.take_part``) of the owning agency."""
    return (
        MaracAction.objects.visible_to(user)
        .filter(pk=action.pk, owning_organisation__in=organisations_with(user, TAKE_PART))
        .exists()
    )


def action_history(action: MaracAction) -> list[MaracActionStatus]:
    """The action's status rows, oldest first, with who recorded each."""
    return list(action.statuses.select_related("created_by"))


def own_agency_actions(user: User, state: str = "") -> MaracActionQuerySet:
    """Actions of the agencies where ``user`` takes part, in ``state`` (outstanding when empty): the
    agency's list, and its counts on "My work"."""
    actions = MaracAction.objects.visible_to(user).filter(owning_organisation__in=organisations_with(user, TAKE_PART))
    return _in_state(actions, state)


def actions_of_own_agencies(user: User, state: str = "") -> list[MaracAction]:
    """``own_agency_actions`` with what a row shows, by due date."""
    return list(own_agency_actions(user, state).select_related(*RELATED).order_by("due_on"))


def actions_due_count(user: User) -> int:
    """For "My work": outstanding actions of the user's agencies due in the next ``ACTION_DUE_SOON_DAYS`` days."""
    return own_agency_actions(user, DUE_SOON).count()


def actions_overdue_count(user: User) -> int:
    """For "My work": outstanding actions of the user's agencies past their due date."""
    return own_agency_actions(user, OVERDUE).count()


def _in_state(actions: MaracActionQuerySet, state: str) -> MaracActionQuerySet:
    if state in ("", OUTSTANDING):
        return actions.outstanding()
    if state == OVERDUE:
        return actions.overdue()
    if state == DUE_SOON:
        return actions.due_soon()
    if state == ALL:
        return actions
    return actions.filter(current_state=state)


def coordinated_actions(user: User) -> MaracActionQuerySet:
    """Actions on meetings of areas ``user`` coordinates."""
    return MaracAction.objects.visible_to(user).filter(
        agenda_item__meeting__area__in=MaracArea.objects.coordinated_by(user)
    )


class AgencyOutstanding(TypedDict):
    """One owning agency's outstanding actions across the areas a coordinator coordinates."""

    organisation_id: UUID
    organisation: str
    outstanding: int
    overdue: int
    oldest_due: date


def outstanding_by_agency(user: User, *, on: date | None = None) -> list[AgencyOutstanding]:
    """For areas ``user`` coordinates: per owning agency, outstanding and overdue actions, oldest due date."""
    on = on or timezone.localdate()
    rows = (
        coordinated_actions(user)
        .outstanding()
        .values("owning_organisation_id", "owning_organisation__name")
        .annotate(outstanding=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=on)), oldest_due=Min("due_on"))
        .order_by("owning_organisation__name")
    )
    return [
        {
            "organisation_id": row["owning_organisation_id"],
            "organisation": row["owning_organisation__name"],
            "outstanding": row["outstanding"],
            "overdue": row["overdue"],
            "oldest_due": row["oldest_due"],
        }
        for row in rows
    ]


def agency_outstanding_get_for(*, user: User, organisation_id: UUID) -> tuple[Organisation, list[MaracAction]]:
    """An agency with actions on meetings ``user`` coordinates, and its outstanding ones by due date (404 for
    an agency with none there, so the page does not reveal which agencies exist)."""
    actions = coordinated_actions(user).filter(owning_organisation=organisation_id)
    if not actions.exists():
        raise Http404("No such agency.")
    try:
        organisation = Organisation.objects.get(pk=organisation_id)
    except Organisation.DoesNotExist:
        raise Http404("No such agency.") from None
    return organisation, list(actions.outstanding().select_related(*RELATED).order_by("due_on"))


def action_location_values(actions: Iterable[MaracAction]) -> dict[UUID, list[str]]:
    """The location-critical values of each action's case (its victim and person causing harm), by MARAC
    referral id, read in one query: what is redacted from the actions' free text."""
    return location_values_for(
        {
            action.agenda_item.marac_referral_id: [
                action.agenda_item.marac_referral.case.victim,
                action.agenda_item.marac_referral.perpetrator,
            ]
            for action in actions
        }
    )
