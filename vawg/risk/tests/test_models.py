"""Model rules for stored risk records: validation, immutability and encryption at rest."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vawg.accounts.models import User
from vawg.cases.tests.factories import CaseFactory
from vawg.risk.models import DashAssessment, Incident, IncidentKind, PoliceRiskGrade, PoliceTool

ON = date(2026, 6, 1)


def grade(case: Any, by: User, **fields: Any) -> PoliceRiskGrade:
    return PoliceRiskGrade(
        case=case,
        grade="high",
        reported_by_organisation=case.owning_organisation,
        reported_on=ON,
        recorded_by=by,
        **fields,
    )


def test_it_refuses_a_score_on_any_police_grade_but_a_police_dash(agencies: Any, idva_a: User) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    for tool in (PoliceTool.DARA, PoliceTool.OTHER):
        with pytest.raises(ValidationError) as error:
            grade(case, idva_a, tool=tool, score=10).full_clean()
        assert "score" in error.value.message_dict
        grade(case, idva_a, tool=tool).full_clean()
    grade(case, idva_a, tool=PoliceTool.POLICE_DASH, score=10).full_clean()
    with pytest.raises(ValidationError):
        grade(case, idva_a, tool=PoliceTool.POLICE_DASH, score=28).full_clean()


@pytest.mark.parametrize(
    "answers",
    [
        {str(n): "no" for n in range(1, 24)},  # one missing
        {**{str(n): "no" for n in range(1, 25)}, "25": "no"},  # one too many
        {**{str(n): "no" for n in range(1, 25)}, "7": "maybe"},  # not an answer
        [],
    ],
)
def test_it_refuses_an_assessment_without_exactly_24_answers(agencies: Any, idva_a: User, answers: Any) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    assessment = DashAssessment(
        case=case,
        assessed_by=idva_a,
        assessing_organisation=agencies.a,
        assessment_date=ON,
        answers=answers,
        score=0,
        level="standard",
        thresholds_version="herts-default-2026-1",
    )
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert "answers" in error.value.message_dict


def test_it_keeps_incidents_immutable_and_their_summary_encrypted(agencies: Any, idva_a: User) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    incident = Incident(
        case=case,
        occurred_on=ON,
        reported_by_organisation=agencies.b,
        kind=IncidentKind.THREATS,
        summary="Threatened her at 12 Park Road",
        created_by=idva_a,
    )
    incident.full_clean()
    incident.save()
    stored = Incident.objects.values_list("summary", flat=True).get(pk=incident.pk)
    assert "Park Road" not in stored
    assert Incident.objects.get(pk=incident.pk).summary == "Threatened her at 12 Park Road"
    with pytest.raises(PermissionError):
        incident.save()
    with pytest.raises(PermissionError):
        incident.delete()


def test_it_refuses_bulk_changes_to_risk_records(agencies: Any, idva_a: User) -> None:
    from vawg.risk.models import HonourScreen, RiskLevelChange, StalkingScreen

    for model in (DashAssessment, PoliceRiskGrade, Incident, StalkingScreen, HonourScreen, RiskLevelChange):
        with pytest.raises(PermissionError):
            model.objects.all().delete()
        with pytest.raises(PermissionError):
            model.objects.all().update(created_at=None)
