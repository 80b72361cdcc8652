"""A known fixture for the SafeLives return: 7 heard cases across two quarters (January to March and
April to June 2026), with the figures worked out by hand in ``EXPECTED_Q2`` / ``EXPECTED_Q1``.

Also in it, and never counted: an item listed but not heard, an item heard at a meeting late on
30 June UTC (1 July in London: the next quarter) and a cancelled meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from vawg.accounts.models import OrganisationType
from vawg.accounts.tests.factories import DistrictFactory, OrganisationFactory
from vawg.cases.tests.factories import CaseFactory
from vawg.core.dates import LONDON
from vawg.marac.models import (
    AdultFemalePopulation,
    AgendaItem,
    MaracArea,
    MaracMeeting,
    MaracReferralState,
    MeetingState,
)
from vawg.marac.tests.factories import AgendaItemFactory, MaracAreaFactory, MaracMeetingFactory, MaracReferralFactory
from vawg.people.tests.factories import PersonFactory

REFERRED_Q2 = date(2026, 5, 1)
REFERRED_Q1 = date(2026, 1, 20)


@dataclass
class ReturnFixture:
    area: MaracArea
    other_area: MaracArea
    meetings: dict[str, MaracMeeting]


def _meeting(area: MaracArea, when: datetime, state: str) -> MaracMeeting:
    meeting: MaracMeeting = MaracMeetingFactory(area=area, starts_at=when, current_state=state)
    return meeting


def heard_case(
    meeting: MaracMeeting,
    *,
    org_type: str,
    referred_on: date,
    repeat: bool = False,
    children: int | None = None,
    victim: dict[str, Any] | None = None,
    perpetrator: dict[str, Any] | None = None,
    agency_name: str | None = None,
    heard: bool = True,
) -> AgendaItem:
    referring = OrganisationFactory(type=org_type, **({"name": agency_name} if agency_name else {}))
    referral = MaracReferralFactory(
        area=meeting.area,
        case=CaseFactory(victim=PersonFactory(**(victim or {}))),
        referring_organisation=referring,
        is_repeat=repeat,
        children_in_household=children,
        perpetrator=PersonFactory(gender="male", **perpetrator) if perpetrator is not None else None,
        referred_on=referred_on,
        current_state=MaracReferralState.HEARD if heard else MaracReferralState.LISTED,
    )
    item: AgendaItem = AgendaItemFactory(
        meeting=meeting, marac_referral=referral, heard_at=meeting.starts_at if heard else None
    )
    return item


def build_return_fixture(*, coordinating: Any = None) -> ReturnFixture:
    d1, d2 = DistrictFactory(name="Fixture North"), DistrictFactory(name="Fixture South")
    area = MaracAreaFactory(
        name="Fixture MARAC", **({"coordinating_organisation": coordinating} if coordinating else {})
    )
    area.districts.set([d1, d2])
    AdultFemalePopulation.objects.create(district=d1, year=2021, women_16_plus=20_000, source="test")
    AdultFemalePopulation.objects.create(district=d1, year=2027, women_16_plus=99_999, source="test: too new")
    AdultFemalePopulation.objects.create(district=d2, year=2021, women_16_plus=4_000, source="test: older")
    AdultFemalePopulation.objects.create(district=d2, year=2024, women_16_plus=5_000, source="test")

    held, published = MeetingState.HELD, MeetingState.MINUTES_PUBLISHED
    meetings = {
        "feb": _meeting(area, datetime(2026, 2, 12, 10, tzinfo=LONDON), held),
        "may": _meeting(area, datetime(2026, 5, 14, 10, tzinfo=LONDON), published),
        "jun": _meeting(area, datetime(2026, 6, 11, 10, tzinfo=LONDON), held),
        "cancelled": _meeting(area, datetime(2026, 6, 25, 10, tzinfo=LONDON), MeetingState.CANCELLED),
        # 23:30 UTC on 30 June is 00:30 on 1 July in London: the next quarter.
        "july": _meeting(area, datetime(2026, 6, 30, 23, 30, tzinfo=UTC), held),
    }
    kind = OrganisationType
    may, jun = meetings["may"], meetings["jun"]
    # April to June 2026: five cases.
    heard_case(
        may,
        org_type=kind.POLICE,
        referred_on=REFERRED_Q2,
        children=2,
        victim={"ethnicity": "asian"},
        perpetrator={"date_of_birth": date(2008, 6, 1)},  # 17 on the referral date
    )
    heard_case(
        may,
        org_type=kind.SPECIALIST_SERVICE,
        referred_on=REFERRED_Q2,
        repeat=True,
        victim={"gender": "male", "disability": "yes"},
    )
    heard_case(
        jun,
        org_type=kind.GP,
        referred_on=REFERRED_Q2,
        repeat=True,
        children=3,
        victim={"sexual_orientation": "bisexual", "date_of_birth": date(2010, 4, 30)},  # 16
    )
    heard_case(
        jun,
        org_type=kind.DISTRICT_COUNCIL,
        referred_on=REFERRED_Q2,
        children=0,
        victim={"trans_status": "different", "ethnicity": "white"},
        perpetrator={"date_of_birth": date(2008, 5, 1)},  # 18 on the referral date
    )
    heard_case(
        jun,
        org_type=kind.EDUCATION,
        referred_on=REFERRED_Q2,
        children=1,
        victim={"date_of_birth": date(2008, 5, 2), "ethnicity": "prefer-not-to-say"},  # 17: 18 the next day
    )
    # January to March 2026: two cases.
    heard_case(
        meetings["feb"],
        org_type=kind.POLICE,
        referred_on=REFERRED_Q1,
        repeat=True,
        children=4,
        victim={"ethnicity": "black"},
    )
    heard_case(meetings["feb"], org_type=kind.POLICE, referred_on=REFERRED_Q1)
    # Never counted in April to June: listed but not heard; heard on 1 July (London).
    heard_case(jun, org_type=kind.POLICE, referred_on=REFERRED_Q2, heard=False)
    heard_case(meetings["july"], org_type=kind.POLICE, referred_on=REFERRED_Q2, children=9)
    # Another area's case: counted only for all areas.
    other_area = MaracAreaFactory(name="Other MARAC")
    other = _meeting(other_area, datetime(2026, 5, 20, 10, tzinfo=LONDON), held)
    heard_case(other, org_type=kind.PROBATION, referred_on=REFERRED_Q2, children=5)
    return ReturnFixture(area=area, other_area=other_area, meetings=meetings)


EXPECTED_Q2: dict[str, object] = {
    "from": "2026-04-01",
    "to": "2026-06-30",
    "meeting_dates": ["2026-05-14", "2026-06-11"],
    "cases_discussed": 5,
    "repeat_cases": 2,
    "referrals_by_agency": {
        "police": 1,
        "idva": 1,
        "health": 1,
        "children_social_care": 0,
        "housing": 1,
        "adult_social_care": 0,
        "probation": 0,
        "other": 1,
    },
    "children_in_households": 6,
    "victim_bame_or_racially_minoritised": 1,
    "victim_lgbtq": 2,
    "victim_disabled": 1,
    "victim_male": 1,
    "victim_aged_16_17": 2,
    "perpetrators_aged_17_or_under": 1,
    # 5 / (20,000 + 5,000) x 10,000
    "cases_per_10k_adult_women": 2.0,
}

DOMAIN_DOC = Path(__file__).resolve().parents[3] / "docs" / "domain" / "marac.md"
_FIELD_ROW = re.compile(r"^\s*\|.*\| `(\w+)` \|\s*$")


def documented_return_fields() -> set[str]:
    """The platform field names in docs/domain/marac.md's table "The quarterly return"."""
    text = DOMAIN_DOC.read_text(encoding="utf-8")
    section = text[text.index("## The quarterly return") :]
    section = section[: section.index("\n## ", 1)]
    return {match.group(1) for line in section.splitlines() if (match := _FIELD_ROW.match(line))}


EXPECTED_Q1: dict[str, object] = {
    "from": "2026-01-01",
    "to": "2026-03-31",
    "meeting_dates": ["2026-02-12"],
    "cases_discussed": 2,
    "repeat_cases": 1,
    "referrals_by_agency": {
        "police": 2,
        "idva": 0,
        "health": 0,
        "children_social_care": 0,
        "housing": 0,
        "adult_social_care": 0,
        "probation": 0,
        "other": 0,
    },
    "children_in_households": 4,
    "victim_bame_or_racially_minoritised": 1,
    "victim_lgbtq": 0,
    "victim_disabled": 0,
    "victim_male": 0,
    "victim_aged_16_17": 0,
    "perpetrators_aged_17_or_under": 0,
    "cases_per_10k_adult_women": 0.8,
}
