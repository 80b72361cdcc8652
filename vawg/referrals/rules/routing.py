"""Routing: which services a referral goes to. Pure functions (no database), so they are easy to test.

``route(facts, rules)`` returns every matching rule's service in priority order, one decision
per service kind. Two invariants hold whatever the rules say:
- a referral about a person causing harm never goes to a victim/survivor service;
- every referral gets at least one route (the helpline, if nothing else matches).
The rules themselves are data (``RoutingRule`` rows an administrator edits); the services
turn rows into ``RuleSpec``s and a referral into ``ReferralFacts``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vawg.people.models import Gender
from vawg.referrals.models import (
    VICTIM_SERVICES,
    FormOfAbuse,
    Need,
    ReferralSource,
    RiskGrade,
    ServiceKind,
    SubjectRole,
)

UNDER_18 = "under-18"
AGE_18_24 = "18-24"
AGE_25_PLUS = "25-plus"
AGE_BANDS = (UNDER_18, AGE_18_24, AGE_25_PLUS)

# Condition keys and the values each may hold (districts are slugs, checked against the database elsewhere).
CONDITION_VALUES: dict[str, frozenset[str] | None] = {
    "forms_of_abuse": frozenset(FormOfAbuse.values),
    "risk_grades": frozenset(RiskGrade.values),
    "age_bands": frozenset(AGE_BANDS),
    "genders": frozenset(Gender.values),
    "districts": None,
    "needs": frozenset(Need.values),
    "subject_roles": frozenset(SubjectRole.values),
    "sources": frozenset(ReferralSource.values),
}


def age_band(age: int | None) -> str | None:
    """The routing age band for an age in whole years (None when the age is not known)."""
    if age is None:
        return None
    if age < 18:
        return UNDER_18
    if age < 25:
        return AGE_18_24
    return AGE_25_PLUS


def age_on(date_of_birth: date, on: date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


@dataclass(frozen=True)
class ReferralFacts:
    """What routing may look at about a referral."""

    forms_of_abuse: frozenset[str] = frozenset()
    risk_grade: str = RiskGrade.NOT_ASSESSED
    age_band: str | None = None
    gender: str = Gender.NOT_KNOWN
    district: str | None = None  # slug
    needs: frozenset[str] = frozenset()
    subject_role: str = SubjectRole.VICTIM
    source: str = ReferralSource.PROFESSIONAL

    @property
    def about_perpetrator(self) -> bool:
        return self.subject_role == SubjectRole.PERPETRATOR or self.source == ReferralSource.PERPETRATOR_SELF


@dataclass(frozen=True)
class RuleSpec:
    """A routing rule as data."""

    name: str
    service_kind: str
    conditions: Mapping[str, Sequence[str]] = field(default_factory=dict)
    priority: int = 100
    organisation_id: Any = None
    rule_id: Any = None
    version: int | None = None
    active: bool = True


@dataclass(frozen=True)
class RouteDecision:
    service_kind: str
    organisation_id: Any = None
    rule_id: Any = None
    rule_version: int | None = None
    rule_name: str = ""


FALLBACK = RouteDecision(service_kind=ServiceKind.HELPLINE, rule_name="Fallback: helpline")


def conditions_errors(conditions: Any) -> list[str]:
    """What is wrong with a rule's ``conditions`` (empty when it is valid)."""
    if not isinstance(conditions, dict):
        return ["Conditions must be a JSON object"]
    problems: list[str] = []
    for key, values in conditions.items():
        if key not in CONDITION_VALUES:
            problems.append(f"Unknown condition {key!r}: use one of {', '.join(sorted(CONDITION_VALUES))}")
            continue
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            problems.append(f"Condition {key!r} must be a non-empty list of codes")
            continue
        allowed = CONDITION_VALUES[key]
        unknown = sorted(set(values) - allowed) if allowed is not None else []
        if unknown:
            problems.append(f"Condition {key!r} has unknown values: {', '.join(unknown)}")
    return problems


def _matches_any(wanted: Iterable[str], have: Iterable[str]) -> bool:
    return bool(set(wanted) & set(have))


def matches(facts: ReferralFacts, conditions: Mapping[str, Sequence[str]]) -> bool:
    """Whether every condition holds (a missing key matches anything; a value not known matches nothing)."""
    single: dict[str, str | None] = {
        "risk_grades": facts.risk_grade,
        "age_bands": facts.age_band,
        "genders": facts.gender,
        "districts": facts.district,
        "subject_roles": facts.subject_role,
        "sources": facts.source,
    }
    for key, wanted in conditions.items():
        if key == "forms_of_abuse":
            if not _matches_any(wanted, facts.forms_of_abuse):
                return False
        elif key == "needs":
            if not _matches_any(wanted, facts.needs):
                return False
        elif key in single:
            if single[key] not in set(wanted):
                return False
        else:
            return False  # an unknown condition never matches (rules are validated on save)
    return True


def route(facts: ReferralFacts, rules: Sequence[RuleSpec]) -> list[RouteDecision]:
    """Every matching active rule's route, in priority order, de-duplicated by service kind."""
    decisions: list[RouteDecision] = []
    seen: set[str] = set()
    for rule in sorted(rules, key=lambda r: (r.priority, r.name)):
        if not rule.active or rule.service_kind in seen or not matches(facts, rule.conditions):
            continue
        if facts.about_perpetrator and rule.service_kind in VICTIM_SERVICES:
            continue
        seen.add(rule.service_kind)
        decisions.append(
            RouteDecision(
                service_kind=rule.service_kind,
                organisation_id=rule.organisation_id,
                rule_id=rule.rule_id,
                rule_version=rule.version,
                rule_name=rule.name,
            )
        )
    return decisions or [FALLBACK]


# The Hertfordshire defaults (docs/referral-routing.md#the-default-hertfordshire-rules), installed by
# ``routing_rules_install_defaults`` and written out in migration referrals.0002.
_DA = [FormOfAbuse.DOMESTIC_ABUSE, FormOfAbuse.COERCIVE_CONTROL, FormOfAbuse.ECONOMIC_ABUSE]
_VICTIM = [SubjectRole.VICTIM]
DEFAULT_RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name="High-risk domestic abuse: IDVA service",
        service_kind=ServiceKind.IDVA,
        conditions={"forms_of_abuse": _DA, "risk_grades": [RiskGrade.HIGH], "subject_roles": _VICTIM},
        priority=10,
    ),
    RuleSpec(
        name="High-risk domestic abuse: MARAC",
        service_kind=ServiceKind.MARAC,
        conditions={"forms_of_abuse": _DA, "risk_grades": [RiskGrade.HIGH], "subject_roles": _VICTIM},
        priority=11,
    ),
    RuleSpec(
        name="Medium, standard or unassessed domestic abuse: community outreach for the district",
        service_kind=ServiceKind.OUTREACH,
        conditions={
            "forms_of_abuse": _DA,
            "risk_grades": [RiskGrade.MEDIUM, RiskGrade.STANDARD, RiskGrade.NOT_ASSESSED],
            "subject_roles": _VICTIM,
        },
        priority=20,
    ),
    RuleSpec(
        name="Sexual violence: ISVA service or SARC",
        service_kind=ServiceKind.ISVA_SARC,
        conditions={"forms_of_abuse": [FormOfAbuse.SEXUAL_VIOLENCE], "subject_roles": _VICTIM},
        priority=30,
    ),
    RuleSpec(
        name="Under 18: children's services",
        service_kind=ServiceKind.CHILDRENS_SERVICES,
        conditions={"age_bands": [UNDER_18]},
        priority=40,
    ),
    RuleSpec(
        name="Under 18: young people's service",
        service_kind=ServiceKind.YOUNG_PEOPLES_SERVICE,
        conditions={"age_bands": [UNDER_18], "subject_roles": _VICTIM},
        priority=41,
    ),
    RuleSpec(
        name="Honour-based abuse, forced marriage or FGM: specialist service",
        service_kind=ServiceKind.SPECIALIST_HARMFUL_PRACTICES,
        conditions={
            "forms_of_abuse": [FormOfAbuse.HONOUR_BASED_ABUSE, FormOfAbuse.FORCED_MARRIAGE, FormOfAbuse.FGM],
            "subject_roles": _VICTIM,
        },
        priority=50,
    ),
    RuleSpec(
        name="Honour-based abuse, forced marriage or FGM: safeguarding",
        service_kind=ServiceKind.SAFEGUARDING,
        conditions={
            "forms_of_abuse": [FormOfAbuse.HONOUR_BASED_ABUSE, FormOfAbuse.FORCED_MARRIAGE, FormOfAbuse.FGM],
        },
        priority=51,
    ),
    RuleSpec(
        name="Self-referral about own behaviour: perpetrator programme",
        service_kind=ServiceKind.PERPETRATOR_PROGRAMME,
        conditions={"sources": [ReferralSource.PERPETRATOR_SELF]},
        priority=60,
    ),
)


def fgm_report_due(facts: ReferralFacts, *, regulated_professional: bool) -> bool:
    """The FGM mandatory reporting duty (FGM Act 2003 s5B): known FGM in a girl under 18, known to a
    regulated professional (health or social care professional, or teacher), must be reported to the police."""
    return regulated_professional and FormOfAbuse.FGM in facts.forms_of_abuse and facts.age_band == UNDER_18
