"""The attrition funnel counted in the database (vawg/justice/selectors/attrition.py), against the rules'
hand-counted fixture stored as police incidents of two forces."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vawg.accounts.models import OrganisationType
from vawg.accounts.tests.factories import DistrictFactory, OrganisationFactory
from vawg.intelligence.tests.factories import PoliceImportFactory, PoliceIncidentFactory
from vawg.justice.rules.attrition import Incident
from vawg.justice.selectors import attrition_for, quarters
from vawg.justice.tests.test_attrition_rules import hand_counted

pytestmark = pytest.mark.django_db

START, END = date(2025, 1, 1), date(2025, 6, 30)
OFFENCE = {"domestic-abuse": "105A", "sexual-violence": "19C"}


def store(incidents: list[Incident]) -> dict[str, Any]:
    """The incidents as police incidents, alternately of two forces; their districts by name."""
    districts = {name: DistrictFactory(name=name, slug=name.lower()) for name in ("North", "South")}
    imports = [PoliceImportFactory(organisation=OrganisationFactory(type=OrganisationType.POLICE)) for _ in range(2)]
    for number, incident in enumerate(incidents):
        PoliceIncidentFactory(
            first_import=imports[number % 2],
            occurred_on=incident.occurred_on,
            offence_code=OFFENCE[incident.form] if incident.is_crime else "NC",
            is_crime=incident.is_crime,
            outcome_code=incident.outcome_code,
            outcome_date=incident.outcome_date,
            court_result=incident.court_result,
            district=districts.get(incident.district),
        )
    return districts


def test_it_counts_every_force_s_incidents_in_the_period() -> None:
    store(hand_counted())
    PoliceIncidentFactory(occurred_on=date(2024, 12, 31), outcome_code="1")  # before the period
    PoliceIncidentFactory(occurred_on=date(2025, 7, 1), outcome_code="1")  # after it
    result = attrition_for(START, END)
    f = result.figures
    assert (f.incidents, f.crimes, f.with_outcome, f.suspect_identified, f.charged, f.convicted) == (
        13, 11, 10, 8, 3, 1,
    )  # fmt: skip
    assert (f.victim_does_not_support, f.victim_supports, f.no_suspect, f.outcome_21, f.outcome_22) == (3, 1, 1, 1, 1)
    assert sum(f.by_outcome.values()) == f.with_outcome


def test_it_breaks_the_funnel_down_by_district_form_and_quarter() -> None:
    store(hand_counted())
    result = attrition_for(START, END)
    district = {row.label: row.figures for row in result.by_district}
    assert (district["North"].incidents, district["North"].charged, district["South"].incidents) == (7, 3, 6)
    assert sum(row.figures.incidents for row in result.by_district) == 13
    form = {row.key: row.figures for row in result.by_form}
    # Sexual violence: the 14 and the 15 in the North, the 21 in the South.
    assert (form["sexual-violence"].crimes, form["domestic-abuse"].incidents, form["stalking"].incidents) == (3, 10, 0)
    quarter = {row.label: row.figures for row in result.by_quarter}
    assert list(quarter) == ["2025 Q1", "2025 Q2"]
    assert (quarter["2025 Q1"].incidents, quarter["2025 Q2"].incidents) == (7, 6)
    assert (quarter["2025 Q1"].charged, quarter["2025 Q1"].convicted) == (2, 1)


def test_it_filters_by_district_and_form() -> None:
    districts = store(hand_counted())
    north = attrition_for(START, END, district=districts["North"])
    assert (north.figures.incidents, [row.label for row in north.by_district]) == (7, ["North"])
    sexual = attrition_for(START, END, form="sexual-violence")
    assert (sexual.figures.crimes, sexual.figures.victim_supports, sexual.figures.outcome_21) == (3, 1, 1)


def test_it_takes_the_median_days_to_outcome_over_dated_outcomes() -> None:
    store(hand_counted())
    result = attrition_for(START, END)
    # Ten outcomes, each dated 40 days after the incident but the 16 in the North (no date).
    assert (result.days_known, result.median_days) == (10 - 1, 40)


def test_it_counts_in_a_few_queries_that_the_query_log_can_print() -> None:
    store(hand_counted())
    with CaptureQueriesContext(connection) as captured:  # the log formats each query with its parameters
        result = attrition_for(START, END)
    assert [row.label for row in result.by_quarter] == ["2025 Q1", "2025 Q2"]
    assert len(captured.captured_queries) <= 3


def test_it_lists_the_quarters_a_period_touches() -> None:
    assert quarters(date(2024, 11, 5), date(2025, 4, 1)) == [(2024, 4), (2025, 1), (2025, 2)]
    assert quarters(date(2025, 3, 1), date(2025, 3, 1)) == [(2025, 1)]
