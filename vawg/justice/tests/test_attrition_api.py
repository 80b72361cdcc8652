"""``GET /api/v1/justice/attrition``: exact figures for a period, its invariants, and clear 422s."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.api.services import api_token_create
from vawg.intelligence.models import CourtResult, PoliceIncident
from vawg.intelligence.tests.factories import PoliceImportFactory, PoliceIncidentFactory
from vawg.justice.config.outcomes import OUTCOMES
from vawg.justice.tests.test_attrition_rules import hand_counted
from vawg.justice.tests.test_attrition_selectors import store

URL = "/api/v1/justice/attrition"


def _token(role: Role, agencies: Any) -> dict[str, str]:
    user = user_with_role(role, agencies.c)
    token = api_token_create(user=user, name="tests", by=user)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def analyst(agencies: Any) -> dict[str, str]:
    return _token(Role.ANALYST, agencies)


def _get(headers: dict[str, str], **params: str) -> Any:
    return Client().get(URL, params, **headers)


@pytest.mark.django_db
def test_it_returns_the_exact_funnel_of_the_hand_counted_fixture(analyst: dict[str, str]) -> None:
    store(hand_counted())
    response = _get(analyst, **{"from": "2025-01-01", "to": "2025-06-30"})
    assert response.status_code == 200
    body = response.json()
    assert (body["incidents"], body["crimes"], body["charged"], body["convicted"]) == (13, 11, 3, 1)
    assert (body["suspect_identified"], body["crimes_with_outcome"]) == (8, 10)
    assert (body["victim_does_not_support"], body["evidential_difficulties_victim_supports"], body["no_suspect"]) == (
        3, 1, 1,
    )  # fmt: skip
    assert set(body["by_outcome"]) == set(OUTCOMES)
    assert (body["by_outcome"]["1"], body["by_outcome"]["16"], body["by_outcome"]["2"]) == (3, 2, 0)
    assert (body["from"], body["to"]) == ("2025-01-01", "2025-06-30")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"to": "2025-01-01"}, "from", "first day"),
        ({"from": "2025-01-01"}, "to", "last day"),
        ({"from": "2025-02-01", "to": "2025-01-01"}, "to", "after from"),
        ({"from": "2025-01-01", "to": "9999-12-31"}, "to", ""),
        ({"from": "01/01/2025", "to": "2025-02-01"}, "from", "YYYY-MM-DD"),
        ({"from": "2025-02-30", "to": "2025-03-01"}, "from", "real date"),
    ],
)
def test_it_refuses_bad_dates_with_a_clear_422(
    analyst: dict[str, str], params: dict[str, str], field: str, message: str
) -> None:
    response = _get(analyst, **params)
    assert response.status_code == 422
    (error,) = [e for e in response.json()["errors"] if e["field"].endswith(field)]
    assert message in error["message"]


@pytest.mark.django_db
def test_it_counts_the_last_full_calendar_year_without_dates(analyst: dict[str, str]) -> None:
    PoliceIncidentFactory(occurred_on=date(timezone.localdate().year - 1, 12, 31), outcome_code="1")
    PoliceIncidentFactory(occurred_on=date(timezone.localdate().year, 1, 1), outcome_code="1")
    body = _get(analyst).json()
    assert (body["from"], body["incidents"], body["charged"]) == (f"{timezone.localdate().year - 1}-01-01", 1, 1)


@pytest.mark.django_db
def test_it_refuses_a_user_without_the_permission(agencies: Any) -> None:
    response = _get(_token(Role.IDVA, agencies), **{"from": "2025-01-01", "to": "2025-06-30"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_it_returns_no_person_and_no_incident(analyst: dict[str, str]) -> None:
    incident = PoliceIncidentFactory(occurred_on=date(2025, 3, 1), outcome_code="1")
    text = _get(analyst, **{"from": "2025-01-01", "to": "2025-06-30"}).content.decode()
    assert incident.incident_id not in text and str(incident.pk) not in text
    assert incident.victim.family_name not in text


outcome = st.sampled_from(["", "1", "14", "15", "16", "18", "21", "22"])


class TestInvariants(TestCase):
    """Hypothesis over generated incidents stored and read through the API (a few examples: each stores rows)."""

    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.tuples(st.booleans(), outcome, st.sampled_from(["", *CourtResult.values]), st.integers(0, 300)),
            max_size=12,
        )
    )
    def test_it_keeps_the_invariants(self, rows: list[tuple[bool, str, str, int]]) -> None:
        PoliceIncident.objects.all().delete()
        police = PoliceImportFactory(organisation=OrganisationFactory())
        start = date(2025, 1, 1)
        for is_crime, code, result, days in rows:
            code = code if is_crime else ""
            PoliceIncidentFactory(
                first_import=police,
                occurred_on=start + timedelta(days=days),
                offence_code="105A" if is_crime else "NC",
                is_crime=is_crime,
                outcome_code=code,
                court_result=result if code == "1" else "",
            )
        user = user_with_role(Role.ANALYST, OrganisationFactory())
        token = api_token_create(user=user, name="tests", by=user)[1]
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        body = Client().get(URL, {"from": "2025-01-01", "to": "2025-12-31"}, **headers).json()
        assert body["incidents"] == len(rows)
        assert body["incidents"] >= body["crimes"] >= body["suspect_identified"] >= body["charged"] >= body["convicted"]
        assert sum(body["by_outcome"].values()) == body["crimes_with_outcome"]
        assert sum(body["court_results"].values()) == body["charged"]
