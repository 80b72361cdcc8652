"""The ranking pages (vawg/intelligence/views/ranking.py): only people the user may see, audited reads, the
run form, the formula-safe CSV and past runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.intelligence.models import PersonCausingHarm, RfgRun
from vawg.intelligence.services.rfg import rfg_run
from vawg.intelligence.tests.factories import PersonCausingHarmFactory, PoliceIncidentFactory
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PAGE = "/ranking/"
TODAY = date(2026, 7, 15)


@pytest.fixture(autouse=True)
def _mid_july_2026() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 7, 15, 9, tzinfo=UTC), tick=False):
        yield


def harming(organisation: object, given: str, family: str, incidents: int) -> PersonCausingHarm:
    record = PersonCausingHarmFactory(
        owning_organisation=organisation,
        person=PersonFactory(given_name=given, family_name=family, postcode="ZZ99 1ZZ"),
    )
    for days in range(incidents):
        PoliceIncidentFactory(perpetrator=record, occurred_on=TODAY - timedelta(days=days * 10 + 1))
    return record


@pytest.fixture
def cohort(agencies: object, police_b: User) -> dict[str, PersonCausingHarm]:
    """Three people: two held by agency B (the police persona's), one by agency C; a run as of today."""
    people = {
        "top": harming(agencies.b, "Topper", "Rankwell", 3),  # type: ignore[attr-defined]
        "hidden": harming(agencies.c, "Hidden", "Elsewhere", 2),  # type: ignore[attr-defined]
        "formula": harming(agencies.b, "=HYPERLINK(1)", "Formula", 1),  # type: ignore[attr-defined]
    }
    rfg_run(as_of=TODAY, system_job="tests")
    return people


def test_it_ranks_only_the_people_the_user_may_see_with_the_runs_own_ranks(
    signed_in: Callable[[User], Client], police_b: User, cohort: dict[str, PersonCausingHarm]
) -> None:
    response = signed_in(police_b).get(PAGE)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Topper Rankwell" in body
    assert "Hidden" not in body and "Elsewhere" not in body
    rows = [(row.rank, row.name) for row in response.context["rows"]]
    assert rows == [(1, "Topper Rankwell"), (3, "=HYPERLINK(1) Formula")]
    assert "of the 2 people you may see" in body
    assert "Local model, not Northumbria&#x27;s" in body
    assert "Advisory only: the MATAC panel decides" in body
    assert "UNCONFIRMED" in body
    assert "ZZ99" not in body


def test_it_audits_each_read_of_the_ranking_once(
    signed_in: Callable[[User], Client], police_b: User, cohort: dict[str, PersonCausingHarm]
) -> None:
    since = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    signed_in(police_b).get(PAGE)
    entries = AuditEntry.objects.filter(seq__gt=since, actor_id=str(police_b.pk))
    assert [(entry.action, entry.details["rows_shown"]) for entry in entries] == [("intelligence.rfg_ranking.view", 2)]


def test_it_links_each_row_to_the_person_and_to_a_nomination_from_the_ranking(
    signed_in: Callable[[User], Client], police_b: User, cohort: dict[str, PersonCausingHarm]
) -> None:
    response = signed_in(police_b).get(PAGE)
    nominate = reverse("matac:nomination_new")
    row = response.context["rows"][0]
    assert row.nominate_href == f"{nominate}?person={cohort['top'].pk}&source=ranking"
    assert row.href == reverse("harm:person_causing_harm_detail", kwargs={"person_causing_harm_id": cohort["top"].pk})


def test_it_says_when_the_ranking_has_not_been_run(signed_in: Callable[[User], Client], police_b: User) -> None:
    response = signed_in(police_b).get(PAGE)
    assert "The ranking has not been run yet." in response.content.decode()
    assert not AuditEntry.objects.filter(action="intelligence.rfg_ranking.view").exists()


def test_it_runs_the_ranking_as_of_a_date(
    signed_in: Callable[[User], Client], personas: dict[str, User], agencies: object
) -> None:
    coordinator = personas["matac_coordinator"]
    harming(agencies.c, "Run", "Person", 2)  # type: ignore[attr-defined]
    response = signed_in(coordinator).post(
        reverse("ranking:rfg_run_create"), {"as_of_0": "14", "as_of_1": "7", "as_of_2": "2026"}
    )
    assert response.status_code == 302
    run = RfgRun.objects.get()
    assert (run.as_of, run.cohort_size, run.created_by) == (date(2026, 7, 14), 1, coordinator)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (("16", "7", "2026"), "must be today or in the past"),
        (("31", "2", "2026"), "must be a real date"),
        (("", "", ""), "Enter the date to score as of"),
    ],
)
def test_it_refuses_a_date_it_cannot_score_as_of(
    signed_in: Callable[[User], Client], police_b: User, day: tuple[str, str, str], message: str
) -> None:
    data = dict(zip(("as_of_0", "as_of_1", "as_of_2"), day, strict=True))
    response = signed_in(police_b).post(reverse("ranking:rfg_run_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RfgRun.objects.exists()


def test_it_shows_a_refused_run_on_the_form(
    signed_in: Callable[[User], Client], police_b: User, agencies: object
) -> None:
    PoliceIncidentFactory(offence_code="NOT-A-CODE", occurred_on=TODAY)
    response = signed_in(police_b).post(
        reverse("ranking:rfg_run_create"), {"as_of_0": "15", "as_of_1": "7", "as_of_2": "2026"}
    )
    assert response.status_code == 400
    assert "NOT-A-CODE" in response.content.decode()
    assert not RfgRun.objects.exists()


def test_it_downloads_the_visible_ranking_formula_safe_and_audited(
    signed_in: Callable[[User], Client], police_b: User, cohort: dict[str, PersonCausingHarm]
) -> None:
    response = signed_in(police_b).get(reverse("ranking:rfg_ranking_download"))
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert text.splitlines()[0].startswith("Rank,Name,Record id,Recency")
    assert "Topper Rankwell" in text and "Hidden" not in text
    assert "'=HYPERLINK(1) Formula" in text
    assert "ZZ99" not in text
    entry = AuditEntry.objects.get(action="intelligence.rfg_ranking.download")
    assert entry.details == {"rows": 2, "format": "csv"}


def test_it_lists_past_runs(signed_in: Callable[[User], Client], police_b: User) -> None:
    run = rfg_run(as_of=date(2026, 1, 31), by=police_b)
    body = signed_in(police_b).get(reverse("ranking:rfg_run_list")).content.decode()
    assert "31 January 2026" in body
    assert run.inputs_sha256[:12] in body
    assert run.model_version in body


@pytest.mark.parametrize("name", ["rfg_ranking_detail", "rfg_run_list", "rfg_ranking_download"])
def test_it_refuses_people_without_the_ranking_permission(
    signed_in: Callable[[User], Client], idva_a: User, outsider_c: User, name: str
) -> None:
    for user in (idva_a, outsider_c):
        assert signed_in(user).get(reverse(f"ranking:{name}")).status_code == 403
