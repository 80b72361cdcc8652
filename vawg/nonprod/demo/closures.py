"""Closed cases for the demo (part of ``manage.py seed_demo``, after the MARAC history).

A handful of the oldest open cases that never went to MARAC are closed through the case service, each
for a coded reason of the closure configuration in force (vawg/cases/config.py, docs/case-closure.md),
with the exit answers their worker might have recorded: so the case list's status filter and the case
page's status history have something to show. Run once: a later run finds them closed and adds nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef

from vawg.cases.models import Case, CaseDenyEntry, CaseStatus, CaseStatusValue
from vawg.cases.services import case_close
from vawg.marac.models import MaracReferral
from vawg.nonprod.demo.referrals import at

# (coded reason, the words, the exit answers given; every other question is "not asked")
CLOSURES: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "support-completed",
        "Safety plan in place; she is confident to call the helpline if she needs to.",
        {"feels-safer": "yes", "abuse-stopped": "stopped", "quality-of-life": "better", "use-again": "yes"},
    ),
    ("risk-reduced", "", {"feels-safer": "yes", "abuse-stopped": "reduced", "quality-of-life": "same"}),
    ("moved-out-of-area", "Moved to family in another county; she declined an onward referral.", {}),
    ("lost-contact", "No answer on the safe number after several attempts over three weeks.", {}),
    ("declined-support", "", {"feels-safer": "not-sure", "use-again": "yes"}),
    ("other", "Now supported by a specialist service for older women.", {"quality-of-life": "better"}),
)


def seed_closures(*, now: datetime) -> int:
    """Close the demo's handful of cases (none if any case has been closed for a coded reason already)."""
    if CaseStatus.objects.filter(status=CaseStatusValue.CLOSED).exclude(closure_version="").exists():
        return 0
    heard = MaracReferral.objects.filter(case=OuterRef("pk"))
    denied = CaseDenyEntry.objects.filter(case=OuterRef("pk"))
    candidates = (
        Case.objects.open()
        .filter(is_restricted=False)
        .exclude(Exists(heard))
        .exclude(Exists(denied))
        .select_related("created_by")
        .order_by("created_at", "reference")[: len(CLOSURES)]
    )
    closed = 0
    for n, (case, (code, words, answers)) in enumerate(zip(candidates, CLOSURES, strict=False)):
        with at(now - timedelta(days=2 * (len(CLOSURES) - n))):
            case_close(case=case, by=case.created_by, closure_reason=code, reason=words, exit_answers=answers)
        closed += 1
    return closed
