"""Who is who in MARAC: the agencies a user acts for, and the people who may chair, coordinate or own an action."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import models

from vawg.accounts.models import Membership, Organisation, User
from vawg.marac.models import (
    COORDINATE,
    TAKE_PART,
    MaracArea,
    MaracMeeting,
    MeetingState,
    organisations_with,
)


def user_organisations(user: User, perm: str) -> list[Organisation]:
    """The agencies where ``user`` holds ``perm`` through an active membership."""
    return list(Organisation.objects.filter(pk__in=organisations_with(user, perm)).order_by("name"))


def acting_organisation(user: User, *, perm: str = TAKE_PART, prefer: Iterable[UUID | None] = ()) -> Organisation:
    """The agency ``user`` acts for: the first of ``prefer`` (ids) where they hold ``perm``, else their
    first such agency by name. PermissionDenied if they hold ``perm`` nowhere."""
    organisations = user_organisations(user, perm)
    if not organisations:
        raise PermissionDenied
    preferred = [org for org in organisations if org.pk in set(prefer)]
    return (preferred or organisations)[0]


def agency_members(organisation: Organisation) -> models.QuerySet[User]:
    """Active people of ``organisation`` who take part in MARAC (possible owners of an action)."""
    members = Membership.objects.active().holding(TAKE_PART).filter(organisation=organisation)
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("email")


def chair_candidates() -> models.QuerySet[User]:
    """Active staff who may chair: a user with ``marac.take_part`` at any active agency."""
    holders = Membership.objects.active().holding(TAKE_PART).values("user_id")
    return User.objects.filter(is_active=True, pk__in=holders).order_by("full_name")


def coordinator_candidates(area: MaracArea) -> models.QuerySet[User]:
    """Active coordinators of ``area`` (``marac.coordinate`` at its coordinating agency)."""
    holders = Membership.objects.active().holding(COORDINATE).filter(organisation=area.coordinating_organisation_id)
    return User.objects.filter(is_active=True, pk__in=holders.values("user_id")).order_by("full_name")


def default_agencies(area: MaracArea) -> models.QuerySet[Organisation]:
    """The agencies to invite by default: those invited to the area's latest meeting that had any,
    or every active agency when there is none."""
    previous = (
        MaracMeeting.objects.filter(area=area, agencies__isnull=False)
        .exclude(current_state=MeetingState.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    if previous is None:
        return Organisation.objects.active().order_by("name")
    return Organisation.objects.active().filter(pk__in=previous.agencies.values("organisation_id")).order_by("name")


def attendee_organisations(user: User, meeting: MaracMeeting) -> list[Organisation]:
    """The invited agencies ``user`` may register attendees for: every one for the area's coordinators,
    otherwise their own invited agencies (where they hold ``marac.take_part``)."""
    invited = Organisation.objects.filter(pk__in=meeting.agencies.values("organisation_id")).order_by("name")
    if MaracArea.objects.coordinated_by(user).filter(pk=meeting.area_id).exists():
        return list(invited)
    return list(invited.filter(pk__in=organisations_with(user, TAKE_PART)))
