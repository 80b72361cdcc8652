"""Reads of MARAC referrals: the MARAC covering a case, the victim's last referral (for the repeat rule and
risk's repeat criterion), who a referral is about, and what the case page shows of MARAC."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from uuid import UUID

from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.models import Case, CaseParty, PartyRole
from vawg.marac.models import AgendaItem, MaracArea, MaracReferral, MaracReferralState
from vawg.people.models import Person
from vawg.risk.hooks import MaracReferralDate


def area_for_case(case: Case) -> MaracArea | None:
    """The active MARAC covering the case's district; without a district (or no area for it) the
    first active area by name, which the coordinator can change when listing."""
    areas = MaracArea.objects.active()
    if case.district_id is not None:
        covering = areas.filter(districts=case.district_id).first()
        if covering is not None:
            return covering
    return areas.first()


def person_causing_harm(case: Case, repeat_of: MaracReferral | None = None) -> Person | None:
    """Who a MARAC referral is about besides the victim, when the caller does not say: the person
    causing harm named on the referral this one repeats, else the person most recently recorded as a
    person causing harm on the case (its current parties). None when nobody is recorded: the referral
    is still made."""
    if repeat_of is not None and repeat_of.perpetrator_id is not None:
        return repeat_of.perpetrator
    party = harm_parties(case).last()
    return party.person if party is not None else None


def harm_parties(case: Case) -> QuerySet[CaseParty]:
    """The case's current people causing harm, oldest first (with their person)."""
    return (
        CaseParty.objects.current()
        .filter(case=case, role=PartyRole.PERSON_CAUSING_HARM)
        .select_related("person")
        .order_by("added_at", "pk")
    )


def last_referral_for_victim(victim_id: UUID, on: date, *, area: MaracArea | None = None) -> MaracReferral | None:
    """The victim's latest MARAC referral (any case; any area unless ``area``; not withdrawn) made on or
    before ``on``."""
    referrals = MaracReferral.objects.filter(case__victim=victim_id, referred_on__lte=on).exclude(
        current_state=MaracReferralState.WITHDRAWN
    )
    if area is not None:
        referrals = referrals.filter(area=area)
    return referrals.order_by("-referred_on", "-created_at").first()


def last_marac_referral_date(case: Case, on: date) -> MaracReferralDate | None:
    """risk's LAST_MARAC_REFERRAL provider: the latest MARAC referral of the case's victim on or before ``on``."""
    last = last_referral_for_victim(case.victim_id, on)
    if last is None:
        return None
    return MaracReferralDate(last.referred_on, f"marac_referral:{last.pk}")


def victims_referred_since(person_ids: Collection[UUID], since: date) -> dict[UUID, date]:
    """Of ``person_ids``, the victims referred to MARAC on or after ``since`` (not withdrawn), with the date
    of their latest referral (one query)."""
    rows = (
        MaracReferral.objects.filter(case__victim__in=list(person_ids), referred_on__gte=since)
        .exclude(current_state=MaracReferralState.WITHDRAWN)
        .values("case__victim")
        .annotate(last=Max("referred_on"))
    )
    return {row["case__victim"]: row["last"] for row in rows}


# The window of "MARAC in the last 12 months", as the person flag (vawg/marac/presenters/person_flags.py).
RECENT_MARAC_DAYS = 365


def cases_referred_recently(_value: str = "yes") -> Exists:
    """cases' CASE_LIST_FILTERS["marac"]: the cases (outer ``Case`` rows) referred to a MARAC in the last
    12 months, and not withdrawn: the same fact as the person flag, which every agency that can see the
    victim already sees. A subquery, so the case list filters and shows it in its one query."""
    since = timezone.localdate() - timedelta(days=RECENT_MARAC_DAYS)
    referrals = MaracReferral.objects.filter(case=OuterRef("pk"), referred_on__gte=since)
    return Exists(referrals.exclude(current_state=MaracReferralState.WITHDRAWN))


def marac_referrals_of_case(user: User, case: Case) -> list[MaracReferral]:
    """The case's MARAC referrals ``user`` may see through the MARAC gate, newest first."""
    return list(MaracReferral.objects.visible_to(user).filter(case=case).order_by("-referred_on", "-created_at"))


def heard_items_of_case(user: User, case: Case) -> list[AgendaItem]:
    """The case's heard agenda items ``user`` may see, with their meeting and area, latest first."""
    return list(
        AgendaItem.objects.visible_to(user)
        .heard()
        .filter(marac_referral__case=case)
        .select_related("meeting__area", "marac_referral")
        .order_by("-heard_at")
    )
