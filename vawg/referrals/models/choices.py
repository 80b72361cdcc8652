"""The referral pathway's vocabulary: forms of VAWG, sources, consent, risk, states and services."""

from __future__ import annotations

from datetime import date

from django.db import models

from vawg.referrals.hooks import DASH_SCALE

VIEW_REFERRALS = "referrals.view_referrals"
TRIAGE = "referrals.triage"
OVERRIDE_CONSENT = "referrals.override_consent"


class FormOfAbuse(models.TextChoices):
    DOMESTIC_ABUSE = "domestic-abuse", "Domestic abuse"
    COERCIVE_CONTROL = "coercive-control", "Coercive or controlling behaviour"
    ECONOMIC_ABUSE = "economic-abuse", "Economic abuse"
    SEXUAL_VIOLENCE = "sexual-violence", "Sexual violence"
    STALKING = "stalking", "Stalking"
    HARASSMENT = "harassment", "Harassment"
    HONOUR_BASED_ABUSE = "honour-based-abuse", "Honour-based abuse"
    FORCED_MARRIAGE = "forced-marriage", "Forced marriage"
    FGM = "fgm", "Female genital mutilation (FGM)"
    TRAFFICKING = "trafficking-sexual-exploitation", "Trafficking or sexual exploitation"
    TECHNOLOGY = "technology-facilitated-abuse", "Technology-facilitated abuse"
    SPIKING = "spiking", "Spiking"


# Forms of abuse that count as domestic abuse for routing (Domestic Abuse Act 2021 s1).
DOMESTIC_ABUSE_FORMS = frozenset({FormOfAbuse.DOMESTIC_ABUSE, FormOfAbuse.COERCIVE_CONTROL, FormOfAbuse.ECONOMIC_ABUSE})


class ReferralSource(models.TextChoices):
    PROFESSIONAL = "professional", "Professional referral"
    SELF = "self", "Self-referral"
    PERPETRATOR_SELF = "perpetrator-self", "Self-referral by someone worried about their own behaviour"


class SubjectRole(models.TextChoices):
    VICTIM = "victim", "Victim or survivor"
    PERPETRATOR = "perpetrator", "Person causing harm"


class Consent(models.TextChoices):
    GIVEN = "given", "Consent given to refer and share"
    NOT_GIVEN_LAWFUL_BASIS = (
        "not-given-shared-with-lawful-basis",
        "Consent not given: shared on a lawful basis",
    )
    NOT_YET_ASKED = "not-yet-asked", "Not yet asked"


class RiskTool(models.TextChoices):
    SAFELIVES_DASH = "safelives-dash", "SafeLives DASH"
    POLICE_DASH = "police-dash", "Police DASH"
    DARA = "dara", "Police DARA"
    OTHER = "other", "Another tool"
    NONE = "none", "Not assessed"


class RiskGrade(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    NOT_ASSESSED = "not-assessed", "Not assessed"


# --- A SafeLives DASH score reported on a referral ---------------------------------------------------

_GRADE_RANK = {RiskGrade.STANDARD: 0, RiskGrade.MEDIUM: 1, RiskGrade.HIGH: 2}


def dash_max_score(on: date) -> int | None:
    """The highest SafeLives DASH score on ``on`` (None when no scale is registered)."""
    return DASH_SCALE[0].max_score(on) if DASH_SCALE else None


def dash_score_error(score: int | None, on: date) -> str | None:
    """Why ``score`` is not a SafeLives DASH score on ``on`` (None if it is, or no scale is registered)."""
    highest = dash_max_score(on)
    if score is None or highest is None:
        return None
    return None if 0 <= score <= highest else f"DASH score must be a number from 0 to {highest}"


def dash_grade_error(score: int | None, grade: str, on: date) -> str | None:
    """Why ``grade`` cannot go with a SafeLives DASH ``score`` (None if it can).

    Professional judgement may raise a level above the score's band, never lower it.
    """
    if score is None or not DASH_SCALE or grade not in _GRADE_RANK:
        return None
    band = DASH_SCALE[0].band(score, on)
    if _GRADE_RANK[RiskGrade(grade)] < _GRADE_RANK[RiskGrade(band)]:
        return (
            f"A DASH score of {score} is {RiskGrade(band).label.lower()} risk: the risk level cannot be lower "
            "(professional judgement can only raise it)"
        )
    return None


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"


class Need(models.TextChoices):
    HOUSING = "housing", "Housing"
    LEGAL = "legal", "Legal"
    FINANCIAL = "financial", "Financial"
    MENTAL_HEALTH = "mental-health", "Mental health"
    SUBSTANCE_USE = "substance-use", "Substance use"
    CHILDREN = "children", "Children"
    IMMIGRATION = "immigration", "Immigration"
    DISABILITY = "disability", "Disability"
    INTERPRETER = "interpreter", "Interpreter"
    OTHER = "other", "Other"


class ReferralState(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    AWAITING_CONSENT = "awaiting-consent", "Awaiting consent"
    TRIAGED = "triaged", "Triaged"
    SENT = "sent", "Sent to service"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"


# The state machine: from each state (None: a new referral), the states it may move to.
# A referral whose consent is not yet asked moves from submitted to awaiting consent as it comes in
# (intake does it); once consent is recorded, or set aside on a lawful basis, it goes back to submitted
# and on through triage. Awaiting consent, it can only be withdrawn or declined: never accepted.
STATE_TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({ReferralState.SUBMITTED}),
    ReferralState.SUBMITTED: frozenset(
        {ReferralState.AWAITING_CONSENT, ReferralState.TRIAGED, ReferralState.WITHDRAWN}
    ),
    ReferralState.AWAITING_CONSENT: frozenset(
        {ReferralState.SUBMITTED, ReferralState.DECLINED, ReferralState.WITHDRAWN}
    ),
    ReferralState.TRIAGED: frozenset({ReferralState.SENT, ReferralState.DECLINED, ReferralState.WITHDRAWN}),
    ReferralState.SENT: frozenset({ReferralState.ACCEPTED, ReferralState.DECLINED, ReferralState.WITHDRAWN}),
    ReferralState.ACCEPTED: frozenset({ReferralState.CLOSED}),
    ReferralState.DECLINED: frozenset({ReferralState.CLOSED}),
    ReferralState.WITHDRAWN: frozenset(),
    ReferralState.CLOSED: frozenset(),
}
# States that need a reason.
REASON_REQUIRED = frozenset({ReferralState.DECLINED})
# States in which first contact is still awaited (the overdue list).
AWAITING_CONTACT_STATES = frozenset(
    {ReferralState.SUBMITTED, ReferralState.AWAITING_CONSENT, ReferralState.TRIAGED, ReferralState.SENT}
)
# Open states in which a referral whose consent is not yet asked waits for it (it cannot be accepted).
# New referrals wait in AWAITING_CONSENT; the others hold referrals made before that state existed.
CONSENT_AWAITED_STATES = AWAITING_CONTACT_STATES
# Consent positions that let a referral go on to acceptance.
CONSENT_RECORDED = frozenset({Consent.GIVEN, Consent.NOT_GIVEN_LAWFUL_BASIS})
# The shortest reason for sharing without asking the person (as for break-glass).
OVERRIDE_REASON_MIN_LENGTH = 20


class ServiceKind(models.TextChoices):
    IDVA = "idva", "IDVA service"
    MARAC = "marac", "MARAC"
    OUTREACH = "outreach", "Community outreach service"
    ISVA_SARC = "isva-sarc", "ISVA service or SARC"
    CHILDRENS_SERVICES = "childrens-services", "Children's services"
    YOUNG_PEOPLES_SERVICE = "young-peoples-service", "Young people's service"
    SPECIALIST_HARMFUL_PRACTICES = "specialist-harmful-practices", "Specialist harmful practices service"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    PERPETRATOR_PROGRAMME = "perpetrator-programme", "Perpetrator programme"
    HELPLINE = "helpline", "Helpline"


# Services for victims and survivors: a perpetrator self-referral never routes to these.
VICTIM_SERVICES = frozenset(
    {
        ServiceKind.IDVA,
        ServiceKind.MARAC,
        ServiceKind.OUTREACH,
        ServiceKind.ISVA_SARC,
        ServiceKind.YOUNG_PEOPLES_SERVICE,
        ServiceKind.SPECIALIST_HARMFUL_PRACTICES,
    }
)


class DuplicateResolution(models.TextChoices):
    PENDING = "pending", "Not yet checked"
    LINKED = "linked", "Same person: linked"
    NOT_DUPLICATE = "not-duplicate", "Not the same person"


class TaskKind(models.TextChoices):
    FGM_POLICE_REPORT = "fgm-police-report", "Report known FGM in a girl under 18 to the police (FGM Act 2003 s5B)"
