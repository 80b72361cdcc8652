"""What the risk pages and the case page's risk section show, worked out once (no logic in templates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from vawg.cases.models import Case, RiskLevel
from vawg.cases.presenters import risk_level_tag
from vawg.core.presenters import SummaryRow, Tag
from vawg.risk.config import reassessment_intervals_for
from vawg.risk.models import DashAssessment, Incident, LevelSource, PoliceRiskGrade
from vawg.risk.rules import (
    CLUSTER_OF_THREE,
    ESCALATION,
    HBA_SCREEN,
    HBA_SCREEN_ITEMS,
    MARAC_CRITERIA,
    POTENTIAL_ESCALATION,
    PREGNANCY,
    PROFESSIONAL_JUDGEMENT,
    REPEAT,
    S_DASH,
    S_DASH_ITEMS,
    SEPARATION,
    STALKING,
    STRANGULATION,
    THREATS_TO_KILL,
    VICTIM_FEAR,
    VISIBLE_HIGH_RISK,
    Answer,
    ScreenItem,
)

CRITERION_LABELS = {
    VISIBLE_HIGH_RISK: "Visible high risk",
    PROFESSIONAL_JUDGEMENT: "Professional judgement",
    POTENTIAL_ESCALATION: "Potential escalation",
    REPEAT: "Repeat",
}

ANSWER_LABELS = {Answer.YES.value: "Yes", Answer.NO.value: "No", Answer.NOT_KNOWN.value: "Not known"}

# Plain explanations of each prompt; "warning" prompts are shown as GOV.UK warning text.
PROMPT_TEXT: dict[str, tuple[str, bool]] = {
    S_DASH: ("Question 8 is yes (stalking or harassment): complete the S-DASH stalking screen.", False),
    HBA_SCREEN: ("Question 4 is yes (isolation): complete the honour-based abuse screen.", False),
    STRANGULATION: (
        "Strangulation, choking, suffocation or drowning (question 15) is a strong predictor of homicide.",
        True,
    ),
    THREATS_TO_KILL: ("The person causing harm has threatened to kill (question 14).", True),
    SEPARATION: ("Separation or an attempt to separate in the past year (question 6) raises risk.", True),
    PREGNANCY: ("Pregnancy or a recent birth (question 9) raises risk.", True),
    ESCALATION: ("The abuse is happening more often or getting worse (questions 10 and 11).", True),
    STALKING: ("Stalking or harassment (question 8) is a professional-judgement trigger.", False),
    VICTIM_FEAR: ("The victim is very frightened (question 2): take their own sense of risk seriously.", False),
    CLUSTER_OF_THREE: (
        "Separation, coercive control and physical or sexual violence together (the cluster of 3) "
        "greatly raise homicide risk.",
        True,
    ),
}


@dataclass(frozen=True)
class Prompt:
    code: str
    text: str
    warning: bool
    link: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    met: bool
    evidence: str


@dataclass(frozen=True)
class AnswerRow:
    number: int
    question: str
    answer: str
    notes: str


@dataclass(frozen=True)
class HistoryRow:
    on: date
    source: str
    score: str
    level: str
    criteria: str
    link: str


def _evidence_text(code: str, evidence: dict[str, Any]) -> str:
    if code == VISIBLE_HIGH_RISK:
        return f"Score {evidence.get('score')} (high risk from {evidence.get('threshold')})"
    if code == PROFESSIONAL_JUDGEMENT:
        return "Raised to high with a written reason" if evidence.get("raised") else "Not raised"
    if code == POTENTIAL_ESCALATION:
        return (
            f"{evidence.get('incident_count', 0)} incidents from any agency in the "
            f"{evidence.get('window_days')} days before the assessment (criterion met at {evidence.get('threshold')})"
        )
    if code == REPEAT:
        last = evidence.get("last_marac_referral_date")
        if not last:
            return "No earlier MARAC referral known"
        return (
            f"Last MARAC referral taken as {date.fromisoformat(last):%-d %B %Y} "
            "(the date of the last MARAC-eligible assessment on this case)"
        )
    return ""


def criteria_for(assessment: DashAssessment) -> list[Criterion]:
    evidence = assessment.marac_evidence or {}
    return [
        Criterion(
            code=code,
            label=CRITERION_LABELS[code],
            met=code in assessment.marac_criteria,
            evidence=_evidence_text(code, evidence.get(code, {})),
        )
        for code in MARAC_CRITERIA
    ]


def prompts_for(assessment: DashAssessment) -> list[Prompt]:
    kwargs = {"case_id": assessment.case_id, "assessment_id": assessment.pk}
    done_sdash = hasattr(assessment, "stalking_screen")
    done_hba = hasattr(assessment, "honour_screen")
    shown = []
    for code in assessment.prompts:
        text, warning = PROMPT_TEXT.get(code, (code, False))
        if code == S_DASH and not done_sdash:
            shown.append(
                Prompt(code, text, warning, reverse("risk:stalking_screen_create", kwargs=kwargs), "Start the S-DASH")
            )
        elif code == HBA_SCREEN and not done_hba:
            shown.append(
                Prompt(code, text, warning, reverse("risk:honour_screen_create", kwargs=kwargs), "Start the HBA screen")
            )
        elif code in (S_DASH, HBA_SCREEN):
            shown.append(Prompt(code, text.split(":")[0] + ": the screen has been completed.", False))
        else:
            shown.append(Prompt(code, text, warning))
    return shown


def answer_rows(assessment: DashAssessment) -> list[AnswerRow]:
    notes = assessment.notes_by_item
    return [
        AnswerRow(
            number=item.number,
            question=item.label,
            answer=ANSWER_LABELS.get(assessment.answers.get(str(item.number), ""), ""),
            notes=notes.get(str(item.number), ""),
        )
        for item in assessment.question_set.questions
    ]


def screen_rows(items: tuple[ScreenItem, ...], answers: dict[str, str]) -> list[AnswerRow]:
    return [
        AnswerRow(item.number, item.label, ANSWER_LABELS.get(answers.get(str(item.number), ""), ""), "")
        for item in items
    ]


def stalking_rows(assessment: DashAssessment) -> list[AnswerRow]:
    screen = getattr(assessment, "stalking_screen", None)
    return screen_rows(S_DASH_ITEMS, screen.answers) if screen else []


def honour_rows(assessment: DashAssessment) -> list[AnswerRow]:
    screen = getattr(assessment, "honour_screen", None)
    return screen_rows(HBA_SCREEN_ITEMS, screen.answers) if screen else []


def latest_assessment(case: Case) -> DashAssessment | None:
    return DashAssessment.objects.for_case(case).newest_first().first()


def reassess_prompt(case: Case, latest: DashAssessment | None = None) -> str:
    """The prompt to reassess when an incident was recorded after the latest assessment ("" if none)."""
    latest = latest if latest is not None else latest_assessment(case)
    incidents = Incident.objects.filter(case=case)
    if latest is not None:
        incidents = incidents.filter(created_at__gt=latest.created_at)
    newest = incidents.order_by("-created_at").first()
    if newest is None:
        return ""
    recorded = timezone.localdate(newest.created_at)
    if latest is None:
        return f"Assess: an incident was recorded on {recorded:%-d %B %Y} and there is no DASH assessment yet"
    return f"Reassess: a new incident was recorded on {recorded:%-d %B %Y} after the last assessment"


def history_rows(case: Case) -> list[HistoryRow]:
    """Every assessment and police grade on ``case``, newest first (a table: no chart needed)."""
    rows = [
        HistoryRow(
            on=a.assessment_date,
            source="DASH (professional judgement)" if a.judgement_raised else "DASH",
            score=str(a.score),
            level=a.get_level_display(),
            criteria=", ".join(CRITERION_LABELS[c] for c in a.marac_criteria) or "None",
            link=reverse("risk:dash_assessment_detail", kwargs={"case_id": case.pk, "assessment_id": a.pk}),
        )
        for a in DashAssessment.objects.for_case(case).newest_first()
    ]
    rows += [
        HistoryRow(
            on=g.reported_on,
            source=f"Police: {g.get_tool_display()}",
            score="" if g.score is None else str(g.score),
            level=g.get_grade_display(),
            criteria="",
            link="",
        )
        for g in PoliceRiskGrade.objects.for_case(case)
    ]
    return sorted(rows, key=lambda row: row.on, reverse=True)


@dataclass(frozen=True)
class RiskSummary:
    case: Case
    level: Tag
    latest: DashAssessment | None
    marac_criteria: list[str]
    reassess: str
    source: str

    @property
    def rows(self) -> list[SummaryRow]:
        """The case page's risk summary: the last assessment, MARAC eligibility, what set the level."""
        latest = self.latest
        if latest is not None:
            url = reverse("risk:dash_assessment_detail", kwargs={"case_id": self.case.pk, "assessment_id": latest.pk})
            last = format_html(
                '<a class="govuk-link" href="{}">{}</a>: score {}, {} risk',
                url,
                f"{latest.assessment_date:%-d %B %Y}",
                latest.score,
                latest.get_level_display().lower(),
            )
        if self.marac_criteria:
            eligible = "Yes: " + ", ".join(self.marac_criteria)
        else:
            eligible = "No" if latest else "Not assessed"
        return [
            SummaryRow("Last DASH assessment", last if latest is not None else "None yet"),
            SummaryRow("MARAC eligible", eligible),
            *([SummaryRow("Level set by", self.source)] if self.source else []),
        ]


MET = Tag("Met", "red")


def level_tag(assessment: DashAssessment) -> Tag:
    return risk_level_tag(assessment.level)


def assessment_rows(assessment: DashAssessment) -> list[SummaryRow]:
    """A stored assessment's summary: the score out of its own question set, the level, judgement, who, versions."""
    judged = " (raised on professional judgement)" if assessment.judgement_raised else ""
    rows = [
        SummaryRow("Score", f"{assessment.score} out of {assessment.question_set.max_score}"),
        SummaryRow("Risk level", judged, tags=(level_tag(assessment),)),
        SummaryRow("MARAC eligible", "Yes" if assessment.marac_eligible else "No"),
    ]
    if assessment.judgement_raised:
        rows.append(SummaryRow("Reason for raising to high", linebreaksbr(assessment.judgement_rationale)))
    rows += [
        SummaryRow("Assessed by", f"{assessment.assessed_by.full_name}, {assessment.assessing_organisation.name}"),
        SummaryRow("Question set", assessment.question_set.label),
        SummaryRow("Thresholds version", assessment.thresholds_version),
    ]
    return rows


def risk_summary(case: Case) -> RiskSummary:
    """The case page's risk section: current level, MARAC eligibility, last assessment, the reassess prompt."""
    latest = latest_assessment(case)
    last_change = case.risk_level_changes.order_by("-created_at").first()
    return RiskSummary(
        case=case,
        level=risk_level_tag(case.current_risk_level),
        latest=latest,
        marac_criteria=[CRITERION_LABELS[c] for c in latest.marac_criteria] if latest else [],
        reassess=reassess_prompt(case, latest),
        source=LevelSource(last_change.source).label if last_change else "",
    )


def case_page_section(case: Case, user: Any) -> tuple[str, dict[str, Any]] | None:
    """The risk section of the case page (registered in vawg.cases.hooks.CASE_PAGE_SECTIONS)."""
    if not user.has_perm("risk.assess"):
        return None
    summary = risk_summary(case)
    return "risk/_case_section.html", {"summary": summary}


@dataclass(frozen=True)
class ReassessmentRow:
    """One case on the reassessments-due list (the reference only: the list names nobody)."""

    case_id: Any
    reference: str
    level: Tag
    last_assessed: str
    due: str


def reassessment_rows(cases: Any) -> list[ReassessmentRow]:
    """Rows for cases from ``selectors.cases_due_reassessment`` (each carries ``last_assessed``)."""
    intervals = reassessment_intervals_for(timezone.localdate())
    rows = []
    for case in cases:
        days = intervals.high_days if case.current_risk_level == RiskLevel.HIGH else intervals.other_days
        rows.append(
            ReassessmentRow(
                case_id=case.pk,
                reference=case.reference,
                level=risk_level_tag(case.current_risk_level),
                last_assessed=f"{case.last_assessed:%-d %B %Y}",
                due=f"{case.last_assessed + timedelta(days=days):%-d %B %Y}",
            )
        )
    return rows


def reassessment_intervals() -> str:
    """The intervals in force today, for the list's explanation."""
    intervals = reassessment_intervals_for(timezone.localdate())
    return f"{intervals.high_days} days for a high-risk case and {intervals.other_days} days for any other"
