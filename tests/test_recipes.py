"""The recipes in CONTRIBUTING.md ("Recipes") work as written: each test makes the change the recipe
describes, in the files it lists only, and shows the platform takes it up; or checks the invariant a
newcomer who skipped a step would break, naming the file they missed."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse

from vawg.accounts.models import OrganisationType, User
from vawg.cases.tests.factories import CaseFactory
from vawg.core.dates import LONDON
from vawg.marac.rules.returns import ReturnFigures, compute_return, quarter_of
from vawg.marac.schemas import MaracReturnOut
from vawg.marac.tests.returns_fixture import EXPECTED_Q1, EXPECTED_Q2, documented_return_fields
from vawg.referrals.models import ServiceKind, dash_max_score, dash_score_error
from vawg.referrals.services import SERVICE_PROVIDER_TYPES
from vawg.risk import config
from vawg.risk.config import DashQuestion, DashQuestionSet
from vawg.risk.forms import DashAssessmentForm
from vawg.risk.rules import Answer
from vawg.risk.services import Judgement, dash_assessment_submit

ROOT = Path(__file__).resolve().parents[1]


def _recipe(title: str) -> str:
    """The text of one recipe in CONTRIBUTING.md."""
    text = (ROOT / "CONTRIBUTING.md").read_text()
    start = text.index(f"### {title}")
    end = text.find("\n### ", start + 1)
    return text[start : end if end != -1 else len(text)]


@pytest.mark.parametrize(
    "title", ["Add a DASH question", "Add a MARAC return field", "Add a kind of service to routing", "Add an app"]
)
def test_it_lists_files_that_exist_in_each_recipe(title: str) -> None:
    recipe = _recipe(title)
    named = set(re.findall(r"`((?:vawg|docs|tests)/[\w/.-]+\.(?:py|md|html))`", recipe))
    assert named, f"the recipe '{title}' lists the files to touch"
    missing = sorted(path for path in named if "<" not in path and not (ROOT / path).exists())
    assert not missing, f"the recipe '{title}' names files that do not exist: {missing}"


# Add a DASH question ----------------------------------------------------------------------------------

SEPTEMBER_2030 = date(2030, 9, 2)


@pytest.fixture
def twenty_five_questions(monkeypatch: pytest.MonkeyPatch) -> DashQuestionSet:
    """The recipe's one change: a new question set version in vawg/risk/config.py, in force from 2030."""
    current = config.QUESTION_SETS[-1]
    *groups, (last_heading, last_numbers) = current.groups
    extra = DashQuestionSet(
        version="test-25",
        label="A test checklist (25 questions)",
        effective_from=date(2030, 1, 1),
        source="A test of the recipe",
        questions=(*current.questions, DashQuestion(len(current.questions) + 1, "A question added by the recipe")),
        groups=(*groups, (last_heading, range(last_numbers.start, last_numbers.stop + 1))),
    )
    monkeypatch.setattr(config, "QUESTION_SETS", (*config.QUESTION_SETS, extra))
    return extra


def test_it_takes_a_new_dash_question_from_the_question_set_alone(
    twenty_five_questions: DashQuestionSet, agencies: Any, idva_a: User, signed_in: Callable[[User], Client]
) -> None:
    added = twenty_five_questions.questions[-1]
    with time_machine.travel(datetime(2030, 9, 2, 10, tzinfo=LONDON), tick=False):
        form = DashAssessmentForm()
        assert f"item_{added.number}" in form.fields  # the form asks it, in its group
        case = CaseFactory(owning_organisation=agencies.a)
        assessment = dash_assessment_submit(
            case=case,
            by=idva_a,
            answers=dict.fromkeys(twenty_five_questions.numbers, Answer.YES),
            item_notes={},
            judgement=Judgement(),
            assessment_date=SEPTEMBER_2030,
        )
        assert (assessment.score, assessment.form_version) == (25, "test-25")  # scored and recorded
        url = reverse("risk:dash_assessment_detail", kwargs={"case_id": case.pk, "assessment_id": assessment.pk})
        page = signed_in(idva_a).get(url).content.decode()
        assert "25 out of 25" in page and added.label in page  # shown against its own question set
        # A referral reporting a DASH score is checked against the same question set.
        assert dash_max_score(SEPTEMBER_2030) == 25
        assert dash_score_error(25, SEPTEMBER_2030) is None and dash_score_error(26, SEPTEMBER_2030)
    # An assessment made before it came in keeps its own 24 questions.
    assert dash_max_score(date(2029, 12, 31)) == 24


# Add a MARAC return field -------------------------------------------------------------------------------

# ReturnFigures fields that are not return figures in their own right: the period (sent as "from" and
# "to"), and two shown on the page only, beside the figures they qualify.
RETURN_PAGE_ONLY = {"period", "children_unknown", "adult_female_population"}


def test_it_sends_every_return_figure_through_the_api_schema_and_the_docs() -> None:
    figures = compute_return(
        period=quarter_of(date(2026, 5, 1)), meeting_dates=[], cases=[], adult_female_population=None
    )
    api_fields = set(figures.as_api())
    schema_fields = {field.alias or name for name, field in MaracReturnOut.model_fields.items()}
    assert api_fields == schema_fields, "vawg/marac/schemas.py MaracReturnOut and ReturnFigures.as_api() differ"
    figure_fields = {field.name for field in dataclasses.fields(ReturnFigures)} - RETURN_PAGE_ONLY
    assert figure_fields <= api_fields, f"ReturnFigures.as_api() lacks {sorted(figure_fields - api_fields)}"
    documented = documented_return_fields() | {"from", "to", "cases_per_10k_adult_women"}
    assert api_fields == documented, (
        f"docs/domain/marac.md 'The quarterly return' differs from the API by {sorted(api_fields ^ documented)}"
    )
    assert set(EXPECTED_Q1) == set(EXPECTED_Q2) == api_fields, "vawg/marac/tests/returns_fixture.py lacks a figure"


def test_it_shows_every_return_figure_as_a_row() -> None:
    figures = compute_return(
        period=quarter_of(date(2026, 5, 1)), meeting_dates=[], cases=[], adult_female_population=None
    )
    labels = [label for label, _value in figures.rows()]
    assert len(labels) == len(set(labels)), "two rows of the return share a label"
    # One row for each figure (referrals by agency: one per agency; meeting dates: a count and the dates).
    figure_fields = {field.name for field in dataclasses.fields(ReturnFigures)} - {"period"}
    expected = len(figure_fields) - 1 + len(figures.referrals_by_agency) + 1 + 2  # + From, To
    assert len(labels) == expected, "ReturnFigures.rows() needs a row for each figure"


# Add a kind of service to routing -----------------------------------------------------------------------


def test_it_knows_who_provides_every_kind_of_service() -> None:
    organisation_types = set(OrganisationType.values)
    missing = [kind for kind in ServiceKind.values if not SERVICE_PROVIDER_TYPES.get(kind)]
    assert not missing, f"vawg/referrals/services/referrals.py SERVICE_PROVIDER_TYPES lacks {missing}"
    unknown = {kind: types for kind, types in SERVICE_PROVIDER_TYPES.items() if set(types) - organisation_types}
    assert not unknown, f"SERVICE_PROVIDER_TYPES names agency types that do not exist: {unknown}"


def test_it_documents_every_kind_of_service() -> None:
    doc = (ROOT / "docs" / "referral-routing.md").read_text()
    missing = [kind for kind in ServiceKind.values if f"`{kind}`" not in doc]
    assert not missing, f"docs/referral-routing.md lacks the service kinds {missing}"


# Add an app ----------------------------------------------------------------------------------------------


def test_it_describes_every_app_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    ours = sorted(
        config.name.removeprefix("vawg.") for config in apps.get_app_configs() if config.name.startswith("vawg.")
    )
    missing = [app for app in ours if f"| `{app}` |" not in readme]
    assert not missing, f"README.md's Architecture table lacks {missing}"
