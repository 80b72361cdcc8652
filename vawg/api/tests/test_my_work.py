"""My work (docs/my-work.md): for every persona each count equals the rows of the list it links to, the
home page and ``GET /api/v1/me/work`` agree, nothing hidden by a gate is counted, and the cost in queries
does not grow with the caseload."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vawg.accounts.hooks import MY_WORK
from vawg.accounts.models import User
from vawg.accounts.selectors import my_work_counts
from vawg.api.schemas import MyWorkOut
from vawg.api.tests import my_work_fixture


def _paginated(response: Any) -> int:
    return int(response.context["page"].paginator.count)


# How many rows each count's list page shows (read from what the page was given to lay out).
ROWS: dict[str, Callable[[Any], int]] = {
    "referrals_to_triage": _paginated,
    "first_contacts_overdue": _paginated,
    "consent_awaited": _paginated,
    "research_due": lambda response: len(response.context["outstanding"]),
    "actions_due": lambda response: len(response.context["rows"]),
    "actions_overdue": lambda response: len(response.context["rows"]),
    "victims_to_tell": lambda response: len(response.context["items"]),
    "reassessments_due": _paginated,
    "grants_expiring": _paginated,
    "services_check_due": lambda response: len(response.context["rows"]),
    "reservations_waiting": lambda response: len(response.context["held"]),
    "accommodation_requests_open": lambda response: len(response.context["rows"]),
    "matac_tactics_due": lambda response: len(response.context["rows"]),
    "orders_due": _paginated,
    "case_orders_due": lambda response: len(response.context["rows"]),
    "programme_referrals_to_triage": _paginated,
    "high_harm_interventions_due": lambda response: len(response.context["rows"]),
}

IDVA_A = {
    "referrals_to_triage": 2,
    "first_contacts_overdue": 2,
    "consent_awaited": 2,
    "research_due": 1,
    "actions_due": 4,
    "actions_overdue": 1,
    "victims_to_tell": 2,
    "reassessments_due": 3,
    "grants_expiring": 2,
}
POLICE_B = {
    "referrals_to_triage": 1,
    "first_contacts_overdue": 1,
    "consent_awaited": 1,
    "research_due": 1,
    "actions_due": 0,
    "actions_overdue": 1,
    "victims_to_tell": 0,
    "reassessments_due": 3,
    "grants_expiring": 2,
}


def _fresh(user: User) -> User:
    """The user as a new request would load them (no cached roles)."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def caseload(agencies: Any, personas: dict[str, Any]) -> dict[str, Any]:
    my_work_fixture.build(agencies, personas)
    return personas


def test_it_registers_every_count_the_api_answers() -> None:
    assert set(MY_WORK) == set(MyWorkOut.model_fields) == set(ROWS)


def test_it_counts_what_idva_a_and_police_b_may_see(caseload: dict[str, Any]) -> None:
    idva = my_work_counts(_fresh(caseload["idva_a"]))
    police = my_work_counts(_fresh(caseload["police_b"]))
    assert {key: idva[key] for key in IDVA_A} == IDVA_A
    assert {key: police[key] for key in POLICE_B} == POLICE_B


def _url(entry: Any) -> str:
    return reverse(entry.url_name) + (f"?{entry.query}" if entry.query else "")


def test_it_gives_each_persona_counts_equal_to_the_rows_of_each_list(caseload: dict[str, Any], signed_in: Any) -> None:
    problems = []
    for name, user in caseload.items():
        if user is None:
            continue
        client = signed_in(user)
        counts = my_work_counts(_fresh(user))
        for key, entry in MY_WORK.items():
            if not user.has_perm(entry.permission):
                assert counts[key] == 0, f"{name}: {key} counted without {entry.permission}"
                continue
            response = client.get(_url(entry))
            assert response.status_code == 200, f"{name}: {key} list answered {response.status_code}"
            shown = ROWS[key](response)
            if shown != counts[key]:
                problems.append(f"{name}: {key} counts {counts[key]} but its list shows {shown}")
    assert not problems, "\n".join(problems)


def test_it_shows_the_counts_on_the_home_page_each_linking_to_its_list(
    caseload: dict[str, Any], signed_in: Any
) -> None:
    response = signed_in(caseload["idva_a"]).get("/home/")
    rows = {row.key: row for row in response.context["work"]}
    assert {key: rows[key].count for key in IDVA_A} == IDVA_A
    assert rows["actions_due"].url == "/marac/actions/?state=due-soon"
    body = response.content.decode()
    assert 'id="my-work"' in body
    assert body.index('id="my-work"') < body.index("Make a referral")


def test_it_shows_a_zero_quietly(agencies: Any, idva_a: User, signed_in: Any) -> None:
    body = signed_in(idva_a).get("/home/").content.decode()
    assert '<span class="govuk-hint govuk-!-margin-0">0</span>' in body
    assert "<strong" not in body.split('id="my-work"')[1].split("</table>")[0]


def test_it_leaves_out_the_counts_a_user_may_not_have(signed_in: Any, analyst: User) -> None:
    response = signed_in(analyst).get("/home/")
    assert response.context["work"] == []
    assert 'id="my-work"' not in response.content.decode()


def test_it_answers_the_same_counts_in_the_api(caseload: dict[str, Any], make_token: Any, client: Any) -> None:
    for name in ("idva_a", "police_b", "analyst", "outsider_c"):
        user = caseload[name]
        response = client.get("/api/v1/me/work", HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")
        assert response.status_code == 200
        body = response.json()
        assert set(body) == set(MyWorkOut.model_fields)
        assert all(isinstance(value, int) for value in body.values())
        expected = my_work_counts(_fresh(user))
        assert body == {key: expected.get(key, 0) for key in body}, name
    idva_token = make_token(caseload["idva_a"])
    idva = client.get("/api/v1/me/work", HTTP_AUTHORIZATION=f"Bearer {idva_token}").json()
    assert {key: idva[key] for key in IDVA_A} == IDVA_A


def _queries(user: User) -> int:
    fresh = _fresh(user)
    with CaptureQueriesContext(connection) as captured:
        my_work_counts(fresh)
    return len(captured)


def _home_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/home/").status_code == 200
    return len(captured)


def test_it_costs_the_same_queries_for_a_larger_caseload(
    agencies: Any, personas: dict[str, Any], signed_in: Any
) -> None:
    idva = personas["idva_a"]
    client = signed_in(idva)
    my_work_fixture.build(agencies, personas)
    small, small_home = _queries(idva), _home_queries(client)
    my_work_fixture.build(agencies, personas, extra=5)
    assert my_work_counts(_fresh(idva))["reassessments_due"] > IDVA_A["reassessments_due"]
    assert _queries(idva) == small
    assert _home_queries(client) == small_home
    covered = [entry for entry in MY_WORK.values() if idva.has_perm(entry.permission)]
    # One per count, and the user's roles once; a count whose permission the user lacks (an IDVA does not keep
    # accommodation units) falls through to Django's ModelBackend, which reads its two permission tables once.
    fallback = 2 if len(covered) < len(MY_WORK) else 0
    assert small == len(covered) + 1 + fallback
