"""Routing: the default Hertfordshire table, and invariants that hold for any rules."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
from vawg.referrals.rules.routing import (
    AGE_BANDS,
    CONDITION_VALUES,
    DEFAULT_RULES,
    ReferralFacts,
    RuleSpec,
    age_band,
    conditions_errors,
    fgm_report_due,
    route,
)

DA = FormOfAbuse.DOMESTIC_ABUSE
SV = FormOfAbuse.SEXUAL_VIOLENCE


def kinds(facts: ReferralFacts, rules: tuple[RuleSpec, ...] = DEFAULT_RULES) -> list[str]:
    return [decision.service_kind for decision in route(facts, rules)]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            ReferralFacts(forms_of_abuse=frozenset({DA}), risk_grade=RiskGrade.HIGH, age_band="25-plus"),
            ["idva", "marac"],
        ),
        (
            ReferralFacts(forms_of_abuse=frozenset({FormOfAbuse.COERCIVE_CONTROL}), risk_grade=RiskGrade.HIGH),
            ["idva", "marac"],
        ),
        (ReferralFacts(forms_of_abuse=frozenset({DA}), risk_grade=RiskGrade.MEDIUM), ["outreach"]),
        (ReferralFacts(forms_of_abuse=frozenset({DA}), risk_grade=RiskGrade.STANDARD), ["outreach"]),
        (ReferralFacts(forms_of_abuse=frozenset({SV}), risk_grade=RiskGrade.NOT_ASSESSED), ["isva-sarc"]),
        (
            ReferralFacts(forms_of_abuse=frozenset({DA, SV}), risk_grade=RiskGrade.HIGH),
            ["idva", "marac", "isva-sarc"],
        ),
        (
            ReferralFacts(forms_of_abuse=frozenset({SV}), age_band="under-18"),
            ["isva-sarc", "childrens-services", "young-peoples-service"],
        ),
        (
            ReferralFacts(forms_of_abuse=frozenset({FormOfAbuse.FORCED_MARRIAGE})),
            ["specialist-harmful-practices", "safeguarding"],
        ),
        (
            ReferralFacts(forms_of_abuse=frozenset({FormOfAbuse.FGM}), age_band="under-18"),
            ["childrens-services", "young-peoples-service", "specialist-harmful-practices", "safeguarding"],
        ),
        (
            ReferralFacts(subject_role=SubjectRole.PERPETRATOR, source=ReferralSource.PERPETRATOR_SELF),
            ["perpetrator-programme"],
        ),
        # A perpetrator self-referral that mentions domestic abuse still goes only to non-victim services.
        (
            ReferralFacts(
                forms_of_abuse=frozenset({DA}),
                risk_grade=RiskGrade.HIGH,
                subject_role=SubjectRole.PERPETRATOR,
                source=ReferralSource.PERPETRATOR_SELF,
            ),
            ["perpetrator-programme"],
        ),
        # Nothing matches: the helpline.
        (ReferralFacts(forms_of_abuse=frozenset({FormOfAbuse.SPIKING})), ["helpline"]),
        (ReferralFacts(), ["helpline"]),
    ],
)
def test_it_routes_by_the_default_hertfordshire_rules(facts: ReferralFacts, expected: list[str]) -> None:
    assert kinds(facts) == expected


def test_it_gives_one_route_per_service_kind_taking_the_first_rule_by_priority() -> None:
    rules = (
        RuleSpec(name="later", service_kind=ServiceKind.OUTREACH, priority=20, organisation_id="later-org"),
        RuleSpec(name="first", service_kind=ServiceKind.OUTREACH, priority=10, organisation_id="first-org"),
    )
    decisions = route(ReferralFacts(), rules)
    assert [(d.service_kind, d.organisation_id) for d in decisions] == [("outreach", "first-org")]


def test_it_ignores_inactive_rules() -> None:
    rules = (RuleSpec(name="off", service_kind=ServiceKind.OUTREACH, active=False),)
    assert kinds(ReferralFacts(), rules) == ["helpline"]


def test_it_matches_district_and_gender_conditions() -> None:
    rules = (
        RuleSpec(
            name="stevenage women",
            service_kind=ServiceKind.OUTREACH,
            conditions={"districts": ["stevenage"], "genders": [Gender.FEMALE]},
        ),
    )
    assert kinds(ReferralFacts(district="stevenage", gender=Gender.FEMALE), rules) == ["outreach"]
    assert kinds(ReferralFacts(district="watford", gender=Gender.FEMALE), rules) == ["helpline"]
    assert kinds(ReferralFacts(district=None, gender=Gender.FEMALE), rules) == ["helpline"]


@pytest.mark.parametrize(
    ("age", "band"), [(None, None), (0, "under-18"), (17, "under-18"), (18, "18-24"), (24, "18-24"), (25, "25-plus")]
)
def test_it_puts_ages_in_bands(age: int | None, band: str | None) -> None:
    assert age_band(age) == band


@pytest.mark.parametrize(
    ("conditions", "ok"),
    [
        ({}, True),
        ({"forms_of_abuse": ["fgm"], "age_bands": ["under-18"]}, True),
        ({"colour": ["blue"]}, False),
        ({"forms_of_abuse": ["not-a-form"]}, False),
        ({"forms_of_abuse": []}, False),
        ({"forms_of_abuse": "fgm"}, False),
        (["fgm"], False),
    ],
)
def test_it_validates_rule_conditions(conditions: object, ok: bool) -> None:
    assert (conditions_errors(conditions) == []) is ok


@pytest.mark.parametrize(
    ("forms", "band", "regulated", "due"),
    [
        ({FormOfAbuse.FGM}, "under-18", True, True),
        ({FormOfAbuse.FGM}, "under-18", False, False),
        ({FormOfAbuse.FGM}, "18-24", True, False),
        ({FormOfAbuse.FGM}, None, True, False),
        ({DA}, "under-18", True, False),
    ],
)
def test_it_knows_when_the_fgm_reporting_duty_applies(
    forms: set[str], band: str | None, regulated: bool, due: bool
) -> None:
    facts = ReferralFacts(forms_of_abuse=frozenset(forms), age_band=band)
    assert fgm_report_due(facts, regulated_professional=regulated) is due


# Properties over any facts and any rules -------------------------------------------------------

facts_strategy = st.builds(
    ReferralFacts,
    forms_of_abuse=st.frozensets(st.sampled_from(FormOfAbuse.values)),
    risk_grade=st.sampled_from(RiskGrade.values),
    age_band=st.one_of(st.none(), st.sampled_from(AGE_BANDS)),
    gender=st.sampled_from(Gender.values),
    district=st.one_of(st.none(), st.sampled_from(["stevenage", "watford", "dacorum"])),
    needs=st.frozensets(st.sampled_from(Need.values)),
    subject_role=st.sampled_from(SubjectRole.values),
    source=st.sampled_from(ReferralSource.values),
)


def _condition_values(key: str) -> st.SearchStrategy[list[str]]:
    values = CONDITION_VALUES[key]
    pool = sorted(values) if values is not None else ["stevenage", "watford", "dacorum"]
    return st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True)


conditions_strategy = st.fixed_dictionaries({}, optional={key: _condition_values(key) for key in CONDITION_VALUES})
rules_strategy = st.lists(
    st.builds(
        RuleSpec,
        name=st.text(min_size=1, max_size=5),
        service_kind=st.sampled_from(ServiceKind.values),
        conditions=conditions_strategy,
        priority=st.integers(0, 50),
        active=st.booleans(),
    ),
    max_size=8,
).map(tuple)


@given(facts=facts_strategy, rules=rules_strategy)
def test_it_never_sends_a_referral_about_a_perpetrator_to_a_victim_service(
    facts: ReferralFacts, rules: tuple[RuleSpec, ...]
) -> None:
    if facts.about_perpetrator:
        assert not set(kinds(facts, rules)) & VICTIM_SERVICES
        assert not set(kinds(facts)) & VICTIM_SERVICES


@given(facts=facts_strategy, rules=rules_strategy)
def test_it_always_gives_at_least_one_route_and_never_two_of_a_kind(
    facts: ReferralFacts, rules: tuple[RuleSpec, ...]
) -> None:
    for table in (rules, DEFAULT_RULES):
        routed = kinds(facts, table)
        assert routed
        assert len(routed) == len(set(routed))


@given(facts=facts_strategy, rules=rules_strategy, extra=st.sampled_from(FormOfAbuse.values))
def test_it_keeps_routes_of_rules_not_about_forms_of_abuse_when_a_form_is_added(
    facts: ReferralFacts, rules: tuple[RuleSpec, ...], extra: str
) -> None:
    more = ReferralFacts(**{**facts.__dict__, "forms_of_abuse": facts.forms_of_abuse | {extra}})
    for table in (rules, DEFAULT_RULES):
        before = route(facts, table)
        after = {d.service_kind for d in route(more, table)}
        for decision in before:
            rule = next(
                (r for r in table if r.name == decision.rule_name and r.service_kind == decision.service_kind), None
            )
            if rule is not None and "forms_of_abuse" not in rule.conditions:
                assert decision.service_kind in after


def test_it_installs_in_migration_0002_the_default_rules_the_code_names_today() -> None:
    """The migration holds a frozen copy of the defaults: when the defaults change, so must a migration."""
    frozen = importlib.import_module("vawg.referrals.migrations.0002_default_routing_rules").DEFAULT_RULES
    today = [
        {
            "name": spec.name,
            "priority": spec.priority,
            "service_kind": str(spec.service_kind),
            "conditions": {key: [str(value) for value in values] for key, values in spec.conditions.items()},
        }
        for spec in DEFAULT_RULES
    ]
    assert frozen == today
