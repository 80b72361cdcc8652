"""Consent on a new referral: whether it goes on, waits for consent, or is refused. A pure function.

A referral whose consent is not yet asked waits (awaiting consent) and cannot be accepted until someone
records it. A referral routed to MARAC at high risk never waits: sharing at that level rests on a lawful
basis (DPA 2018 Schedule 1 paragraph 18, safeguarding), so the referrer must say now either that the person
consented or which lawful basis they share on and why (docs/referral-routing.md, "Consent").
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from vawg.referrals.models import CONSENT_RECORDED, RiskGrade, ServiceKind

MARAC_HIGH_RISK_MESSAGE = (
    "This referral goes to MARAC at high risk, so it cannot wait for consent: select that the person "
    "agreed, or that consent was not given and the lawful basis and reason for sharing without it"
)


class ConsentStep(StrEnum):
    GO_ON = "go-on"
    AWAIT = "await"
    REFUSE = "refuse"


def consent_step(*, consent: str, risk_grade: str, service_kinds: Iterable[str]) -> ConsentStep:
    """What happens to a new referral with this consent position, risk grade and routes."""
    if consent in CONSENT_RECORDED:
        return ConsentStep.GO_ON
    if risk_grade == RiskGrade.HIGH and ServiceKind.MARAC in set(service_kinds):
        return ConsentStep.REFUSE
    return ConsentStep.AWAIT
