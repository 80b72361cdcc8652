"""Stored risk records on a case: DASH assessments and their screens, police grades, incidents, level history.

Every row here is immutable (written once, never changed or deleted): a new
assessment supersedes an old one, a wrong incident is corrected by recording
the right one. Free text that can reveal where someone is (item notes, the
judgement rationale, screen notes, incident summaries) is an
EncryptedTextField. Writes go through vawg/risk/services.py; rows are reached
only through a case the user may see (``vawg.cases.selectors.case_get_for``).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

from vawg.core.fields import EncryptedTextField
from vawg.core.models import ImmutableModel, ImmutableQuerySet, user_who
from vawg.risk.config import QUESTION_SETS, DashQuestionSet, question_set_by_version
from vawg.risk.rules import HBA_SCREEN_ITEMS, S_DASH_ITEMS, Answer

# The police DASH form is commonly said to have 27 questions (docs/domain/dash.md#versions-of-the-checklist,
# UNCONFIRMED): no police score above it.
POLICE_DASH_MAX_SCORE = 27


class Level(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class PoliceTool(models.TextChoices):
    POLICE_DASH = "police-dash", "Police DASH"
    DARA = "dara", "DARA (Domestic Abuse Risk Assessment)"
    OTHER = "other", "Another police risk tool"


class IncidentKind(models.TextChoices):
    PHYSICAL = "physical", "Physical violence"
    SEXUAL = "sexual", "Sexual violence"
    THREATS = "threats", "Threats or intimidation"
    COERCIVE_CONTROL = "coercive-control", "Coercive or controlling behaviour"
    STALKING = "stalking", "Stalking or harassment"
    BREACH = "breach", "Breach of bail, an order or a contact agreement"
    DAMAGE = "damage", "Damage to property"
    ECONOMIC = "economic", "Economic abuse"
    TECHNOLOGY = "technology", "Technology-facilitated abuse"
    OTHER = "other", "Other domestic abuse"


class LevelSource(models.TextChoices):
    DASH = "dash", "DASH assessment"
    JUDGEMENT = "judgement", "Professional judgement"
    POLICE = "police", "Police risk grade"


def _check_answers(value: Any, numbers: tuple[int, ...], field: str) -> None:
    allowed = {answer.value for answer in Answer}
    if not isinstance(value, dict) or set(value) != {str(n) for n in numbers}:
        raise ValidationError({field: f"Answer every question ({len(numbers)} in all)"})
    wrong = sorted((key for key, answer in value.items() if answer not in allowed), key=int)
    if wrong:
        raise ValidationError({field: f"Answers must be yes, no or not known (questions {', '.join(wrong)})"})


def _json_object(text: str) -> dict[str, str]:
    loaded = json.loads(text) if text else {}
    return loaded if isinstance(loaded, dict) else {}


class DashAssessmentQuerySet(ImmutableQuerySet):
    def for_case(self, case: Any) -> DashAssessmentQuerySet:
        return self.filter(case=case)

    def newest_first(self) -> DashAssessmentQuerySet:
        return self.order_by("-assessment_date", "-created_at")

    def marac_eligible(self) -> DashAssessmentQuerySet:
        return self.exclude(marac_criteria=[])


class DashAssessment(ImmutableModel):
    """A completed SafeLives DASH checklist on a case, with everything the rules worked out from it."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="dash_assessments")
    assessed_by = user_who()
    assessing_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    assessment_date = models.DateField()
    # The question set answered (vawg/risk/config.py QUESTION_SETS): the answers and the score are read against it.
    # Checked in clean() against QUESTION_SETS (not choices: a new question set needs no migration).
    form_version = models.CharField(max_length=30, default=QUESTION_SETS[0].version)
    # {"1": "yes" | "no" | "not_known", ...}: one answer per question of the set.
    answers = models.JSONField()
    # A JSON object {"<item>": "<note>"}: notes can reveal locations, so the whole object is encrypted.
    item_notes = EncryptedTextField()
    score = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=20, choices=Level.choices)
    judgement_raised = models.BooleanField(default=False)
    judgement_rationale = EncryptedTextField()
    thresholds_version = models.CharField(max_length=50)
    marac_criteria = models.JSONField(default=list, blank=True)
    # Per criterion: {"met": bool, ...evidence}; see services._marac_evidence.
    marac_evidence = models.JSONField(default=dict, blank=True)
    prompts = models.JSONField(default=list, blank=True)

    objects = DashAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["case", "-assessment_date", "-created_at"]
        # A case's latest assessment in one index lookup ("My work": reassessments due on every visible case).
        indexes = [models.Index(fields=["case", "-assessment_date"], name="risk_dash_case_latest")]

    def __str__(self) -> str:
        return f"DASH on {self.case} ({self.assessment_date})"

    @property
    def question_set(self) -> DashQuestionSet:
        return question_set_by_version(self.form_version)

    def clean(self) -> None:
        try:
            questions = self.question_set
        except LookupError:
            raise ValidationError({"form_version": "Select a DASH question set"}) from None
        _check_answers(self.answers, questions.numbers, "answers")
        if self.score is not None and self.score > questions.max_score:
            raise ValidationError({"score": f"A DASH score is at most {questions.max_score}"})
        if self.judgement_raised and not (self.judgement_rationale or "").strip():
            raise ValidationError({"judgement_rationale": "Enter why you are raising the risk to high"})

    @property
    def marac_eligible(self) -> bool:
        return bool(self.marac_criteria)

    @property
    def notes_by_item(self) -> dict[str, str]:
        return _json_object(self.item_notes)


class StalkingScreen(ImmutableModel):
    """The S-DASH stalking screen (11 items), offered when DASH item 8 is yes. No score: it informs judgement."""

    assessment = models.OneToOneField(DashAssessment, on_delete=models.PROTECT, related_name="stalking_screen")
    answers = models.JSONField()
    notes = EncryptedTextField()
    completed_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    def __str__(self) -> str:
        return f"S-DASH for {self.assessment}"

    def clean(self) -> None:
        _check_answers(self.answers, tuple(item.number for item in S_DASH_ITEMS), "answers")


class HonourScreen(ImmutableModel):
    """The honour-based abuse screen: only the 3 confirmed items and notes
    (docs/domain/stalking-and-honour-based-abuse.md#honour-based-abuse-screen)."""

    assessment = models.OneToOneField(DashAssessment, on_delete=models.PROTECT, related_name="honour_screen")
    answers = models.JSONField()
    notes = EncryptedTextField()
    completed_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Honour-based abuse screen for {self.assessment}"

    def clean(self) -> None:
        _check_answers(self.answers, tuple(item.number for item in HBA_SCREEN_ITEMS), "answers")


class PoliceRiskGradeQuerySet(ImmutableQuerySet):
    def for_case(self, case: Any) -> PoliceRiskGradeQuerySet:
        return self.filter(case=case).order_by("-reported_on", "-created_at")


class PoliceRiskGrade(ImmutableModel):
    """A police risk grade as the police reported it. A DARA grade is never turned into a score."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="police_grades")
    tool = models.CharField(max_length=20, choices=PoliceTool.choices)
    grade = models.CharField(max_length=20, choices=Level.choices)
    # Only a police DASH has a score; DARA and other tools give a grade alone.
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(POLICE_DASH_MAX_SCORE)]
    )
    reported_by_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField()
    reference = models.CharField(max_length=50, blank=True)
    recorded_by = user_who()

    objects = PoliceRiskGradeQuerySet.as_manager()

    class Meta:
        ordering = ["case", "-reported_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_tool_display()} {self.grade} on {self.case}"

    def clean(self) -> None:
        if self.score is not None and self.tool != PoliceTool.POLICE_DASH:
            raise ValidationError({"score": "Only a police DASH has a score: record the grade alone"})


class IncidentQuerySet(ImmutableQuerySet):
    def for_case(self, case: Any) -> IncidentQuerySet:
        return self.filter(case=case).order_by("-occurred_on", "-created_at")


class Incident(ImmutableModel):
    """A domestic-abuse incident on a case, reported by any agency (counts towards potential escalation)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="incidents")
    occurred_on = models.DateField()
    reported_by_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=IncidentKind.choices)
    summary = EncryptedTextField()
    created_by = user_who()

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["case", "-occurred_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case} ({self.occurred_on})"


class RiskLevelChange(ImmutableModel):
    """One change of a case's current risk level, and what caused it. The newest row is the current level."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="risk_level_changes")
    level = models.CharField(max_length=20, choices=Level.choices)
    source = models.CharField(max_length=20, choices=LevelSource.choices)
    source_id = models.UUIDField()
    created_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["case", "-created_at"]

    def __str__(self) -> str:
        return f"{self.case}: {self.level} ({self.source})"
