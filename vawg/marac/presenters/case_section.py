"""The MARAC section of the case page (registered in vawg.cases.hooks.CASE_PAGE_SECTIONS).

It shows only the case's MARAC referrals the user may see through the MARAC gate (the referring
agency, the area's coordinators, agencies at a published meeting it is listed at), the meetings
that heard them, and a link to refer the case for those who take part in MARAC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from vawg.cases.models import Case
from vawg.marac.models import TAKE_PART, AgendaItem, Criterion, MaracReferral

CRITERION_LABELS = dict(Criterion.choices)


@dataclass(frozen=True)
class ReferralRow:
    reference: str
    referred_on: date
    state: str
    criteria: list[str]
    is_repeat: bool
    urgent: bool


@dataclass(frozen=True)
class HeardRow:
    reference: str
    meeting: str
    heard_on: date | None


def criteria_labels(criteria: list[str]) -> list[str]:
    return [CRITERION_LABELS.get(criterion, criterion) for criterion in criteria]


def case_page_section(case: Case, user: Any) -> tuple[str, dict[str, Any]] | None:
    may_refer = bool(user.has_perm(TAKE_PART))
    referrals = list(MaracReferral.objects.visible_to(user).filter(case=case).order_by("-referred_on", "-created_at"))
    heard = list(
        AgendaItem.objects.visible_to(user)
        .heard()
        .filter(marac_referral__case=case)
        .select_related("meeting__area", "marac_referral")
        .order_by("-heard_at")
    )
    if not (referrals or heard or may_refer):
        return None
    rows = [
        ReferralRow(
            reference=referral.reference,
            referred_on=referral.referred_on,
            state=referral.get_current_state_display(),
            criteria=criteria_labels(referral.criteria),
            is_repeat=referral.is_repeat,
            urgent=referral.urgent,
        )
        for referral in referrals
    ]
    heard_rows = [
        HeardRow(
            reference=item.marac_referral.reference,
            meeting=item.meeting.area.name,
            heard_on=item.heard_at.date() if item.heard_at else None,
        )
        for item in heard
    ]
    return "marac/case_section.html", {"case": case, "referrals": rows, "heard": heard_rows, "may_refer": may_refer}
