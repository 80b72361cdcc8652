"""The MARAC section of the case page (registered in vawg.cases.hooks.CASE_PAGE_SECTIONS by MaracConfig.ready()).

It shows only the case's MARAC referrals the user may see through the MARAC gate (the referring
agency, the area's coordinators, agencies at a published meeting it is listed at), the meetings
that heard them, and a link to refer the case for those who take part in MARAC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from vawg.accounts.models import User
from vawg.cases.models import Case
from vawg.core.presenters import Tag
from vawg.marac.models import TAKE_PART, Criterion
from vawg.marac.selectors.referrals import heard_items_of_case, marac_referrals_of_case

CRITERION_LABELS = dict(Criterion.choices)
URGENT = Tag("Urgent", "red")
REPEAT = Tag("Repeat", "orange")


@dataclass(frozen=True)
class ReferralRow:
    reference: str
    referred_on: date
    state: str
    criteria: list[str]
    is_repeat: bool
    urgent: bool

    @property
    def urgent_tag(self) -> Tag | None:
        return URGENT if self.urgent else None

    @property
    def repeat_tag(self) -> Tag | None:
        return REPEAT if self.is_repeat else None


@dataclass(frozen=True)
class HeardRow:
    reference: str
    meeting: str
    heard_on: date | None


def criteria_labels(criteria: list[str]) -> list[str]:
    return [CRITERION_LABELS.get(criterion, criterion) for criterion in criteria]


def case_page_section(case: Case, user: User) -> tuple[str, dict[str, Any]] | None:
    may_refer = bool(user.has_perm(TAKE_PART))
    referrals = marac_referrals_of_case(user, case)
    heard = heard_items_of_case(user, case)
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
