"""The case list's filters, sort and pages, the search within them, and the CSV download (docs/case-list.md)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import Role, User
from vawg.accounts.testing import SignedIn
from vawg.accounts.tests.factories import DistrictFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case, ChronologyEntry, ChronologyKind, RiskLevel
from vawg.cases.tests.factories import (
    CaseAccessGrantFactory,
    CaseDenyEntryFactory,
    CaseFactory,
    CaseTeamMemberFactory,
    PersonFactory,
)
from vawg.marac.models import MaracReferralState
from vawg.marac.tests.factories import MaracReferralFactory
from vawg.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

LIST = reverse("cases:case_list")
EXPORT = reverse("cases:case_list_export")


def _contact(case: Case, *, days_ago: int, kind: str = ChronologyKind.CONTACT) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=days_ago)):
        ChronologyEntry.objects.create(case=case, kind=kind, summary="Phoned", created_by=case.created_by)


def _old_case(days_ago: int, **fields: Any) -> Case:
    with time_machine.travel(timezone.now() - timedelta(days=days_ago)):
        return CaseFactory(**fields)


def _references(response: Any) -> list[str]:
    return [row.case.reference for row in response.context["rows"]]


@pytest.fixture
def world(agencies: Agencies, idva_a: User) -> dict[str, Case]:
    """Cases around agency A's IDVA: what each filter should keep, plus cases she must never see."""
    north, south = DistrictFactory(name="North", slug="north"), DistrictFactory(name="South", slug="south")
    colleague = user_with_role(Role.IDVA, agencies.a)
    a = agencies.a
    cases = {
        "mine": _old_case(40, owning_organisation=a, current_risk_level=RiskLevel.HIGH, district=north),
        "opened": _old_case(3, owning_organisation=a, current_risk_level=RiskLevel.STANDARD, created_by=idva_a),
        "team": _old_case(20, owning_organisation=a, current_risk_level=RiskLevel.MEDIUM, district=south),
        "quiet": _old_case(30, owning_organisation=a, current_risk_level=RiskLevel.MEDIUM, district=north),
        "closed": _old_case(50, owning_organisation=a, current_status="closed"),
        "granted": _old_case(10, owning_organisation=agencies.b, current_risk_level=RiskLevel.HIGH),
        # Never on her list, whatever the filter:
        "restricted": _old_case(5, owning_organisation=a, current_risk_level=RiskLevel.HIGH, is_restricted=True),
        "denied": _old_case(5, owning_organisation=a, current_risk_level=RiskLevel.HIGH, district=north),
        "elsewhere": _old_case(5, owning_organisation=agencies.b, current_risk_level=RiskLevel.HIGH),
    }
    CaseTeamMemberFactory(case=cases["mine"], user=idva_a)
    CaseTeamMemberFactory(case=cases["team"], user=colleague)
    CaseTeamMemberFactory(case=cases["restricted"], user=colleague)
    CaseDenyEntryFactory(case=cases["denied"], user=idva_a)
    CaseAccessGrantFactory(case=cases["granted"], organisation=a)
    _contact(cases["mine"], days_ago=2)
    _contact(cases["team"], days_ago=15)
    _contact(cases["quiet"], days_ago=1, kind=ChronologyKind.NOTE)  # a note is not contact
    _contact(cases["denied"], days_ago=40)
    _contact(cases["restricted"], days_ago=40)
    for name in ("team", "denied", "restricted"):
        ReferralFactory(case=cases[name], subject=cases[name].victim, forms_of_abuse=["stalking", "harassment"])
    ReferralFactory(case=cases["quiet"], subject=cases["quiet"].victim, forms_of_abuse=["domestic-abuse"])
    for name in ("granted", "denied", "restricted"):
        MaracReferralFactory(case=cases[name], referred_on=timezone.localdate() - timedelta(days=100))
    MaracReferralFactory(case=cases["quiet"], referred_on=timezone.localdate() - timedelta(days=400))
    MaracReferralFactory(
        case=cases["mine"], referred_on=timezone.localdate(), current_state=MaracReferralState.WITHDRAWN
    )
    return cases


NEVER = {"restricted", "denied", "elsewhere"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"mine", "opened", "team", "quiet", "closed", "granted"}),
        ("whose=mine", {"mine", "opened"}),
        ("whose=team", {"mine", "team"}),
        ("whose=agency", {"mine", "opened", "team", "quiet", "closed"}),
        ("risk=high", {"mine", "granted"}),
        ("risk=high&risk=standard", {"mine", "opened", "granted"}),
        ("status=closed", {"closed"}),
        ("status=open&status=reopened", {"mine", "opened", "team", "quiet", "granted"}),
        ("district=north", {"mine", "quiet"}),
        ("abuse=stalking", {"team"}),
        ("abuse=domestic-abuse", {"quiet"}),
        ("marac=yes", {"granted"}),
        ("no_contact=yes", {"team", "quiet", "closed"}),
        ("whose=agency&risk=medium&no_contact=yes&district=north", {"quiet"}),
    ],
)
def test_it_narrows_the_list_to_the_filter(
    query: str, expected: set[str], world: dict[str, Case], idva_a: User, signed_in: SignedIn
) -> None:
    response = signed_in(idva_a).get(f"{LIST}?{query}")
    assert response.status_code == 200
    names = {name for name, case in world.items() if case.reference in _references(response)}
    assert names == expected
    assert not names & NEVER


def test_it_sorts_by_last_activity_newest_first(world: dict[str, Case], idva_a: User, signed_in: SignedIn) -> None:
    order = _references(signed_in(idva_a).get(LIST))
    # quiet: a note 1 day ago; mine: contact 2 days ago; opened 3 days ago; granted 10; team 15; closed 50
    assert order == [world[name].reference for name in ("quiet", "mine", "opened", "granted", "team", "closed")]


def test_it_sorts_by_risk_then_last_activity(world: dict[str, Case], idva_a: User, signed_in: SignedIn) -> None:
    order = _references(signed_in(idva_a).get(f"{LIST}?sort=risk"))
    assert order == [world[name].reference for name in ("mine", "granted", "quiet", "team", "opened", "closed")]


def test_it_shows_a_clear_error_for_a_bad_filter_and_lists_with_the_rest(
    world: dict[str, Case], idva_a: User, signed_in: SignedIn
) -> None:
    response = signed_in(idva_a).get(f"{LIST}?risk=catastrophic&risk=high&sort=name&page=zz")
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Risk level must be one of the options listed" in page
    assert "Sort by must be one of the options listed" in page
    assert set(_references(response)) == {world["mine"].reference, world["granted"].reference}


def test_it_keeps_the_filter_in_the_form_and_the_links(
    world: dict[str, Case], idva_a: User, signed_in: SignedIn
) -> None:
    page = signed_in(idva_a).get(f"{LIST}?risk=high&district=north").content.decode()
    assert 'value="high" checked' in page
    assert '<option value="north" selected>' in page
    assert f"{EXPORT}?risk=high&amp;district=north" in page
    assert f"{reverse('cases:case_search')}?risk=high&amp;district=north" in page


def test_it_pages_the_list_50_at_a_time(agencies: Agencies, idva_a: User, signed_in: SignedIn) -> None:
    CaseFactory.create_batch(51, owning_organisation=agencies.a, current_risk_level=RiskLevel.HIGH)
    CaseFactory(owning_organisation=agencies.a)
    client = signed_in(idva_a)
    first = client.get(f"{LIST}?risk=high")
    assert "Showing cases 1 to 50 of 51." in first.content.decode()
    assert 'href="?risk=high&amp;page=2"' in first.content.decode()
    second = client.get(f"{LIST}?risk=high&page=2")
    assert "Showing cases 51 to 51 of 51." in second.content.decode()
    assert not set(_references(first)) & set(_references(second))


@pytest.mark.parametrize("query", ["", "whose=team&risk=high&status=open&marac=yes&abuse=stalking&sort=risk"])
def test_it_costs_the_same_queries_for_10_cases_as_for_60(
    query: str, agencies: Agencies, idva_a: User, signed_in: SignedIn, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(idva_a)

    def add(count: int) -> None:
        for _ in range(count):
            case = CaseFactory(owning_organisation=agencies.a, current_risk_level=RiskLevel.HIGH)
            CaseTeamMemberFactory(case=case, user=idva_a)
            ReferralFactory(case=case, subject=case.victim, forms_of_abuse=["stalking"])
            MaracReferralFactory(case=case)

    add(10)
    client.get(f"{LIST}?{query}")  # warm up the session and the caches
    with CaptureQueriesContext(connection) as ten:
        client.get(f"{LIST}?{query}")
    add(50)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = client.get(f"{LIST}?{query}")
    assert len(response.context["rows"]) == 50
    assert len(ten.captured_queries) < 30


# Search within the filters -----------------------------------------------------------------------------


def test_it_searches_only_within_the_filters_without_a_name_in_the_url(
    agencies: Agencies, idva_a: User, signed_in: SignedIn
) -> None:
    high = CaseFactory(owning_organisation=agencies.a, victim=PersonFactory(family_name="Quillfeather"))
    high.current_risk_level = RiskLevel.HIGH
    Case.objects.filter(pk=high.pk).update(current_risk_level=RiskLevel.HIGH)
    low = CaseFactory(owning_organisation=agencies.a, victim=PersonFactory(family_name="Quillfeather"))
    client = signed_in(idva_a)
    url = f"{reverse('cases:case_search')}?risk=high"
    response = client.post(url, {"name": "Quillfeather"})
    assert _references(response) == [high.reference]
    assert "Quillfeather" not in response.request["QUERY_STRING"]
    assert low.reference in _references(client.post(reverse("cases:case_search"), {"name": "Quillfeather"}))


# The download ------------------------------------------------------------------------------------------


def _rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_it_refuses_the_download_to_those_without_the_permission(
    world: dict[str, Case], police_b: User, outsider_c: User, signed_in: SignedIn
) -> None:
    for user in (police_b, outsider_c):
        assert signed_in(user).get(EXPORT).status_code == 403
    assert not AuditEntry.objects.filter(action="cases.case_list.export").exists()


def test_it_offers_the_download_link_only_to_those_who_may(
    world: dict[str, Case], idva_a: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    social_worker = user_with_role(Role.SOCIAL_WORKER, agencies.a)
    assert "Download this list (CSV)" in signed_in(idva_a).get(LIST).content.decode()
    assert "Download this list (CSV)" not in signed_in(social_worker).get(LIST).content.decode()


def test_it_downloads_the_filtered_list_and_records_the_filter_and_count(
    world: dict[str, Case], idva_a: User, signed_in: SignedIn
) -> None:
    response = signed_in(idva_a).get(f"{EXPORT}?whose=agency&risk=medium&sort=risk")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[0] == [
        "Reference",
        "Status",
        "Risk level",
        "District",
        "Owning agency",
        "Last activity",
        "MARAC in the last 12 months",
        "No contact for 14 days or more",
    ]
    assert {row[0] for row in rows[1:]} == {world["team"].reference, world["quiet"].reference}
    quiet = next(row for row in rows if row[0] == world["quiet"].reference)
    assert quiet[1:5] == ["Open", "Medium", "North", "Agency A Domestic Abuse Service"]
    assert quiet[6:] == ["No", "Yes"]  # referred 400 days ago; no contact (a note is not contact)
    entry = AuditEntry.objects.get(action="cases.case_list.export")
    assert str(entry.actor_id) == str(idva_a.pk)
    assert entry.details == {"filter": {"whose": ["agency"], "risk": ["medium"], "sort": ["risk"]}, "rows": 2}


def test_it_shows_marac_and_contact_columns(world: dict[str, Case], idva_a: User, signed_in: SignedIn) -> None:
    rows = {row[0]: row for row in _rows(signed_in(idva_a).get(EXPORT))}
    assert rows[world["granted"].reference][6:] == ["Yes", "No"]  # opened 10 days ago: not yet 14 without contact
    assert rows[world["team"].reference][6:] == ["No", "Yes"]  # last contact 15 days ago
    assert rows[world["mine"].reference][6:] == ["No", "No"]  # the withdrawn referral does not count
    assert world["denied"].reference not in rows
    assert world["restricted"].reference not in rows


def test_it_never_puts_a_name_address_or_contact_detail_in_the_download(
    agencies: Agencies, idva_a: User, signed_in: SignedIn
) -> None:
    victim = PersonFactory(
        given_name="Canarygiven",
        family_name="Canaryfamily",
        address="1 Canary Wharf Lane",
        postcode="ZZ1 1ZZ",
        phone="07700 900123",
        email="canary@example.invalid",
    )
    case = CaseFactory(owning_organisation=agencies.a, victim=victim)
    content = signed_in(idva_a).get(EXPORT).content.decode("utf-8-sig")
    assert case.reference in content
    for canary in ("Canary", "ZZ1 1ZZ", "07700 900123", "example.invalid"):
        assert canary not in content


def test_it_makes_every_cell_safe_from_formulas(agencies: Agencies, idva_a: User, signed_in: SignedIn) -> None:
    agencies.a.name = '=HYPERLINK("http://evil.invalid")'
    agencies.a.save()
    CaseFactory(owning_organisation=agencies.a)
    rows = _rows(signed_in(idva_a).get(EXPORT))
    assert rows[1][4] == '\'=HYPERLINK("http://evil.invalid")'


def test_it_sends_a_bad_filter_back_to_the_list_and_records_nothing(
    world: dict[str, Case], idva_a: User, signed_in: SignedIn
) -> None:
    response = signed_in(idva_a).get(f"{EXPORT}?risk=catastrophic")
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?risk=catastrophic"
    assert not AuditEntry.objects.filter(action="cases.case_list.export").exists()
