"""Every write of a risk record on a case, and the record of every read.

Each service is keyword-only, runs in one transaction, checks the user may
assess risk and may see the case (404 otherwise, as for a missing case),
saves through ``save_valid`` (validated) and writes one audit entry (ids and codes only,
never answers, notes or summaries). Scoring is ``vawg.risk.rules.assess``:
nothing here re-implements a rule.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.cases.models import Case, ChronologyKind
from vawg.cases.selectors import case_get_for
from vawg.cases.services import case_chronology_add
from vawg.core.models import save_valid
from vawg.referrals.models import Referral
from vawg.risk import hooks
from vawg.risk.config import DashThresholds, question_set_for, thresholds_for
from vawg.risk.hooks import MaracReferralDate
from vawg.risk.models import (
    DashAssessment,
    HonourScreen,
    Incident,
    Level,
    LevelSource,
    PoliceRiskGrade,
    PoliceTool,
    RiskLevelChange,
    StalkingScreen,
)
from vawg.risk.rules import (
    HBA_SCREEN_ITEMS,
    POTENTIAL_ESCALATION,
    PROFESSIONAL_JUDGEMENT,
    REPEAT,
    S_DASH_ITEMS,
    VISIBLE_HIGH_RISK,
    Answer,
    RiskLevel,
    assess,
    level_for,
)

ASSESS_RISK = "risk.assess"
MAX_NOTE_LENGTH = 2000


@dataclass(frozen=True)
class Judgement:
    """Professional judgement: raise the level to high, with a written rationale."""

    raise_to_high: bool = False
    rationale: str = ""


def _gate(*, case: Case, by: User) -> Case:
    """The case again, through the gate: 403 without the permission, 404 if ``by`` may not see it."""
    if not by.has_perm(ASSESS_RISK):
        raise PermissionDenied
    return case_get_for(user=by, case_id=case.pk)


def _acting_organisation(*, by: User, case: Case) -> Organisation:
    """The agency ``by`` acts for on ``case``: the owning agency if they belong to it, else their first agency."""
    memberships = by.active_memberships().order_by("created_at")
    for membership in memberships:
        if membership.organisation_id == case.owning_organisation_id:
            return membership.organisation
    first = memberships.first()
    if first is None:
        raise PermissionDenied
    return first.organisation


def _set_level(*, case: Case, level: str, source: str, source_id: Any, by: User) -> RiskLevelChange:
    """Record a level change and keep ``Case.current_risk_level`` in step (the case row is locked)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    change = RiskLevelChange(case=locked, level=level, source=source, source_id=source_id, created_by=by)
    save_valid(change)
    locked.current_risk_level = level
    save_valid(locked, update_fields=["current_risk_level", "updated_at"])
    case.current_risk_level = level
    return change


def _clean_notes(notes: Mapping[int, str], numbers: tuple[int, ...]) -> dict[str, str]:
    unknown = sorted(set(notes) - set(numbers))
    if unknown:
        raise ValidationError({"item_notes": f"No such question: {', '.join(map(str, unknown))}"})
    cleaned = {str(n): text.strip() for n, text in sorted(notes.items()) if (text or "").strip()}
    long = [n for n, text in cleaned.items() if len(text) > MAX_NOTE_LENGTH]
    if long:
        raise ValidationError({"item_notes": f"Notes must be {MAX_NOTE_LENGTH} characters or fewer"})
    return cleaned


# DASH assessments --------------------------------------------------------------------------------


def incidents_in_window(*, case: Case, on: date, thresholds: DashThresholds) -> list[Incident]:
    """Incidents on ``case`` from any agency in the rolling window up to ``on``: both ends inclusive,
    so with 365 days an incident exactly 365 days before counts and one 366 days before does not
    (the same reading as the repeat window in vawg/risk/rules.py)."""
    start = on - timedelta(days=thresholds.escalation_window_days)
    return list(Incident.objects.filter(case=case, occurred_on__gte=start, occurred_on__lte=on).order_by("occurred_on"))


def _marac_evidence(
    *,
    criteria: tuple[str, ...],
    score: int,
    judgement: Judgement,
    incidents: list[Incident],
    previous: MaracReferralDate | None,
    thresholds: DashThresholds,
) -> dict[str, dict[str, Any]]:
    """Why each criterion is or is not met (ids, counts and dates only)."""
    return {
        VISIBLE_HIGH_RISK: {"met": VISIBLE_HIGH_RISK in criteria, "score": score, "threshold": thresholds.high_from},
        PROFESSIONAL_JUDGEMENT: {"met": PROFESSIONAL_JUDGEMENT in criteria, "raised": judgement.raise_to_high},
        POTENTIAL_ESCALATION: {
            "met": POTENTIAL_ESCALATION in criteria,
            "incident_count": len(incidents),
            "incident_ids": [str(incident.pk) for incident in incidents],
            "threshold": thresholds.escalation_incidents,
            "window_days": thresholds.escalation_window_days,
        },
        REPEAT: {
            "met": REPEAT in criteria,
            "last_marac_referral_date": previous.referred_on.isoformat() if previous else None,
            "last_marac_referral_source": previous.source if previous else None,
            "window_days": thresholds.repeat_window_days,
        },
    }


def forms_of_abuse_disclosed(case: Case) -> set[str]:
    """The forms of abuse the referrals of ``case`` named (for the prompts: honour-based abuse or forced
    marriage prompts the honour-based abuse screen whatever the answers). Read after the case's gate."""
    disclosed: set[str] = set()
    for forms in Referral.objects.filter(case=case).values_list("forms_of_abuse", flat=True):
        disclosed.update(forms or [])
    return disclosed


@transaction.atomic
def dash_assessment_submit(
    *,
    case: Case,
    by: User,
    answers: Mapping[int, Answer],
    item_notes: Mapping[int, str],
    judgement: Judgement,
    assessment_date: date,
    request: HttpRequest | None = None,
) -> DashAssessment:
    """Score and store a DASH assessment on ``case``, and set the case's risk level from it."""
    case = _gate(case=case, by=by)
    try:
        thresholds = thresholds_for(assessment_date)
        question_set = question_set_for(assessment_date)
    except LookupError:
        raise ValidationError({"assessment_date": "No DASH thresholds were in force on this date"}) from None
    if judgement.raise_to_high and not judgement.rationale.strip():
        raise ValidationError({"judgement_rationale": "Enter why you are raising the risk to high"})
    notes = _clean_notes(item_notes, question_set.numbers)
    incidents = incidents_in_window(case=case, on=assessment_date, thresholds=thresholds)
    previous = hooks.last_marac_referral(case, assessment_date)
    try:
        result = assess(
            answers=answers,
            assessment_date=assessment_date,
            raise_to_high=judgement.raise_to_high,
            rationale=judgement.rationale,
            incidents_last_12_months=len(incidents),
            last_marac_referral_date=previous.referred_on if previous else None,
            disclosed_forms=forms_of_abuse_disclosed(case),
            thresholds=thresholds,
            question_set=question_set,
        )
    except ValueError as exc:
        raise ValidationError({"answers": str(exc)}) from None
    assessment = DashAssessment(
        case=case,
        assessed_by=by,
        assessing_organisation=_acting_organisation(by=by, case=case),
        assessment_date=assessment_date,
        form_version=result.form_version,
        answers={str(n): Answer(answers[n]).value for n in question_set.numbers},
        item_notes=json.dumps(notes) if notes else "",
        score=result.score,
        level=result.level.value,
        judgement_raised=judgement.raise_to_high,
        judgement_rationale=judgement.rationale.strip() if judgement.raise_to_high else "",
        thresholds_version=result.thresholds_version,
        marac_criteria=list(result.marac_criteria),
        marac_evidence=_marac_evidence(
            criteria=result.marac_criteria,
            score=result.score,
            judgement=judgement,
            incidents=incidents,
            previous=previous,
            thresholds=thresholds,
        ),
        prompts=list(result.prompts),
    )
    save_valid(assessment)
    details: dict[str, Any] = {"assessment_id": assessment.pk, "level": assessment.level}
    # An older assessment entered late (from records) is history: it does not replace a newer one's level.
    newer = DashAssessment.objects.for_case(case).filter(assessment_date__gt=assessment_date).exists()
    if not newer:
        raised = judgement.raise_to_high and level_for(result.score, thresholds) != RiskLevel.HIGH
        change = _set_level(
            case=case,
            level=result.level.value,
            source=LevelSource.JUDGEMENT if raised else LevelSource.DASH,
            source_id=assessment.pk,
            by=by,
        )
        details["level_change_id"] = change.pk
    audit_record(action="risk.dash_assessment.submit", by=by, obj=case, request=request, details=details)
    # The chronology names the outcome only: never an answer or a note.
    eligible = "MARAC eligible" if assessment.marac_eligible else "not MARAC eligible"
    case_chronology_add(
        case=case,
        kind=ChronologyKind.ASSESSMENT,
        summary=f"DASH risk assessment dated {assessment_date:%-d %B %Y}: {assessment.get_level_display().lower()} "
        f"risk (score {assessment.score}), {eligible}",
        by=by,
        request=request,
    )
    for callback in hooks.ON_DASH_ASSESSED:
        callback(assessment, by, request)
    return assessment


@transaction.atomic
def dash_assessment_view_record(*, assessment: DashAssessment, by: User, request: HttpRequest | None = None) -> None:
    """Record that ``by`` read ``assessment`` (call after the gate let them)."""
    audit_record(
        action="risk.dash_assessment.view",
        by=by,
        obj=assessment.case,
        request=request,
        details={"assessment_id": assessment.pk},
    )


@transaction.atomic
def risk_history_view_record(*, case: Case, by: User, request: HttpRequest | None = None) -> None:
    """Record that ``by`` read the risk history of ``case``."""
    audit_record(action="risk.history.view", by=by, obj=case, request=request, details={})


def _screen_answers(answers: Mapping[int, Answer], numbers: tuple[int, ...]) -> dict[str, str]:
    missing = [n for n in numbers if n not in answers]
    if missing or set(answers) - set(numbers):
        raise ValidationError({"answers": "Answer every question"})
    return {str(n): Answer(answers[n]).value for n in numbers}


_Screen = TypeVar("_Screen", StalkingScreen, HonourScreen)


@dataclass(frozen=True)
class _ScreenKind(Generic[_Screen]):
    model: type[_Screen]
    items: tuple[int, ...]
    name: str


_STALKING = _ScreenKind(StalkingScreen, tuple(item.number for item in S_DASH_ITEMS), "stalking screen")
_HONOUR = _ScreenKind(
    HonourScreen,
    tuple(item.number for item in HBA_SCREEN_ITEMS),
    "honour-based abuse screen",
)


def _screen_record(
    kind: _ScreenKind[_Screen],
    *,
    action: str,
    assessment: DashAssessment,
    by: User,
    answers: Mapping[int, Answer],
    notes: str,
    request: HttpRequest | None,
) -> _Screen:
    """Record one supplementary screen for ``assessment`` (one of each kind per assessment)."""
    case = _gate(case=assessment.case, by=by)
    if kind.model.objects.filter(assessment=assessment).exists():
        raise ValidationError({"assessment": f"The {kind.name} has already been done for this assessment"})
    screen = kind.model(
        assessment=assessment, answers=_screen_answers(answers, kind.items), notes=notes.strip(), completed_by=by
    )
    save_valid(screen)
    audit_record(
        action=action,
        by=by,
        obj=case,
        request=request,
        details={"assessment_id": assessment.pk, "screen_id": screen.pk},
    )
    return screen


@transaction.atomic
def stalking_screen_record(
    *,
    assessment: DashAssessment,
    by: User,
    answers: Mapping[int, Answer],
    notes: str,
    request: HttpRequest | None = None,
) -> StalkingScreen:
    """Record the S-DASH stalking screen for ``assessment`` (one per assessment)."""
    return _screen_record(
        _STALKING,
        action="risk.stalking_screen.record",
        assessment=assessment,
        by=by,
        answers=answers,
        notes=notes,
        request=request,
    )


@transaction.atomic
def honour_screen_record(
    *,
    assessment: DashAssessment,
    by: User,
    answers: Mapping[int, Answer],
    notes: str,
    request: HttpRequest | None = None,
) -> HonourScreen:
    """Record the honour-based abuse screen for ``assessment`` (one per assessment)."""
    return _screen_record(
        _HONOUR,
        action="risk.honour_screen.record",
        assessment=assessment,
        by=by,
        answers=answers,
        notes=notes,
        request=request,
    )


# Police grades and incidents ----------------------------------------------------------------------

_RANK = {Level.STANDARD: 0, Level.MEDIUM: 1, Level.HIGH: 2}


@transaction.atomic
def police_grade_record(
    *,
    case: Case,
    by: User,
    tool: str,
    grade: str,
    score: int | None,
    reported_by_organisation: Organisation,
    reported_on: date,
    reference: str = "",
    request: HttpRequest | None = None,
) -> PoliceRiskGrade:
    """Store a police risk grade exactly as reported (a DARA grade never gets a score).

    A police grade can raise the case's current level (or set it when the case has
    none yet), never lower it: lowering a level needs a practitioner's DASH assessment.
    """
    case = _gate(case=case, by=by)
    if score is not None and tool != PoliceTool.POLICE_DASH:
        raise ValidationError({"score": "Only a police DASH has a score: record the grade alone"})
    row = PoliceRiskGrade(
        case=case,
        tool=tool,
        grade=grade,
        score=score,
        reported_by_organisation=reported_by_organisation,
        reported_on=reported_on,
        reference=reference.strip(),
        recorded_by=by,
    )
    save_valid(row)
    details: dict[str, Any] = {"police_grade_id": row.pk, "tool": tool, "grade": grade}
    current = Case.objects.select_for_update().only("current_risk_level").get(pk=case.pk).current_risk_level
    if current not in _RANK or _RANK[Level(grade)] > _RANK[Level(current)]:
        change = _set_level(case=case, level=grade, source=LevelSource.POLICE, source_id=row.pk, by=by)
        details["level_change_id"] = change.pk
    audit_record(action="risk.police_grade.record", by=by, obj=case, request=request, details=details)
    case_chronology_add(
        case=case,
        kind=ChronologyKind.ASSESSMENT,
        summary=f"Police risk grade ({row.get_tool_display()}) given on {reported_on:%-d %B %Y}: "
        f"{row.get_grade_display().lower()}",
        by=by,
        request=request,
    )
    return row


@transaction.atomic
def incident_record(
    *,
    case: Case,
    by: User,
    occurred_on: date,
    reported_by_organisation: Organisation,
    kind: str,
    summary: str = "",
    request: HttpRequest | None = None,
) -> Incident:
    """Record a domestic-abuse incident on ``case`` (any agency's). It counts towards potential
    escalation in later assessments, and the case then asks for a reassessment."""
    case = _gate(case=case, by=by)
    return _incident_save(case, by, occurred_on, reported_by_organisation, kind, summary, "", request)


# A named job recording an incident on a case the acting user may not see (a breach of a protective order).
INCIDENT_JOBS = frozenset({"justice.breach"})


@transaction.atomic
def incident_record_for_job(
    *,
    case: Case,
    by: User,
    system_job: str,
    occurred_on: date,
    reported_by_organisation: Organisation,
    kind: str,
    summary: str = "",
    request: HttpRequest | None = None,
) -> Incident:
    """Record an incident for one of ``INCIDENT_JOBS`` on a case ``by`` may not see: the calling service
    has checked ``by`` may record the event it comes from (justice: a breach of an order protecting the
    case's victim). Nothing about the case is returned to show; the audit entry names ``by`` and the job,
    and ON_INCIDENT_RECORDED fires as for any incident (a MARAC repeat)."""
    if system_job not in INCIDENT_JOBS:
        raise PermissionDenied
    return _incident_save(case, by, occurred_on, reported_by_organisation, kind, summary, system_job, request)


def _incident_save(
    case: Case,
    by: User,
    occurred_on: date,
    organisation: Organisation,
    kind: str,
    summary: str,
    system_job: str,
    request: HttpRequest | None,
) -> Incident:
    incident = Incident(
        case=case,
        occurred_on=occurred_on,
        reported_by_organisation=organisation,
        kind=kind,
        summary=summary.strip(),
        created_by=by,
    )
    save_valid(incident)
    audit_record(
        action="risk.incident.record",
        by=by,
        obj=case,
        request=request,
        details={"incident_id": incident.pk, "kind": kind, **({"job": system_job} if system_job else {})},
    )
    for callback in hooks.ON_INCIDENT_RECORDED:
        callback(incident, by, request)
    return incident
