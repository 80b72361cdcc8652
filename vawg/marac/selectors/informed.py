"""Reads for keeping the victim informed after MARAC: which heard cases a user may record the victim told
for, which are still waiting, and whether any safe way to contact the victim is recorded."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from vawg.accounts.models import Membership, User
from vawg.audit.services import audit_read
from vawg.cases.models import CaseTeamMember
from vawg.marac.models import (
    RECORD_VICTIM_VOICE,
    TAKE_PART,
    AgendaItem,
    AgendaItemQuerySet,
    InformedOutcome,
    MaracReferral,
    MeetingAgency,
    VictimInformed,
    VictimVoice,
    active_user,
    organisations_with,
)
from vawg.people.models import Person, SafeContactPreference, SafeStatus

# Outcomes after which the victim no longer needs telling ("could not be reached" stays on the list).
CLOSING_OUTCOMES = frozenset({InformedOutcome.TOLD, InformedOutcome.UNSAFE, InformedOutcome.DECLINED})


def _has_idva() -> Q:
    """The victim has an IDVA: one recorded their voice for the item, or one is on the case's team."""
    voice = Exists(VictimVoice.objects.filter(agenda_item=OuterRef("pk")))
    idva_holders = Membership.objects.active().holding(RECORD_VICTIM_VOICE).values("user")
    on_team = Exists(
        CaseTeamMember.objects.current().filter(case=OuterRef("marac_referral__case"), user__in=idva_holders)
    )
    return Q(voice) | Q(on_team)


def items_to_inform_by(user: User) -> AgendaItemQuerySet:
    """Heard items ``user`` may record the victim informed for: as an IDVA at an invited agency (items
    they can see), or, when the victim has no IDVA, as a member of the referring agency."""
    if not active_user(user):
        return AgendaItem.objects.none()
    as_idva = Q(pk__in=AgendaItem.objects.visible_to(user).values("pk")) & Exists(
        MeetingAgency.objects.filter(
            meeting=OuterRef("meeting"), organisation__in=organisations_with(user, RECORD_VICTIM_VOICE)
        )
    )
    as_referrer = (
        Q(marac_referral__in=MaracReferral.objects.visible_to(user).values("pk"))
        & Q(marac_referral__referring_organisation__in=organisations_with(user, TAKE_PART))
        & ~_has_idva()
    )
    return AgendaItem.objects.heard().filter(as_idva | as_referrer)


def victims_to_tell(user: User) -> AgendaItemQuerySet:
    """Items still waiting for a told / unsafe / declined record."""
    closed = VictimInformed.objects.filter(agenda_item=OuterRef("pk"), outcome__in=CLOSING_OUTCOMES)
    return (
        items_to_inform_by(user)
        .exclude(Exists(closed))
        .select_related("meeting__area", "marac_referral__case__victim")
        .order_by("heard_at")
    )


def victims_to_tell_count(user: User) -> int:
    """For "My work": the rows of the victims-to-tell list."""
    return victims_to_tell(user).count()


def agenda_item_get_for_informing(*, user: User, agenda_item_id: UUID) -> AgendaItem:
    """A heard item ``user`` may record the victim informed for, with its meeting, area and victim."""
    try:
        found = (
            items_to_inform_by(user)
            .select_related("meeting__area", "marac_referral__case__victim")
            .get(pk=agenda_item_id)
        )
        return audit_read(action="marac.agenda_item.view", obj=found)
    except AgendaItem.DoesNotExist:
        raise Http404("No such case.") from None


def no_safe_contact(person: Person) -> bool:
    """True when every channel is unsafe or not known (treated as unsafe)."""
    current = SafeContactPreference.objects.current_preferences(person)
    return all(preference.status != SafeStatus.SAFE for preference in current.values())


def victim_informed_of(item: AgendaItem) -> list[VictimInformed]:
    """Every record of telling (or trying to tell) the victim about ``item``, oldest first."""
    return list(VictimInformed.objects.filter(agenda_item=item).select_related("organisation", "recorded_by"))
