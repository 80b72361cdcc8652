"""Reads for the coordinator's queue and a meeting's agenda: the referrals and items, with only the fields
their rows show (never the victim's address or contact details), and who has an IDVA."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db.models import Exists, OuterRef
from django.http import Http404

from vawg.accounts.models import Membership, OrganisationType, User
from vawg.accounts.roles import Role
from vawg.audit.services import audit_read
from vawg.cases.models import Case, CaseTeamMember
from vawg.marac.models import (
    AgendaItem,
    AgendaItemQuerySet,
    MaracArea,
    MaracMeeting,
    MaracReferral,
    MaracReferralQuerySet,
)

# Only what the rows show: never the victim's address or contact details.
_VICTIM_FIELDS = ("case__victim__given_name", "case__victim__family_name", "case__victim__date_of_birth")
_ROW_FIELDS = (
    "id",
    "reference",
    "criteria",
    "evidence",
    "is_repeat",
    "children_in_household",
    "urgent",
    "referred_on",
    "area_id",
    "current_state",
    "case",
    "case__victim",
    "referring_organisation",
    "case__victim__approximate_age",
    "case__victim__created_at",
    "referring_organisation__name",
    *_VICTIM_FIELDS,
)
# What the listing and withdrawing pages show of a queued referral.
_QUEUED_FIELDS = (
    "id",
    "reference",
    "area",
    "urgent",
    "is_repeat",
    "referred_on",
    "current_state",
    "case",
    "case__victim",
    "case__victim__given_name",
    "case__victim__family_name",
    "area__name",
    "area__coordinating_organisation",
    "area__minutes_per_case",
)


def queued_referrals(user: User) -> MaracReferralQuerySet:
    """Referrals waiting in the queue of the areas ``user`` coordinates."""
    areas = MaracArea.objects.coordinated_by(user)
    return MaracReferral.objects.visible_to(user).queued().filter(area__in=areas)


def queue_for(user: User) -> MaracReferralQuerySet:
    """The coordinator's queue, with only the fields its rows show."""
    return queued_referrals(user).select_related("case__victim", "referring_organisation").only(*_ROW_FIELDS)


def marac_referral_get_for_queue(*, user: User, marac_referral_id: UUID) -> MaracReferral:
    """A referral waiting in the queue of an area ``user`` coordinates (to list or withdraw it)."""
    try:
        found = (
            queued_referrals(user)
            .select_related("area", "case__victim")
            .only(*_QUEUED_FIELDS)
            .get(pk=marac_referral_id)
        )
        return audit_read(action="marac.referral.view", obj=found)
    except MaracReferral.DoesNotExist:
        raise Http404("No such referral in your queue.") from None


def agenda_for(user: User, meeting: MaracMeeting) -> AgendaItemQuerySet:
    """The items of ``meeting`` that ``user`` may see, with only the fields the agenda's rows show."""
    fields = [f"marac_referral__{name}" for name in _ROW_FIELDS]
    return (
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("marac_referral__case__victim", "marac_referral__referring_organisation")
        .only("id", "position", "meeting_id", "marac_referral_id", *fields)
    )


def victims_with_idva(victim_ids: Iterable[UUID]) -> set[UUID]:
    """Of ``victim_ids``, the people with an IDVA: an open case of theirs held by a specialist
    domestic abuse service, or with a current team member who is an IDVA."""
    idvas = Membership.objects.active().filter(role=Role.IDVA).values("user_id")
    idva_on_team = Exists(CaseTeamMember.objects.current().filter(case=OuterRef("pk"), user__in=idvas))
    cases = Case.objects.open().filter(victim__in=list(victim_ids))
    specialist = cases.filter(owning_organisation__type=OrganisationType.SPECIALIST_SERVICE)
    return set(specialist.values_list("victim_id", flat=True)) | set(
        cases.filter(idva_on_team).values_list("victim_id", flat=True)
    )


def agenda_item_get_for(*, user: User, agenda_item_id: UUID) -> AgendaItem:
    """An agenda item ``user`` may see (AgendaItem.objects.visible_to), with its meeting and victim."""
    try:
        found = (
            AgendaItem.objects.visible_to(user)
            .select_related("meeting", "marac_referral__case__victim")
            .get(pk=agenda_item_id)
        )
        return audit_read(action="marac.agenda_item.view", obj=found)
    except AgendaItem.DoesNotExist:
        raise Http404("No such agenda item.") from None


def names_withheld(user: User, referrals: Iterable[MaracReferral]) -> set[UUID]:
    """Of ``referrals``, those whose victim ``user`` sees on MARAC pages under a pseudonym: the case is
    restricted and ``user`` is neither on its named team nor a coordinator of its MARAC (docs/marac.md).
    Three queries whatever the number of referrals."""
    referrals = list(referrals)
    restricted = set(
        Case.objects.filter(pk__in={r.case_id for r in referrals}, is_restricted=True).values_list("pk", flat=True)
    )
    if not restricted:
        return set()
    coordinated = set(MaracArea.objects.coordinated_by(user).values_list("pk", flat=True))
    on_team = set(
        CaseTeamMember.objects.current().filter(user=user.pk, case__in=restricted).values_list("case_id", flat=True)
    )
    return {
        r.pk for r in referrals if r.case_id in restricted and r.case_id not in on_team and r.area_id not in coordinated
    }
