"""Partner support on the pages: the "Partner support" section of the partner's case page (for the
partner's worker, through the case gate) and the one line on the programme referral page (for the
programme's staff: in place since a month, or not in place; nothing else about the partner)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vawg.accounts.models import User
from vawg.cases.models import Case
from vawg.core.presenters import SummaryRow, Tag
from vawg.programmes.models import FeelsSafe, PartnerSafetyReport, PartnerSupport, ProgrammeReferral, RiskChange
from vawg.programmes.selectors.partner import (
    ProgrammeSummary,
    linkable_referrals,
    partner_supports_of_case,
    programme_summary,
    supports_partners,
)

RISK_TAGS = {
    RiskChange.HIGHER: Tag("Risk higher", "red"),
    RiskChange.SAME: Tag("Risk about the same", "grey"),
    RiskChange.LOWER: Tag("Risk lower", "green"),
}
FEELS_SAFE_TAGS = {
    FeelsSafe.UNSAFE: Tag("Does not feel safe", "red"),
    FeelsSafe.MOSTLY: Tag("Feels safe most of the time", "yellow"),
    FeelsSafe.SAFE: Tag("Feels safe", "green"),
}
LEVELS = {0: "0 (none)", 1: "1", 2: "2", 3: "3 (severe or frequent)"}


def _day(value: Any) -> str:
    return value.strftime("%-d %B %Y") if value else "Not yet"


def summary_rows(summary: ProgrammeSummary) -> list[SummaryRow]:
    """The programme as the partner's worker sees it, for safety planning."""
    verdict = summary.verdict
    review = Tag("Attendance rule broken", "red") if verdict.review else Tag("Within the attendance rule", "green")
    rows = [
        SummaryRow("Programme", summary.programme),
        SummaryRow("State", summary.state),
        SummaryRow(
            "Sessions",
            f"{verdict.attended} attended, {verdict.missed} missed, {verdict.excused} missed with good reason",
            tags=(review,),
        ),
        SummaryRow("Started", _day(summary.started_on)),
        SummaryRow("Ended", _day(summary.ended_on)),
    ]
    if summary.exit_reason:
        rows.append(SummaryRow("Why they left", summary.exit_reason))
    return rows


@dataclass(frozen=True)
class ReportView:
    report: PartnerSafetyReport
    rows: list[SummaryRow]


def report_view(report: PartnerSafetyReport) -> ReportView:
    behaviours = [
        ("Physical abuse", report.physical),
        ("Sexual abuse", report.sexual),
        ("Harassment and stalking", report.stalking),
        ("Jealous and controlling behaviour", report.controlling),
    ]
    rows = [
        SummaryRow("How they feel", "", tags=(FEELS_SAFE_TAGS[FeelsSafe(report.feels_safe)],)),
        SummaryRow("Risk since the last report", "", tags=(RISK_TAGS[RiskChange(report.risk_change)],)),
        *(
            SummaryRow(label, LEVELS.get(level, "Not asked") if level is not None else "Not asked")
            for label, level in behaviours
        ),
    ]
    if report.notes:
        rows.append(SummaryRow("Notes", report.notes))
    return ReportView(report=report, rows=rows)


@dataclass(frozen=True)
class SupportView:
    support: PartnerSupport
    programme: list[SummaryRow]
    reports: list[ReportView]


def case_page_section(case: Case, user: User) -> tuple[str, dict[str, Any]] | None:
    """CASE_PAGE_SECTIONS: for holders of ``programmes.support_partners`` who see the case (the case page's
    gate has let them): referrals they may link, and each partner support with the programme's summary
    and the safety reports, newest first. Nobody else gets the section."""
    if not supports_partners(user):
        return None
    linkable = linkable_referrals(user=user, case=case)
    supports = partner_supports_of_case(user=user, case=case)
    if not (linkable or supports):
        return None
    views = [
        SupportView(
            support=support,
            programme=summary_rows(programme_summary(support.referral)),
            reports=[report_view(report) for report in support.safety_reports.all()],
        )
        for support in supports
    ]
    return "programmes/partner/_case_section.html", {"case": case, "linkable": linkable, "supports": views}


def referral_page_section(referral: ProgrammeReferral, user: User) -> tuple[str, dict[str, Any]] | None:
    """REFERRAL_PAGE_SECTIONS: whether the partner has support, and since which month. No agency, worker,
    case, report or precise date: the programme's staff learn that the standard is met and nothing more."""
    first = PartnerSupport.objects.current().filter(referral=referral).order_by("started_on").first()
    since = first.started_on.strftime("%B %Y") if first else ""
    return "programmes/partner/_referral_section.html", {"since": since}
