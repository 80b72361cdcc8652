"""The Part 4 return from a small fixture whose figures are worked out by hand, and its boundaries: a placement
starting on 31 March or ending on 1 April, a request closed at 23:30 on 31 March (London time), a unit
closing on 31 March."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vawg.accounts.models import District
from vawg.accounts.tests.factories import DistrictFactory
from vawg.cases.tests.factories import CaseFactory
from vawg.provision.config import AccommodationType, RequestState, ReservationState
from vawg.provision.models import RequestStateChange, ReservationStateChange, Unit
from vawg.provision.selectors.part4 import FinancialYear, last_full_year, part4_return
from vawg.provision.tests.factories import (
    AccommodationRequestFactory,
    PlacementFactory,
    ReservationFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
YEAR = FinancialYear(2025)  # 1 April 2025 to 31 March 2026


@dataclass
class Fixture:
    north: District
    south: District
    units: dict[str, Unit]


def _at(when: datetime, make: Any) -> Any:
    with time_machine.travel(when, tick=False):
        return make()


def _placement(unit: Unit, started: date, ended: date | None = None, **fields: Any) -> None:
    request_fields = {
        key: fields.pop(key)
        for key in ("survivor_gender", "survivor_age", "specialist_characteristics")
        if key in fields
    }
    victim = fields.pop("ethnicity", "")
    request = AccommodationRequestFactory(**request_fields)
    if victim:
        request.case.victim.ethnicity = victim
        request.case.victim.save()
    PlacementFactory(request=request, unit=unit, started_on=started, ended_on=ended, **fields)


def _closed(when: datetime, reason: str, district: District | None, state: str = RequestState.CLOSED) -> None:
    request = AccommodationRequestFactory(case=CaseFactory(district=district))
    _at(when, lambda: RequestStateChange.objects.create(request=request, state=state, reason_code=reason))


def _declined(when: datetime, unit: Unit, state: str, reason: str) -> None:
    reservation = ReservationFactory(unit=unit, state=state)
    _at(when, lambda: ReservationStateChange.objects.create(reservation=reservation, state=state, reason_code=reason))


def build_part4_fixture() -> Fixture:
    """Two districts, five units, nine placements, six closures, three declines (figures below)."""
    north, south = DistrictFactory(name="Northbury"), DistrictFactory(name="Southwick")
    old = date(2020, 1, 1)
    units = {
        # Open on 31 March 2026: u1 (3), u3 (1), u5 (5, opened that day). u2 closes on 31 March: not open.
        # u4 opens after the year. Bedspaces: refuge 3 + 5 = 8, sanctuary 1; 9 in all. North 3, south 6.
        "u1": UnitFactory(accommodation_type=AccommodationType.REFUGE, district=north, bedspaces=3, opened_on=old),
        "u2": UnitFactory(
            accommodation_type=AccommodationType.DISPERSED,
            district=north,
            bedspaces=2,
            opened_on=old,
            closed_on=date(2026, 3, 31),
        ),
        "u3": UnitFactory(accommodation_type=AccommodationType.SANCTUARY, district=south, bedspaces=1, opened_on=old),
        "u4": UnitFactory(
            accommodation_type=AccommodationType.SECOND_STAGE, district=south, bedspaces=4, opened_on=date(2026, 4, 1)
        ),
        "u5": UnitFactory(
            accommodation_type=AccommodationType.REFUGE, district=south, bedspaces=5, opened_on=date(2026, 3, 31)
        ),
    }
    u1, u2, u3 = units["u1"], units["u2"], units["u3"]
    # p1: ended 31 March 2025, before the year: left out.
    _placement(u1, date(2024, 6, 1), date(2025, 3, 31), end_reason="other", move_on="other")
    # p2: ends on 1 April 2025: supported and ended. Woman, 30, two children, disabled and mental health.
    _placement(
        u1,
        date(2025, 3, 20),
        date(2025, 4, 1),
        end_reason="moved-on-planned",
        move_on="social-housing",
        children=2,
        survivor_age=30,
        specialist_characteristics=["disabled", "mental-health"],
        ethnicity="asian",
    )
    # p3: a man of 62 with another adult; returned to the person causing harm.
    _placement(
        u1,
        date(2025, 5, 1),
        date(2025, 12, 15),
        end_reason="returned-to-perpetrator",
        move_on="back-with-perpetrator",
        adults=2,
        survivor_gender="male",
        survivor_age=62,
    )
    # p4: starts on 31 March 2026, the last day: supported. Non-binary, 17, one child, young person.
    _placement(
        u1,
        date(2026, 3, 31),
        children=1,
        survivor_gender="non-binary",
        survivor_age=17,
        specialist_characteristics=["young-people"],
    )
    # p5: ends 2 April 2026, after the year: supported, not ended. Woman, 45, three children.
    _placement(
        u2,
        date(2025, 1, 10),
        date(2026, 4, 2),
        end_reason="no-longer-needed",
        move_on="own-home",
        children=3,
        survivor_age=45,
        specialist_characteristics=["black-minoritised"],
        ethnicity="black",
    )
    # p6: sanctuary scheme, ends on 31 March 2026. Woman, 50.
    _placement(
        u3, date(2025, 7, 1), date(2026, 3, 31), end_reason="no-longer-needed", move_on="own-home", survivor_age=50
    )
    # p7: starts 1 April 2026, after the year: left out.
    _placement(u3, date(2026, 4, 1), survivor_age=40)
    # p8: sanctuary scheme, evicted. Woman, 25, one child, LGBT+ and disabled.
    _placement(
        u3,
        date(2024, 4, 1),
        date(2025, 6, 30),
        end_reason="evicted",
        move_on="temporary-accommodation",
        children=1,
        survivor_age=25,
        specialist_characteristics=["lgbt-plus", "disabled"],
    )
    # p9: on a unit in the south, started and ended in 2023: left out.
    _placement(units["u4"], date(2023, 1, 1), date(2023, 2, 1), end_reason="other", move_on="not-known")

    # Closures. c1: 23:30 on 31 March 2025, London: the year before. c2: 23:30 on 31 March 2026, London (22:30
    # UTC): in. c3: 00:30 on 1 April 2026, London (23:30 UTC on 31 March): after. c4: 00:15 on 1 April 2025,
    # London (23:15 UTC on 31 March): in. c5: no reason recorded, no district: in. c6: withdrawn, not closed.
    _closed(datetime(2025, 3, 31, 23, 30, tzinfo=LONDON), "no-capacity", north)
    _closed(datetime(2026, 3, 31, 23, 30, tzinfo=LONDON), "no-capacity", south)
    _closed(datetime(2026, 4, 1, 0, 30, tzinfo=LONDON), "needs-not-met", south)
    _closed(datetime(2025, 4, 1, 0, 15, tzinfo=LONDON), "survivor-declined", north)
    _closed(datetime(2025, 10, 10, 12, tzinfo=LONDON), "", None)
    _closed(datetime(2025, 11, 11, 12, tzinfo=LONDON), "", north, state=RequestState.WITHDRAWN)

    # Declines: one by a provider and one by a survivor in the year, one by a provider before it.
    _declined(datetime(2025, 8, 1, 10, tzinfo=LONDON), units["u4"], ReservationState.PROVIDER_DECLINED, "no-capacity")
    _declined(datetime(2025, 9, 1, 10, tzinfo=LONDON), units["u4"], ReservationState.SURVIVOR_DECLINED, "location")
    _declined(datetime(2024, 12, 1, 10, tzinfo=LONDON), units["u4"], ReservationState.PROVIDER_DECLINED, "other")
    return Fixture(north=north, south=south, units=units)


# Households supported: p2, p3, p4, p5, p6, p8 = 6 (refuge p2 p3 p4; dispersed p5; sanctuary p6 p8).
# Ended in the year: p2, p3, p6, p8 = 4 (sanctuary p6 p8; other p2 p3).
# Children: 2 + 0 + 1 + 3 + 0 + 1 = 7. Adults: 1 + 2 + 1 + 1 + 1 + 1 = 7: women p2 p5 p6 p8 = 4, man p3 = 1,
# non-binary p4 = 1, and p3's other adult = 1 whose gender is not recorded.
# Not supported: c2, c4, c5 = 3 (no-capacity 1, survivor-declined 1, not recorded 1).
EXPECTED: dict[str, Any] = {
    "households_supported": 6,
    "households_supported_by_type": {
        "refuge": 3,
        "specialist-safe-accommodation": 0,
        "dispersed": 1,
        "second-stage": 0,
        "sanctuary-scheme": 2,
        "other": 0,
    },
    "unable_to_support": 3,
    "unable_to_support_by_reason": {
        "no-capacity": 1,
        "needs-not-met": 0,
        "not-eligible": 0,
        "survivor-declined": 1,
        "too-close-to-risk": 0,
        "referral-inappropriate": 0,
        "no-contact": 0,
        "other": 0,
        "not-recorded": 1,
    },
    "support_ended": 4,
    "support_ended_by_reason": {
        "no-longer-needed": 1,
        "moved-on-planned": 1,
        "moved-on-unplanned": 0,
        "evicted": 1,
        "returned-to-perpetrator": 1,
        "transferred": 0,
        "other": 0,
        "not-recorded": 0,
    },
    "support_ended_by_setting": {"sanctuary-scheme": 2, "other-accommodation": 2},
    "children_supported": 7,
    "individuals_supported": {
        "women": 4,
        "men": 1,
        "non-binary": 1,
        "adults-gender-not-recorded": 1,
        "children": 7,
    },
    "bedspaces": 9,
    "bedspaces_by_type": {
        "refuge": 8,
        "specialist-safe-accommodation": 0,
        "dispersed": 0,
        "second-stage": 0,
        "sanctuary-scheme": 1,
        "other": 0,
    },
}


def test_it_works_out_the_return_as_computed_by_hand() -> None:
    build_part4_fixture()

    figures = part4_return(YEAR).as_api()

    for name, expected in EXPECTED.items():
        assert figures[name] == expected, name
    assert figures["year"] == 2025
    assert (figures["from"], figures["to"]) == (date(2025, 4, 1), date(2026, 3, 31))


def test_it_counts_move_on_characteristics_ages_and_equality_as_computed_by_hand() -> None:
    build_part4_fixture()

    figures = part4_return(YEAR)

    moved = {code: n for code, n in figures.support_ended_by_move_on.items() if n}
    assert moved == {"social-housing": 1, "back-with-perpetrator": 1, "own-home": 1, "temporary-accommodation": 1}
    characteristics = {code: n for code, n in figures.specialist_characteristics.items() if n}
    assert characteristics == {
        "disabled": 2,
        "mental-health": 1,
        "young-people": 1,
        "black-minoritised": 1,
        "lgbt-plus": 1,
    }
    assert figures.survivors_with_no_characteristic == 2  # p3 and p6
    ages = {band: n for band, n in figures.survivor_age_bands.items() if n}
    assert ages == {"16-17": 1, "25-34": 2, "45-54": 2, "55-64": 1}
    ethnicity = {answer: n for answer, n in figures.protected_characteristics["ethnicity"].items() if n}
    assert ethnicity == {"asian": 1, "black": 1, "not-recorded": 4}
    assert {code: n for code, n in figures.provider_declines_by_reason.items() if n} == {"no-capacity": 1}
    assert {code: n for code, n in figures.survivor_declines_by_reason.items() if n} == {"location": 1}


def test_it_breaks_the_return_down_by_district_as_computed_by_hand() -> None:
    build_part4_fixture()

    rows = {row.district: row for row in part4_return(YEAR).districts}

    north, south, nowhere = rows["Northbury"], rows["Southwick"], rows[""]
    assert (north.households_supported, north.support_ended, north.unable_to_support, north.bedspaces) == (4, 2, 1, 3)
    assert (south.households_supported, south.support_ended, south.unable_to_support, south.bedspaces) == (2, 2, 1, 6)
    assert (nowhere.households_supported, nowhere.unable_to_support) == (0, 1)


def test_it_counts_the_boundaries_by_the_london_calendar() -> None:
    build_part4_fixture()

    before, after = part4_return(FinancialYear(2024)), part4_return(FinancialYear(2026))

    # 2024: p1 (ended 31 March 2025), p2 (started 20 March 2025), p5, p8 and p9 is 2023's; c1 closed then.
    assert before.households_supported == 4
    assert before.unable_to_support_by_reason["no-capacity"] == 1
    assert before.provider_declines_by_reason["other"] == 1
    # 2026: p4 (open), p5 (ended 2 April 2026), p7 (started 1 April 2026); c3 closed at 00:30 on 1 April.
    assert after.households_supported == 3
    assert after.unable_to_support_by_reason == {
        **dict.fromkeys(EXPECTED["unable_to_support_by_reason"], 0),
        "needs-not-met": 1,
    }
    assert after.bedspaces_by_type["second-stage"] == 4


def test_it_reads_the_return_in_a_few_queries(django_assert_max_num_queries: Any) -> None:
    build_part4_fixture()

    with django_assert_max_num_queries(5):
        part4_return(YEAR)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 3, 31), 2024),
        (date(2026, 4, 1), 2025),
        (date(2026, 12, 5), 2025),
        (date(2027, 1, 1), 2025),
    ],
)
def test_it_defaults_to_the_last_full_financial_year(today: date, year: int) -> None:
    assert last_full_year(today) == year
