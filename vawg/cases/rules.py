"""The case list's filters and sort order, read from the query string (pure: no database).

``parse_case_list_query`` turns the query string's lists of values into a ``CaseListQuery`` and a
message for each value it could not use; the view shows those messages and lists with the rest.
Filters hold codes only (a risk level, a status, a district's slug, a form of abuse), never personal
data, so they may sit in the URL (docs/case-list.md).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from vawg.cases.config import CLOSURE_SETS_BY_VERSION, ClosureSet

# Whose cases: every case the user can see, or only some of them (docs/case-list.md says which).
WHOSE: dict[str, str] = {
    "all": "All the cases I can see",
    "mine": "My cases (I am on the team or opened the case)",
    "team": "My team's cases (a colleague at my agency is on the team)",
    "agency": "My agency's cases (held by my agency)",
}
SORTS: dict[str, str] = {
    "activity": "Last activity, newest first",
    "risk": "Risk, highest first, then last activity",
}
YES = "yes"
# Highest risk first when sorting by risk.
RISK_RANK: dict[str, int] = {"high": 3, "medium": 2, "standard": 1, "not-assessed": 0}
# The query-string parameters, in the order a canonical query string lists them.
PARAMETERS = ("whose", "risk", "status", "district", "abuse", "marac", "no_contact", "sort")
LABELS: dict[str, str] = {
    "whose": "Whose cases",
    "risk": "Risk level",
    "status": "Status",
    "district": "District",
    "abuse": "Form of abuse",
    "marac": "MARAC in the last 12 months",
    "no_contact": "No contact for 14 days or more",
    "sort": "Sort by",
}


@dataclass(frozen=True)
class CaseListQuery:
    """What the list is narrowed to and how it is sorted. Empty tuples and strings mean "any"."""

    whose: str = "all"
    risk: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    district: str = ""
    abuse: str = ""
    marac: bool = False
    no_contact: bool = False
    sort: str = "activity"

    def as_params(self) -> list[tuple[str, str]]:
        """The canonical query string's pairs (defaults left out): for links, the download and the audit."""
        pairs: list[tuple[str, str]] = []
        if self.whose != "all":
            pairs.append(("whose", self.whose))
        pairs += [("risk", level) for level in self.risk]
        pairs += [("status", status) for status in self.status]
        if self.district:
            pairs.append(("district", self.district))
        if self.abuse:
            pairs.append(("abuse", self.abuse))
        if self.marac:
            pairs.append(("marac", YES))
        if self.no_contact:
            pairs.append(("no_contact", YES))
        if self.sort != "activity":
            pairs.append(("sort", self.sort))
        return pairs

    def as_details(self) -> dict[str, list[str]]:
        """The filter as an audit entry's details hold it: codes only."""
        details: dict[str, list[str]] = {}
        for key, value in self.as_params():
            details.setdefault(key, []).append(value)
        return details


@dataclass(frozen=True)
class ParsedQuery:
    query: CaseListQuery
    errors: dict[str, str] = field(default_factory=dict)  # parameter: message


def _one(values: Sequence[str], key: str, errors: dict[str, str]) -> str:
    cleaned = [value.strip() for value in values if value.strip()]
    if len(set(cleaned)) > 1:
        errors[key] = f"Choose only one {LABELS[key].lower()}"
        return ""
    return cleaned[0] if cleaned else ""


def _choice(values: Sequence[str], key: str, allowed: Collection[str], errors: dict[str, str]) -> str:
    value = _one(values, key, errors)
    if value and value not in allowed:
        errors[key] = f"{LABELS[key]} must be one of the options listed"
        return ""
    return value


def _many(values: Sequence[str], key: str, allowed: Collection[str], errors: dict[str, str]) -> tuple[str, ...]:
    cleaned = [value.strip() for value in values if value.strip()]
    if any(value not in allowed for value in cleaned):
        errors[key] = f"{LABELS[key]} must be one of the options listed"
    return tuple(value for value in dict.fromkeys(cleaned) if value in allowed)


def _flag(values: Sequence[str], key: str, errors: dict[str, str]) -> bool:
    value = _one(values, key, errors)
    if value and value != YES:
        errors[key] = f"{LABELS[key]} must be ticked or left empty"
        return False
    return value == YES


def parse_case_list_query(
    params: Mapping[str, Sequence[str]],
    *,
    risk_levels: Collection[str],
    statuses: Collection[str],
    districts: Collection[str],
    forms_of_abuse: Collection[str],
    marac: bool = True,
) -> ParsedQuery:
    """Read the case list's filters from ``params`` (each parameter's list of values, as
    ``QueryDict.lists()`` gives them), allowing only the codes given. Parameters it does not know (the
    page number) are left alone; a value it cannot use gets a message and is left out."""
    errors: dict[str, str] = {}

    def values(key: str) -> Sequence[str]:
        return params.get(key, ())

    abuse = _choice(values("abuse"), "abuse", forms_of_abuse, errors)
    query = CaseListQuery(
        whose=_choice(values("whose"), "whose", WHOSE, errors) or "all",
        risk=_many(values("risk"), "risk", risk_levels, errors),
        status=_many(values("status"), "status", statuses, errors),
        district=_choice(values("district"), "district", districts, errors),
        abuse=abuse,
        marac=_flag(values("marac"), "marac", errors) and marac,
        no_contact=_flag(values("no_contact"), "no_contact", errors),
        sort=_choice(values("sort"), "sort", SORTS, errors) or "activity",
    )
    return ParsedQuery(query=query, errors=errors)


def order_for(sort: str) -> tuple[str, ...]:
    """The ``order_by`` of the list for a sort code, ties broken so pages never overlap. Expects the
    annotations ``last_activity`` and ``risk_rank`` (vawg/cases/selectors.py)."""
    if sort == "risk":
        return ("-risk_rank", "-last_activity", "-pk")
    return ("-last_activity", "-pk")


# Closing a case: the coded reason and the exit answers (vawg/cases/config.py, docs/case-closure.md) ---------

MISSING_REASON = "Select why the case is being closed"
UNKNOWN_REASON = "Select a reason for closing the case from the list"
OTHER_NEEDS_TEXT = "Enter why the case is being closed: you chose Other"


def closure_problems(
    *,
    reasons: Mapping[str, bool],
    questions: Mapping[str, Collection[str]],
    code: str,
    text: str,
    answers: Mapping[str, str],
) -> dict[str, str]:
    """What is wrong with a closure, by field: ``reasons`` maps each code to whether it needs text;
    ``questions`` maps each exit question to its answer codes. Empty when it may be saved."""
    problems: dict[str, str] = {}
    if not code:
        problems["closure_reason"] = MISSING_REASON
    elif code not in reasons:
        problems["closure_reason"] = UNKNOWN_REASON
    elif reasons[code] and not text.strip():
        problems["reason"] = OTHER_NEEDS_TEXT
    for question, answer in answers.items():
        if question not in questions:
            problems["exit_answers"] = f"There is no exit question {question!r} in this version"
        elif answer not in questions[question]:
            problems["exit_answers"] = f"Choose one of the answers to exit question {question!r}"
    return problems


def closure_set_problems(
    closure_set: ClosureSet, *, code: str, text: str, answers: Mapping[str, str]
) -> dict[str, str]:
    """``closure_problems`` against one version of the closure configuration."""
    return closure_problems(
        reasons={reason.code: reason.needs_text for reason in closure_set.reasons},
        questions={question.code: [answer for answer, _ in question.answers] for question in closure_set.questions},
        code=code,
        text=text,
        answers=answers,
    )


def closure_problems_of(row: Any) -> dict[str, str]:
    """What is wrong with a ``CaseStatus`` row's closure fields (its ``clean()``). Only a closure has them;
    a closure recorded before coded reasons has no version and is left as it was."""
    has_closure = bool(row.closure_reason or row.closure_version or row.exit_answers)
    if row.status != "closed":
        return {"closure_reason": "Only a closure has a reason for closing"} if has_closure else {}
    if not row.closure_version:
        return {"closure_reason": "A reason for closing needs its version"} if has_closure else {}
    closure_set = CLOSURE_SETS_BY_VERSION.get(row.closure_version)
    if closure_set is None:
        return {"closure_version": f"There is no version {row.closure_version!r} of the reasons for closing"}
    return closure_set_problems(closure_set, code=row.closure_reason, text=row.reason, answers=row.exit_answers)
