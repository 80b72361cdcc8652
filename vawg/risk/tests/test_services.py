"""Stored risk records: what the services store, the MARAC evidence, level history, gates and audit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case, ChronologyEntry, ChronologyKind
from vawg.cases.tests.factories import CaseFactory
from vawg.referrals.models import FormOfAbuse
from vawg.referrals.tests.factories import ReferralFactory
from vawg.risk.config import question_set_for
from vawg.risk.models import DashAssessment, Incident, IncidentKind, LevelSource, PoliceRiskGrade, RiskLevelChange
from vawg.risk.rules import DASH_ITEM_NUMBERS, Answer, assess
from vawg.risk.services import (
    Judgement,
    dash_assessment_submit,
    honour_screen_record,
    incident_record,
    police_grade_record,
    stalking_screen_record,
)

ON = date(2026, 6, 1)


def answers(*yes: int, not_known: tuple[int, ...] = ()) -> dict[int, Answer]:
    return {n: Answer.YES if n in yes else Answer.NOT_KNOWN if n in not_known else Answer.NO for n in DASH_ITEM_NUMBERS}


@pytest.fixture
def case(agencies: Any) -> Case:
    return CaseFactory(owning_organisation=agencies.a)


def submit(case: Case, by: User, *yes: int, on: date = ON, **kwargs: Any) -> DashAssessment:
    return dash_assessment_submit(
        case=case,
        by=by,
        answers=kwargs.pop("answers", answers(*yes)),
        item_notes=kwargs.pop("item_notes", {}),
        judgement=kwargs.pop("judgement", Judgement()),
        assessment_date=on,
        **kwargs,
    )


def add_incident(case: Case, by: User, on: date, organisation: Any) -> Incident:
    return incident_record(
        case=case, by=by, occurred_on=on, reported_by_organisation=organisation, kind=IncidentKind.PHYSICAL
    )


@pytest.mark.parametrize(
    ("yes", "not_known", "level"),
    [
        ((), (), "standard"),
        (tuple(range(1, 10)), (10, 11), "standard"),
        (tuple(range(1, 11)), (), "medium"),
        (tuple(range(1, 14)), (), "medium"),
        (tuple(range(1, 15)), (), "high"),
        (tuple(range(1, 25)), (), "high"),
    ],
)
def test_it_stores_exactly_what_the_rules_compute(
    case: Case, idva_a: User, yes: tuple[int, ...], not_known: tuple[int, ...], level: str
) -> None:
    given_answers = answers(*yes, not_known=not_known)
    stored = submit(case, idva_a, answers=given_answers)
    expected = assess(answers=given_answers, assessment_date=ON)
    stored.refresh_from_db()
    assert stored.answers == {str(n): value.value for n, value in given_answers.items()}
    assert stored.score == expected.score == len(yes)
    assert stored.level == expected.level.value == level
    assert stored.marac_criteria == list(expected.marac_criteria)
    assert stored.prompts == list(expected.prompts)
    assert stored.thresholds_version == expected.thresholds_version
    assert stored.form_version == "safelives-24"
    assert stored.assessing_organisation_id == case.owning_organisation_id
    case.refresh_from_db()
    assert case.current_risk_level == level


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(yes=st.sets(st.sampled_from(DASH_ITEM_NUMBERS)), raise_to_high=st.booleans())
def test_it_never_lets_judgement_lower_the_level(
    agencies: Any, idva_a: User, yes: set[int], raise_to_high: bool
) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    judgement = Judgement(raise_to_high=raise_to_high, rationale="Recent strangulation and separation")
    stored = submit(case, idva_a, *yes, judgement=judgement)
    assert stored.score == len(yes)
    if raise_to_high or len(yes) >= 14:
        assert stored.level == "high"
    expected = assess(answers=answers(*yes), assessment_date=ON, raise_to_high=raise_to_high, rationale="x")
    assert stored.level == expected.level.value


def test_it_refuses_judgement_without_a_rationale(case: Case, idva_a: User) -> None:
    with pytest.raises(ValidationError) as error:
        submit(case, idva_a, judgement=Judgement(raise_to_high=True, rationale="   "))
    assert "judgement_rationale" in error.value.message_dict
    assert not DashAssessment.objects.exists()


def test_it_records_a_raise_on_judgement_as_the_level_source(case: Case, idva_a: User) -> None:
    stored = submit(case, idva_a, 1, 2, judgement=Judgement(raise_to_high=True, rationale="Threats to family"))
    assert stored.level == "high"
    assert stored.marac_criteria == ["professional_judgement"]
    assert stored.judgement_rationale == "Threats to family"
    change = RiskLevelChange.objects.get(case=case)
    assert (change.level, change.source, change.source_id) == ("high", LevelSource.JUDGEMENT, stored.pk)


def test_it_counts_incidents_from_any_agency_within_the_rolling_12_months(
    case: Case, idva_a: User, agencies: Any
) -> None:
    add_incident(case, idva_a, ON - timedelta(days=365), agencies.b)  # first day of the window: counts
    add_incident(case, idva_a, ON - timedelta(days=100), agencies.c)
    outside = add_incident(case, idva_a, ON - timedelta(days=366), agencies.a)  # one day too early
    later = add_incident(case, idva_a, ON + timedelta(days=1), agencies.a)  # after the assessment date
    stored = submit(case, idva_a)
    assert "potential_escalation" not in stored.marac_criteria
    evidence = stored.marac_evidence["potential_escalation"]
    assert evidence["incident_count"] == 2
    assert str(outside.pk) not in evidence["incident_ids"]
    assert str(later.pk) not in evidence["incident_ids"]

    third = add_incident(case, idva_a, ON, agencies.a)  # on the assessment date: counts
    again = submit(case, idva_a)
    assert again.marac_criteria == ["potential_escalation"]
    assert again.marac_evidence["potential_escalation"]["incident_count"] == 3
    assert str(third.pk) in again.marac_evidence["potential_escalation"]["incident_ids"]
    assert again.marac_evidence["potential_escalation"]["threshold"] == 3


def test_it_counts_only_incidents_on_this_case(case: Case, idva_a: User, agencies: Any) -> None:
    other = CaseFactory(owning_organisation=agencies.a)
    for days in (1, 2, 3):
        add_incident(other, idva_a, ON - timedelta(days=days), agencies.b)
    assert "potential_escalation" not in submit(case, idva_a).marac_criteria


@pytest.mark.parametrize(("days_later", "repeat"), [(0, True), (365, True), (366, False)])
def test_it_takes_the_victims_last_marac_referral_for_the_repeat_criterion(
    case: Case, idva_a: User, days_later: int, repeat: bool
) -> None:
    from vawg.marac.tests.factories import MaracReferralFactory

    # A referral of another case of the same victim, by another agency's MARAC, counts too.
    referral = MaracReferralFactory(case=CaseFactory(victim=case.victim), referred_on=ON)
    second = submit(case, idva_a, on=ON + timedelta(days=days_later))
    assert ("repeat" in second.marac_criteria) is repeat
    evidence = second.marac_evidence["repeat"]
    assert evidence["last_marac_referral_date"] == ON.isoformat()
    assert evidence["last_marac_referral_source"] == f"marac_referral:{referral.pk}"


def test_it_ignores_withdrawn_and_later_marac_referrals(case: Case, idva_a: User) -> None:
    from vawg.marac.models import MaracReferralState
    from vawg.marac.tests.factories import MaracReferralFactory

    MaracReferralFactory(case=case, referred_on=ON - timedelta(days=10), current_state=MaracReferralState.WITHDRAWN)
    MaracReferralFactory(case=case, referred_on=ON + timedelta(days=1))
    stored = submit(case, idva_a)
    assert "repeat" not in stored.marac_criteria
    assert stored.marac_evidence["repeat"]["last_marac_referral_date"] is None


def test_it_finds_no_repeat_after_an_assessment_that_was_only_marac_eligible(case: Case, idva_a: User) -> None:
    # An eligible assessment is not a MARAC referral: with no MARAC set up, nothing was referred.
    submit(case, idva_a, *range(1, 15))
    second = submit(case, idva_a, on=ON + timedelta(days=30))
    assert "repeat" not in second.marac_criteria
    assert second.marac_evidence["repeat"]["last_marac_referral_date"] is None


def test_it_keeps_the_level_history_and_the_case_level_in_step(case: Case, idva_a: User) -> None:
    submit(case, idva_a, *range(1, 15))
    submit(case, idva_a, 1, on=ON + timedelta(days=10))
    case.refresh_from_db()
    assert case.current_risk_level == "standard"
    assert list(RiskLevelChange.objects.filter(case=case).order_by("created_at").values_list("level", flat=True)) == [
        "high",
        "standard",
    ]


def test_it_does_not_let_an_older_assessment_entered_late_replace_the_current_level(case: Case, idva_a: User) -> None:
    submit(case, idva_a, *range(1, 15), on=ON)
    submit(case, idva_a, on=ON - timedelta(days=60))
    case.refresh_from_db()
    assert case.current_risk_level == "high"
    assert RiskLevelChange.objects.filter(case=case).count() == 1


def test_it_encrypts_item_notes_and_keeps_them_out_of_audit_and_chronology(case: Case, idva_a: User) -> None:
    note = "She is staying at her sister's flat on Mill Lane"
    stored = submit(case, idva_a, 8, item_notes={8: note, 3: "  "})
    with connection.cursor() as cursor:
        cursor.execute("SELECT item_notes FROM risk_dashassessment WHERE id = %s", [stored.pk.hex])
        raw = cursor.fetchone()
    if raw is None:  # PostgreSQL stores UUIDs natively
        with connection.cursor() as cursor:
            cursor.execute("SELECT item_notes FROM risk_dashassessment WHERE id = %s", [stored.pk])
            raw = cursor.fetchone()
    assert raw is not None and "Mill Lane" not in raw[0]
    assert DashAssessment.objects.get(pk=stored.pk).notes_by_item == {"8": note}
    entry = AuditEntry.objects.get(action="risk.dash_assessment.submit")
    assert entry.object_id == str(case.pk)
    assert entry.details["assessment_id"] == str(stored.pk)
    assert "Mill Lane" not in str(entry.details) and "yes" not in str(entry.details)
    chronology = ChronologyEntry.objects.get(case=case, kind=ChronologyKind.ASSESSMENT)
    assert "Mill Lane" not in chronology.summary + chronology.body
    assert "score 1" in chronology.summary


def test_it_refuses_to_change_or_delete_an_assessment(case: Case, idva_a: User) -> None:
    stored = submit(case, idva_a)
    stored.score = 20
    with pytest.raises(PermissionError):
        stored.save()
    with pytest.raises(PermissionError):
        stored.delete()


def test_it_refuses_users_who_cannot_see_the_case_or_assess_risk(
    case: Case, police_b: User, outsider_c: User, analyst: User, board_member: User
) -> None:
    for user in (police_b, outsider_c):
        with pytest.raises(Http404):
            submit(case, user)
    for user in (analyst, board_member):
        with pytest.raises(PermissionDenied):
            submit(case, user)
    assert not DashAssessment.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="risk.").exists()


def test_it_stores_a_dara_grade_as_reported_with_no_score(case: Case, idva_a: User, agencies: Any) -> None:
    grade = police_grade_record(
        case=case,
        by=idva_a,
        tool="dara",
        grade="medium",
        score=None,
        reported_by_organisation=agencies.b,
        reported_on=ON,
        reference="HC/123",
    )
    grade.refresh_from_db()
    assert (grade.tool, grade.grade, grade.score, grade.reference) == ("dara", "medium", None, "HC/123")
    assert not DashAssessment.objects.exists()  # never turned into a DASH score
    with pytest.raises(ValidationError) as error:
        police_grade_record(
            case=case,
            by=idva_a,
            tool="dara",
            grade="high",
            score=12,
            reported_by_organisation=agencies.b,
            reported_on=ON,
        )
    assert "score" in error.value.message_dict
    assert PoliceRiskGrade.objects.count() == 1
    assert AuditEntry.objects.filter(action="risk.police_grade.record").count() == 1


def test_it_lets_a_police_grade_raise_but_never_lower_the_case_level(case: Case, idva_a: User, agencies: Any) -> None:
    def grade(level: str) -> None:
        police_grade_record(
            case=case,
            by=idva_a,
            tool="police-dash",
            grade=level,
            score=5,
            reported_by_organisation=agencies.b,
            reported_on=ON,
        )
        case.refresh_from_db()

    grade("medium")
    assert case.current_risk_level == "medium"
    grade("standard")
    assert case.current_risk_level == "medium"
    grade("high")
    assert case.current_risk_level == "high"
    assert list(RiskLevelChange.objects.filter(case=case).values_list("source", flat=True)) == ["police", "police"]


def test_it_records_each_screen_once(case: Case, idva_a: User) -> None:
    stored = submit(case, idva_a, 4, 8)
    screen = stalking_screen_record(
        assessment=stored, by=idva_a, answers=dict.fromkeys(range(1, 12), Answer.YES), notes="Follows her"
    )
    assert screen.answers == {str(n): "yes" for n in range(1, 12)}
    with pytest.raises(ValidationError):
        stalking_screen_record(assessment=stored, by=idva_a, answers=dict.fromkeys(range(1, 12), Answer.NO), notes="")
    with pytest.raises(ValidationError):
        honour_screen_record(assessment=stored, by=idva_a, answers={1: Answer.NO}, notes="")
    honour = honour_screen_record(assessment=stored, by=idva_a, answers=dict.fromkeys((1, 2, 3), Answer.NO), notes="")
    assert honour.answers == {"1": "no", "2": "no", "3": "no"}
    assert AuditEntry.objects.filter(action="risk.stalking_screen.record").count() == 1
    assert AuditEntry.objects.filter(action="risk.honour_screen.record").count() == 1


def test_it_audits_an_incident_without_its_summary(case: Case, idva_a: User, agencies: Any) -> None:
    incident = incident_record(
        case=case,
        by=idva_a,
        occurred_on=ON,
        reported_by_organisation=agencies.b,
        kind=IncidentKind.STALKING,
        summary="Waited outside 4 Mill Lane",
    )
    assert Incident.objects.get(pk=incident.pk).summary == "Waited outside 4 Mill Lane"
    entry = AuditEntry.objects.get(action="risk.incident.record")
    assert entry.details == {"incident_id": str(incident.pk), "kind": "stalking"}


@pytest.mark.parametrize(
    ("forms_of_abuse", "prompted"),
    [
        ([FormOfAbuse.HONOUR_BASED_ABUSE], True),
        ([FormOfAbuse.DOMESTIC_ABUSE, FormOfAbuse.FORCED_MARRIAGE], True),
        ([FormOfAbuse.DOMESTIC_ABUSE], False),
    ],
)
def test_it_prompts_the_honour_screen_from_the_forms_of_abuse_the_case_was_referred_for(
    case: Case, idva_a: User, forms_of_abuse: list[str], prompted: bool
) -> None:
    ReferralFactory(subject=case.victim, case=case, forms_of_abuse=[str(form) for form in forms_of_abuse])
    assessment = submit(case, idva_a)  # no yes answers: only the referral can prompt the screen
    assert ("hba_screen" in assessment.prompts) is prompted


def test_it_records_the_question_set_answered_and_bounds_the_score_by_it(case: Case, idva_a: User) -> None:
    assessment = submit(case, idva_a, *DASH_ITEM_NUMBERS)
    assert assessment.form_version == question_set_for(ON).version
    assert assessment.score == question_set_for(ON).max_score == len(DASH_ITEM_NUMBERS)
