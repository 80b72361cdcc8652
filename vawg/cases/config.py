"""Versioned parameters of the case rules (documented in docs/case-list.md and docs/case-closure.md).

- ``NO_CONTACT_DAYS``: the case list's "no contact for 14 days or more" filter.
- ``CLOSURE_SETS``: the coded reasons for closing a case and the exit questions asked when it closes.
  A closed case keeps the ``version`` it was closed under, so a reason or question is never changed or
  removed in a version already in force: add a new ``ClosureSet`` at the end instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

NO_CONTACT_DAYS = 14

NOT_ASKED = "not-asked"


@dataclass(frozen=True)
class ClosureReason:
    code: str
    label: str
    meaning: str  # what the code means, for the guidance on the page and docs/case-closure.md
    needs_text: bool = False  # "other": the free-text reason is required


@dataclass(frozen=True)
class ExitQuestion:
    code: str
    text: str
    answers: tuple[tuple[str, str], ...]  # (code, label), "not asked" last


@dataclass(frozen=True)
class ClosureSet:
    version: str
    effective_from: date
    reasons: tuple[ClosureReason, ...]
    questions: tuple[ExitQuestion, ...]

    def reason(self, code: str) -> ClosureReason | None:
        return next((reason for reason in self.reasons if reason.code == code), None)

    def question(self, code: str) -> ExitQuestion | None:
        return next((question for question in self.questions if question.code == code), None)


_NOT_ASKED = (NOT_ASKED, "Not asked")

CLOSURE_SETS: tuple[ClosureSet, ...] = (
    ClosureSet(
        version="2026-1",
        effective_from=date(2026, 1, 1),
        reasons=(
            ClosureReason(
                "support-completed",
                "Support completed",
                "The support plan's goals were met and the survivor and worker agreed to end support.",
            ),
            ClosureReason(
                "risk-reduced",
                "Risk reduced",
                "The risk has come down to a level where this service's support is no longer needed.",
            ),
            ClosureReason(
                "moved-out-of-area",
                "Moved out of the area",
                "The survivor has moved out of the partnership's area and no onward referral is being made.",
            ),
            ClosureReason(
                "transferred",
                "Transferred to another service",
                "Support continues with another service or area (for example a MARAC transfer or a specialist "
                "service).",
            ),
            ClosureReason(
                "lost-contact",
                "Lost contact",
                "Safe attempts to reach the survivor have failed and the service can no longer contact her.",
            ),
            ClosureReason(
                "declined-support",
                "Declined support",
                "The survivor has said she does not want support from the service, now or any more.",
            ),
            ClosureReason("other", "Other", "Any other reason, which must be written down.", needs_text=True),
        ),
        questions=(
            ExitQuestion(
                "feels-safer",
                "Does the survivor feel safer than when support began?",
                (("yes", "Yes"), ("no", "No"), ("not-sure", "Not sure"), _NOT_ASKED),
            ),
            ExitQuestion(
                "abuse-stopped",
                "Has the abuse stopped or reduced?",
                (("stopped", "Stopped"), ("reduced", "Reduced"), ("not-changed", "Not changed"), _NOT_ASKED),
            ),
            ExitQuestion(
                "quality-of-life",
                "Is her quality of life better, the same or worse?",
                (("better", "Better"), ("same", "The same"), ("worse", "Worse"), _NOT_ASKED),
            ),
            ExitQuestion(
                "use-again",
                "Would she use the service again if she needed it?",
                (("yes", "Yes"), ("no", "No"), ("not-sure", "Not sure"), _NOT_ASKED),
            ),
        ),
    ),
)
CLOSURE_SETS_BY_VERSION = {closure_set.version: closure_set for closure_set in CLOSURE_SETS}


def closure_set_in_force(day: date) -> ClosureSet:
    """The newest set in force on ``day`` (the first one before any is)."""
    in_force = [closure_set for closure_set in CLOSURE_SETS if closure_set.effective_from <= day]
    return in_force[-1] if in_force else CLOSURE_SETS[0]
