"""The case list's filter parser and sort order, and the closure check (vawg/cases/rules.py): pure, table-driven."""

from __future__ import annotations

import pytest

from vawg.cases import rules
from vawg.cases.rules import CaseListQuery

CHOICES = {
    "risk_levels": ["not-assessed", "standard", "medium", "high"],
    "statuses": ["open", "closed", "reopened"],
    "districts": ["north", "south"],
    "forms_of_abuse": ["stalking", "fgm"],
}


@pytest.mark.parametrize(
    ("params", "query", "errors"),
    [
        ({}, CaseListQuery(), {}),
        ({"page": ["3"]}, CaseListQuery(), {}),
        ({"whose": ["mine"]}, CaseListQuery(whose="mine"), {}),
        ({"whose": ["team"]}, CaseListQuery(whose="team"), {}),
        ({"whose": ["agency"]}, CaseListQuery(whose="agency"), {}),
        ({"whose": ["all"]}, CaseListQuery(), {}),
        ({"whose": ["everyone"]}, CaseListQuery(), {"whose": "Whose cases must be one of the options listed"}),
        ({"whose": ["mine", "team"]}, CaseListQuery(), {"whose": "Choose only one whose cases"}),
        ({"risk": ["high", "medium"]}, CaseListQuery(risk=("high", "medium")), {}),
        ({"risk": ["high", "high"]}, CaseListQuery(risk=("high",)), {}),
        (
            {"risk": ["extreme", "high"]},
            CaseListQuery(risk=("high",)),
            {"risk": "Risk level must be one of the options listed"},
        ),
        ({"risk": [""]}, CaseListQuery(), {}),
        ({"status": ["open", "reopened"]}, CaseListQuery(status=("open", "reopened")), {}),
        ({"status": ["deleted"]}, CaseListQuery(), {"status": "Status must be one of the options listed"}),
        ({"district": ["north"]}, CaseListQuery(district="north"), {}),
        ({"district": [""]}, CaseListQuery(), {}),
        ({"district": ["atlantis"]}, CaseListQuery(), {"district": "District must be one of the options listed"}),
        ({"abuse": ["stalking"]}, CaseListQuery(abuse="stalking"), {}),
        ({"abuse": ["<script>"]}, CaseListQuery(), {"abuse": "Form of abuse must be one of the options listed"}),
        ({"marac": ["yes"]}, CaseListQuery(marac=True), {}),
        ({"marac": ["no"]}, CaseListQuery(), {"marac": "MARAC in the last 12 months must be ticked or left empty"}),
        ({"no_contact": ["yes"]}, CaseListQuery(no_contact=True), {}),
        (
            {"no_contact": ["1"]},
            CaseListQuery(),
            {"no_contact": "No contact for 14 days or more must be ticked or left empty"},
        ),
        ({"sort": ["risk"]}, CaseListQuery(sort="risk"), {}),
        ({"sort": ["activity"]}, CaseListQuery(), {}),
        ({"sort": ["name"]}, CaseListQuery(), {"sort": "Sort by must be one of the options listed"}),
        ({"sort": [" risk "]}, CaseListQuery(sort="risk"), {}),
        (
            {"whose": ["mine"], "risk": ["high"], "status": ["open"], "district": ["south"], "no_contact": ["yes"]},
            CaseListQuery(whose="mine", risk=("high",), status=("open",), district="south", no_contact=True),
            {},
        ),
    ],
)
def test_it_reads_the_filters(params: dict[str, list[str]], query: CaseListQuery, errors: dict[str, str]) -> None:
    parsed = rules.parse_case_list_query(params, **CHOICES)
    assert parsed.query == query
    assert parsed.errors == errors


def test_it_ignores_the_marac_filter_when_nobody_offers_it() -> None:
    assert rules.parse_case_list_query({"marac": ["yes"]}, **CHOICES, marac=False).query == CaseListQuery()


@pytest.mark.parametrize(
    "query",
    [
        CaseListQuery(),
        CaseListQuery(whose="team", risk=("high", "medium"), sort="risk"),
        CaseListQuery(status=("closed",), district="north", abuse="fgm", marac=True, no_contact=True),
    ],
)
def test_it_reads_back_the_query_string_it_writes(query: CaseListQuery) -> None:
    params: dict[str, list[str]] = {}
    for key, value in query.as_params():
        params.setdefault(key, []).append(value)
    assert rules.parse_case_list_query(params, **CHOICES) == rules.ParsedQuery(query=query)


def test_it_leaves_defaults_out_of_the_query_string() -> None:
    assert CaseListQuery().as_params() == []
    assert CaseListQuery(risk=("high",), marac=True).as_details() == {"risk": ["high"], "marac": ["yes"]}


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("activity", ("-last_activity", "-pk")),
        ("risk", ("-risk_rank", "-last_activity", "-pk")),
        ("anything-else", ("-last_activity", "-pk")),
    ],
)
def test_it_orders_by_the_sort_chosen(sort: str, order: tuple[str, ...]) -> None:
    assert rules.order_for(sort) == order


def test_it_ranks_higher_risk_first() -> None:
    assert sorted(rules.RISK_RANK, key=rules.RISK_RANK.__getitem__, reverse=True) == [
        "high",
        "medium",
        "standard",
        "not-assessed",
    ]


REASONS = {"support-completed": False, "other": True}
QUESTIONS = {"feels-safer": ["yes", "no", "not-asked"]}


@pytest.mark.parametrize(
    ("code", "text", "answers", "problems"),
    [
        ("support-completed", "", {}, {}),
        ("support-completed", "", {"feels-safer": "yes"}, {}),
        ("other", "Moved into a refuge run by a partner", {}, {}),
        ("", "", {}, {"closure_reason": rules.MISSING_REASON}),
        ("vanished", "", {}, {"closure_reason": rules.UNKNOWN_REASON}),
        ("other", "", {}, {"reason": rules.OTHER_NEEDS_TEXT}),
        ("other", "   ", {}, {"reason": rules.OTHER_NEEDS_TEXT}),
        (
            "support-completed",
            "",
            {"feels-safer": "maybe"},
            {"exit_answers": "Choose one of the answers to exit question 'feels-safer'"},
        ),
        (
            "support-completed",
            "",
            {"happy": "yes"},
            {"exit_answers": "There is no exit question 'happy' in this version"},
        ),
    ],
)
def test_it_checks_a_closure(code: str, text: str, answers: dict[str, str], problems: dict[str, str]) -> None:
    assert (
        rules.closure_problems(reasons=REASONS, questions=QUESTIONS, code=code, text=text, answers=answers) == problems
    )
