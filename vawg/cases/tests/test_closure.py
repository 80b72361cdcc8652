"""Closing a case for a coded reason, with the exit questions; reopening keeps the history (docs/case-closure.md)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import Agencies
from vawg.accounts.models import User
from vawg.accounts.testing import SignedIn
from vawg.audit.models import AuditEntry
from vawg.cases import rules, services
from vawg.cases.config import CLOSURE_SETS, NOT_ASKED, ClosureReason
from vawg.cases.models import Case, CaseStatus, CaseStatusValue
from vawg.cases.tests.factories import PersonFactory
from vawg.core.models import save_valid

pytestmark = pytest.mark.django_db

CURRENT = CLOSURE_SETS[-1]
EVERY_QUESTION_NOT_ASKED = {question.code: NOT_ASKED for question in CURRENT.questions}


@pytest.fixture
def case(agencies: Agencies, idva_a: User) -> Case:
    return services.case_open(victim=PersonFactory(), owning_organisation=agencies.a, by=idva_a)


def _status_url(case: Case) -> str:
    return reverse("cases:case_status_change", kwargs={"case_id": case.pk})


@pytest.mark.parametrize("reason", [reason for reason in CURRENT.reasons if not reason.needs_text])
def test_it_closes_for_each_coded_reason(case: Case, idva_a: User, reason: ClosureReason) -> None:
    code = reason.code
    row = services.case_close(case=case, by=idva_a, closure_reason=code)
    row.refresh_from_db()
    case.refresh_from_db()
    assert case.current_status == CaseStatusValue.CLOSED
    assert (row.closure_reason, row.closure_version, row.reason) == (code, CURRENT.version, "")
    assert row.exit_answers == EVERY_QUESTION_NOT_ASKED
    entry = AuditEntry.objects.get(action="cases.case.close")
    assert entry.details == {"status_id": str(row.pk), "closure_reason": code, "closure_version": CURRENT.version}


def test_it_needs_words_for_other_and_saves_nothing_without_them(case: Case, idva_a: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.case_close(case=case, by=idva_a, closure_reason="other", reason="  ")
    assert refused.value.message_dict == {"reason": [rules.OTHER_NEEDS_TEXT]}
    case.refresh_from_db()
    assert case.current_status == CaseStatusValue.OPEN
    assert not AuditEntry.objects.filter(action="cases.case.close").exists()
    row = services.case_close(case=case, by=idva_a, closure_reason="other", reason="Moved abroad with family")
    assert (row.closure_reason, row.reason) == ("other", "Moved abroad with family")


@pytest.mark.parametrize(
    ("code", "field", "message"),
    [("", "closure_reason", rules.MISSING_REASON), ("vanished", "closure_reason", rules.UNKNOWN_REASON)],
)
def test_it_refuses_a_missing_or_unknown_reason(case: Case, idva_a: User, code: str, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.case_close(case=case, by=idva_a, closure_reason=code)
    assert refused.value.message_dict == {field: [message]}
    assert case.statuses.count() == 1


def test_it_stores_the_exit_answers_given_and_not_asked_for_the_rest(case: Case, idva_a: User) -> None:
    answers = {"feels-safer": "yes", "quality-of-life": "better"}
    row = services.case_close(case=case, by=idva_a, closure_reason="risk-reduced", exit_answers=answers)
    row.refresh_from_db()
    assert row.exit_answers == EVERY_QUESTION_NOT_ASKED | answers
    assert "yes" not in str(AuditEntry.objects.get(action="cases.case.close").details)


def test_it_refuses_an_answer_the_question_does_not_have(case: Case, idva_a: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.case_close(
            case=case, by=idva_a, closure_reason="risk-reduced", exit_answers={"feels-safer": "ecstatic"}
        )
    assert "exit_answers" in refused.value.message_dict
    assert case.statuses.count() == 1


def test_it_keeps_closure_fields_off_other_statuses(case: Case, idva_a: User) -> None:
    row = CaseStatus(case=case, status=CaseStatusValue.REOPENED, closure_reason="other", created_by=idva_a)
    with pytest.raises(ValidationError, match="Only a closure has a reason for closing"):
        save_valid(row)


def test_it_keeps_every_closure_when_reopened_and_closed_again(case: Case, idva_a: User) -> None:
    services.case_close(case=case, by=idva_a, closure_reason="lost-contact", exit_answers={"use-again": "yes"})
    services.case_reopen(case=case, by=idva_a, reason="She got back in touch")
    services.case_close(case=case, by=idva_a, closure_reason="support-completed")
    history = list(case.statuses.order_by("created_at").values_list("status", "closure_reason"))
    assert history == [
        (CaseStatusValue.OPEN, ""),
        (CaseStatusValue.CLOSED, "lost-contact"),
        (CaseStatusValue.REOPENED, ""),
        (CaseStatusValue.CLOSED, "support-completed"),
    ]
    first = case.statuses.get(closure_reason="lost-contact")
    assert first.exit_answers["use-again"] == "yes"


# The page ------------------------------------------------------------------------------------------------


def test_it_asks_for_a_reason_and_the_exit_questions(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    page = signed_in(idva_a).get(_status_url(case)).content.decode()
    for reason in CURRENT.reasons:
        assert reason.label in page
    for question in CURRENT.questions:
        assert question.text in page
    assert "Not asked" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select why the case is being closed"),
        ({"closure_reason": "other"}, "Enter why the case is being closed: you chose Other"),
        ({"closure_reason": "nonsense"}, "Select a reason for closing the case from the list"),
        (
            {"closure_reason": "risk-reduced", "exit_use_again": "perhaps"},
            "Choose one of the answers listed, or Not asked",
        ),
    ],
)
def test_it_shows_a_specific_error_and_keeps_the_case_open(
    case: Case, idva_a: User, signed_in: SignedIn, data: dict[str, str], message: str
) -> None:
    response = signed_in(idva_a).post(_status_url(case), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert message in page
    case.refresh_from_db()
    assert case.is_open


def test_it_closes_through_the_page_and_shows_the_history_on_the_case(
    case: Case, idva_a: User, signed_in: SignedIn
) -> None:
    client = signed_in(idva_a)
    data = {"closure_reason": "moved-out-of-area", "exit_feels_safer": "yes", "exit_abuse_stopped": "reduced"}
    assert client.post(_status_url(case), data).status_code == 302
    row = case.statuses.get(status=CaseStatusValue.CLOSED)
    assert row.closure_reason == "moved-out-of-area"
    assert row.exit_answers == EVERY_QUESTION_NOT_ASKED | {"feels-safer": "yes", "abuse-stopped": "reduced"}
    client.post(_status_url(case), {"reason": "New incident"})
    page = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    history = page[page.index('id="status-history"') :]
    assert "Moved out of the area" in history
    assert "Does the survivor feel safer than when support began? Yes" in history
    assert "Reopened" in history
    assert "New incident" in history


def test_it_refuses_the_close_page_to_someone_who_may_not_manage_the_case(
    case: Case, police_b: User, signed_in: SignedIn
) -> None:
    assert signed_in(police_b).post(_status_url(case), {"closure_reason": "risk-reduced"}).status_code == 404
    case.refresh_from_db()
    assert case.is_open
