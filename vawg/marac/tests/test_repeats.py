"""The repeat rule (docs/domain/marac.md#the-repeat-rule): the pure rule, incidents returning a case to
the queue, and the flag."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case
from vawg.cases.tests.factories import CaseAgencyFactory, CaseFactory
from vawg.marac.models import MaracArea, MaracReferral, MaracReferralSource, MaracReferralState
from vawg.marac.presenters.person_flags import FLAG_TEXT, marac_person_flags
from vawg.marac.rules.referrals import is_repeat
from vawg.marac.tests.factories import MaracAreaFactory, MaracReferralFactory
from vawg.referrals.tests.factories import referral_routed_to
from vawg.risk.models import IncidentKind
from vawg.risk.services import incident_record

ON = date(2026, 3, 3)


@pytest.mark.parametrize(
    ("last", "incident", "window", "expected"),
    [
        (None, ON, 365, False),
        (ON, ON, 365, True),
        (ON, ON + timedelta(days=1), 365, True),
        (ON, ON + timedelta(days=365), 365, True),
        (ON, ON + timedelta(days=366), 365, False),
        (ON, ON - timedelta(days=1), 365, False),
        (ON, ON + timedelta(days=30), 30, True),
        (ON, ON + timedelta(days=31), 30, False),
    ],
)
def test_it_reads_the_repeat_window_inclusively(last: date | None, incident: date, window: int, expected: bool) -> None:
    assert is_repeat(last, incident, window) is expected


def test_it_refuses_an_empty_window() -> None:
    with pytest.raises(ValueError, match="1 day or more"):
        is_repeat(ON, ON, 0)


@given(
    last=st.dates(min_value=date(2009, 1, 1), max_value=date(2040, 1, 1)),
    days=st.integers(min_value=-800, max_value=800),
    window=st.integers(min_value=1, max_value=800),
)
def test_it_is_a_repeat_exactly_when_the_gap_is_within_the_window(last: date, days: int, window: int) -> None:
    assert is_repeat(last, last + timedelta(days=days), window) is (0 <= days <= window)


@pytest.fixture
def area(agencies: Any) -> MaracArea:
    return MaracAreaFactory(name="Hertfordshire MARAC", coordinating_organisation=agencies.county)


@pytest.fixture
def case(agencies: Any) -> Case:
    return CaseFactory(owning_organisation=agencies.a)


def incident(case: Case, by: User, on: date, organisation: Any) -> Any:
    return incident_record(
        case=case, by=by, occurred_on=on, reported_by_organisation=organisation, kind=IncidentKind.PHYSICAL
    )


def heard_referral(case: Case, area: MaracArea, on: date) -> MaracReferral:
    return MaracReferralFactory(case=case, area=area, referred_on=on, current_state=MaracReferralState.HEARD)


@pytest.mark.parametrize(("days_later", "queued"), [(0, True), (200, True), (365, True), (366, False)])
def test_it_returns_a_case_to_the_queue_on_an_incident_within_12_months(
    area: MaracArea, case: Case, idva_a: User, agencies: Any, days_later: int, queued: bool
) -> None:
    last = heard_referral(case, area, ON)
    new = incident(case, idva_a, ON + timedelta(days=days_later), agencies.a)
    repeats = MaracReferral.objects.filter(source=MaracReferralSource.INCIDENT_REPEAT)
    assert repeats.count() == (1 if queued else 0)
    if queued:
        repeat = repeats.get()
        assert (repeat.case, repeat.area, repeat.current_state) == (case, area, MaracReferralState.QUEUED)
        assert repeat.criteria == ["repeat"] and repeat.is_repeat and repeat.repeat_of == last
        assert repeat.incident == new
        assert repeat.evidence["incident_id"] == str(new.pk)
        assert repeat.evidence["days_since"] == days_later
        assert repeat.referring_organisation == agencies.a


def test_it_counts_an_incident_from_any_agency_on_any_case_of_the_victim(
    area: MaracArea, case: Case, police_b: User, agencies: Any
) -> None:
    heard_referral(case, area, ON)
    # Police hold their own case for the same victim; agency A's case was the one referred.
    police_case = CaseFactory(victim=case.victim, owning_organisation=agencies.b)
    incident(police_case, police_b, ON + timedelta(days=100), agencies.b)
    repeat = MaracReferral.objects.get(source=MaracReferralSource.INCIDENT_REPEAT)
    assert repeat.case == police_case
    assert repeat.referring_organisation == agencies.b
    assert repeat.referred_by == police_b


def test_it_queues_a_repeat_even_below_every_threshold(
    area: MaracArea, case: Case, idva_a: User, agencies: Any
) -> None:
    heard_referral(case, area, ON)
    # One incident, no DASH at all: below every threshold, still a repeat.
    incident(case, idva_a, ON + timedelta(days=10), agencies.c)
    assert MaracReferral.objects.queued().filter(case=case, is_repeat=True).count() == 1


def test_it_ignores_a_withdrawn_referral_and_incidents_before_the_referral(
    area: MaracArea, case: Case, idva_a: User, agencies: Any
) -> None:
    MaracReferralFactory(case=case, area=area, referred_on=ON, current_state=MaracReferralState.WITHDRAWN)
    incident(case, idva_a, ON + timedelta(days=5), agencies.a)
    heard_referral(case, area, ON + timedelta(days=20))
    incident(case, idva_a, ON + timedelta(days=10), agencies.a)  # before the heard referral: not a repeat of it
    assert not MaracReferral.objects.filter(source=MaracReferralSource.INCIDENT_REPEAT).exists()


def test_it_only_notes_the_incident_when_a_referral_is_already_open(
    area: MaracArea, case: Case, idva_a: User, agencies: Any
) -> None:
    open_referral = MaracReferralFactory(case=case, area=area, referred_on=ON, current_state=MaracReferralState.LISTED)
    new = incident(case, idva_a, ON + timedelta(days=3), agencies.a)
    assert MaracReferral.objects.filter(case=case).count() == 1
    entry = AuditEntry.objects.get(action="marac.repeat_incident.note")
    assert entry.details["incident_id"] == str(new.pk)
    assert entry.details["open_referral_id"] == str(open_referral.pk)


# The flag ----------------------------------------------------------------------------------------------


def test_it_flags_a_victim_referred_in_the_last_12_months_in_one_query(
    area: MaracArea, case: Case, django_assert_num_queries: Any
) -> None:
    with time_machine.travel(date(2026, 11, 27), tick=False):
        MaracReferralFactory(case=case, area=area, referred_on=date(2026, 3, 3))
        others = [CaseFactory().victim_id for _ in range(3)]
        with django_assert_num_queries(1):
            flags = marac_person_flags([case.victim_id, *others])
    assert list(flags) == [case.victim_id]
    flag = flags[case.victim_id][0]
    assert flag.text == FLAG_TEXT
    assert flag.hint == "Referred on 3 March 2026: a new incident is a repeat"


@pytest.mark.parametrize(("today", "flagged"), [(date(2027, 3, 3), True), (date(2027, 3, 4), False)])
def test_it_drops_the_flag_after_12_months(area: MaracArea, case: Case, today: date, flagged: bool) -> None:
    MaracReferralFactory(case=case, area=area, referred_on=ON)
    with time_machine.travel(today, tick=False):
        assert (case.victim_id in marac_person_flags([case.victim_id])) is flagged


def test_it_does_not_flag_a_withdrawn_referral(area: MaracArea, case: Case) -> None:
    MaracReferralFactory(case=case, area=area, current_state=MaracReferralState.WITHDRAWN)
    assert marac_person_flags([case.victim_id]) == {}


def test_it_shows_the_flag_on_the_case_page_list_and_referral_page(
    area: MaracArea, case: Case, idva_a: User, police_b: User, agencies: Any, signed_in: Any
) -> None:
    referral = MaracReferralFactory(case=case, area=area, referred_on=timezone.localdate() - timedelta(days=30))
    # Police can see the case through a link, but not the MARAC referral itself (not their referral).
    CaseAgencyFactory(case=case, organisation=agencies.b)
    front_door = referral_routed_to(agencies.b, subject=case.victim)
    client = signed_in(police_b)
    for url in ("/cases/", f"/cases/{case.pk}/", f"/referrals/{front_door.pk}/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert FLAG_TEXT in page.content.decode(), url
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    # The flag says only that and when: no meeting, no area, no reference of the MARAC referral.
    assert referral.reference not in detail
    assert area.name not in detail


def test_it_shows_no_flag_after_12_months_on_the_case_page(
    area: MaracArea, case: Case, idva_a: User, signed_in: Any
) -> None:
    MaracReferralFactory(case=case, area=area, referred_on=timezone.localdate() - timedelta(days=366))
    page = signed_in(idva_a).get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    assert FLAG_TEXT not in page.content.decode()
