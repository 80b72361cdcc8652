"""The risk pages: the 24-item form and its errors, prompts, history, reassess prompt, 404s and audit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.testing import SignedIn
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case
from vawg.cases.tests.factories import CaseFactory
from vawg.risk.models import DashAssessment, HonourScreen, Incident, PoliceRiskGrade, StalkingScreen
from vawg.risk.rules import DASH_ITEM_NUMBERS, Answer
from vawg.risk.services import Judgement, dash_assessment_submit, incident_record


@pytest.fixture
def case(agencies: Any) -> Case:
    return CaseFactory(owning_organisation=agencies.a)


def date_fields(name: str, day: Any) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def dash_post(*yes: int, skip: tuple[int, ...] = (), **extra: str) -> dict[str, str]:
    data = {f"item_{n}": "yes" if n in yes else "no" for n in DASH_ITEM_NUMBERS if n not in skip}
    return {**data, **date_fields("assessment_date", timezone.localdate()), **extra}


def stored(case: Case, by: User, *yes: int) -> DashAssessment:
    return dash_assessment_submit(
        case=case,
        by=by,
        answers={n: Answer.YES if n in yes else Answer.NO for n in DASH_ITEM_NUMBERS},
        item_notes={},
        judgement=Judgement(),
        assessment_date=timezone.localdate(),
    )


def test_it_saves_a_complete_assessment_and_shows_it(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    client = signed_in(idva_a)
    url = reverse("risk:dash_assessment_create", kwargs={"case_id": case.pk})
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="govuk-fieldset"') >= 24
    assert "never lower it: a score of 14 or more is always high risk" in html

    response = client.post(url, dash_post(*range(2, 16), notes_15="Hands round her neck last week"))
    assessment = DashAssessment.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "risk:dash_assessment_detail", kwargs={"case_id": case.pk, "assessment_id": assessment.pk}
    )
    assert (assessment.score, assessment.level) == (14, "high")
    assert assessment.notes_by_item == {"15": "Hands round her neck last week"}

    detail = client.get(response["Location"]).content.decode()
    assert "14 out of 24" in detail
    assert "Visible high risk" in detail
    assert "Strangulation, choking, suffocation or drowning" in detail
    assert "Hands round her neck last week" in detail
    assert AuditEntry.objects.filter(action="risk.dash_assessment.view", actor_id=str(idva_a.pk)).count() == 1


def test_it_names_each_unanswered_question(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    url = reverse("risk:dash_assessment_create", kwargs={"case_id": case.pk})
    response = signed_in(idva_a).post(url, dash_post(skip=(3, 17)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_item_17_1">Answer question 17</a>' in html
    assert '<a href="#id_item_3_1">Answer question 3</a>' in html
    assert 'id="id_item_17_1"' in html  # the link lands on a real radio
    assert "<title>Error: " in html
    assert not DashAssessment.objects.exists()


def test_it_asks_for_a_reason_when_judgement_raises_the_level(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    url = reverse("risk:dash_assessment_create", kwargs={"case_id": case.pk})
    response = signed_in(idva_a).post(url, dash_post(raise_to_high="on"))
    assert "Enter why you are raising the risk to high" in response.content.decode()
    assert not DashAssessment.objects.exists()


def test_it_refuses_an_assessment_date_in_the_future(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    url = reverse("risk:dash_assessment_create", kwargs={"case_id": case.pk})
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = signed_in(idva_a).post(url, {**dash_post(), **date_fields("assessment_date", tomorrow)})
    assert "The date of the assessment must be today or in the past" in response.content.decode()
    response = signed_in(idva_a).post(url, {**dash_post(), "assessment_date_0": "31", "assessment_date_1": "2"})
    assert "The date of the assessment must be a real date" in response.content.decode()
    no_year = {key: value for key, value in dash_post().items() if key != "assessment_date_2"}
    assert "The date of the assessment must include a year" in signed_in(idva_a).post(url, no_year).content.decode()
    assert not DashAssessment.objects.exists()


def test_it_offers_the_screens_from_the_prompts_and_stores_them(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    client = signed_in(idva_a)
    assessment = stored(case, idva_a, 4, 8, 14)
    kwargs = {"case_id": case.pk, "assessment_id": assessment.pk}
    detail = client.get(reverse("risk:dash_assessment_detail", kwargs=kwargs)).content.decode()
    assert reverse("risk:stalking_screen_create", kwargs=kwargs) in detail
    assert reverse("risk:honour_screen_create", kwargs=kwargs) in detail
    assert "threatened to kill" in detail

    sdash = {f"item_{n}": "not_known" for n in range(1, 12)}
    assert client.post(reverse("risk:stalking_screen_create", kwargs=kwargs), sdash).status_code == 302
    assert StalkingScreen.objects.get(assessment=assessment).answers["11"] == "not_known"
    errors = client.post(reverse("risk:honour_screen_create", kwargs=kwargs), {"item_1": "yes"}).content.decode()
    assert "Answer question 2" in errors and "Answer question 3" in errors
    client.post(reverse("risk:honour_screen_create", kwargs=kwargs), {"item_1": "yes", "item_2": "no", "item_3": "yes"})
    assert HonourScreen.objects.get(assessment=assessment).answers == {"1": "yes", "2": "no", "3": "yes"}
    detail = client.get(reverse("risk:dash_assessment_detail", kwargs=kwargs)).content.decode()
    assert reverse("risk:stalking_screen_create", kwargs=kwargs) not in detail
    assert "S-DASH stalking screen" in detail


def test_it_records_a_dara_grade_without_a_score(case: Case, idva_a: User, agencies: Any, signed_in: SignedIn) -> None:
    client = signed_in(idva_a)
    url = reverse("risk:police_grade_create", kwargs={"case_id": case.pk})
    data = {
        "tool": "dara",
        "grade": "high",
        "reported_by_organisation": str(agencies.b.pk),
        **date_fields("reported_on", timezone.localdate()),
    }
    refused = client.post(url, {**data, "score": "15"}).content.decode()
    assert "Only a police DASH has a score" in refused
    assert client.post(url, data).status_code == 302
    grade = PoliceRiskGrade.objects.get(case=case)
    assert (grade.tool, grade.grade, grade.score) == ("dara", "high", None)
    case.refresh_from_db()
    assert case.current_risk_level == "high"


def test_it_prompts_a_reassessment_after_a_new_incident(
    case: Case, idva_a: User, agencies: Any, signed_in: SignedIn
) -> None:
    client = signed_in(idva_a)
    stored(case, idva_a, 1)
    history_url = reverse("risk:risk_history", kwargs={"case_id": case.pk})
    assert "Reassess" not in client.get(history_url).content.decode()
    response = client.post(
        reverse("risk:incident_create", kwargs={"case_id": case.pk}),
        {
            "kind": "physical",
            "reported_by_organisation": str(agencies.b.pk),
            "summary": "Pushed down the stairs",
            **date_fields("occurred_on", timezone.localdate()),
        },
    )
    assert response.status_code == 302
    assert Incident.objects.filter(case=case).count() == 1
    today = f"{timezone.localdate():%-d %B %Y}"
    prompt = f"Reassess: a new incident was recorded on {today} after the last assessment"
    history = client.get(history_url).content.decode()
    assert prompt in history
    assert "Pushed down the stairs" in history
    assert prompt in client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()

    stored(case, idva_a, 1, 2)
    assert "Reassess" not in client.get(history_url).content.decode()


def test_it_shows_risk_over_time_on_the_history_page(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    stored(case, idva_a, *range(1, 16))
    html = signed_in(idva_a).get(reverse("risk:risk_history", kwargs={"case_id": case.pk})).content.decode()
    assert "Risk over time" in html and "Visible high risk" in html and ">15<" in html
    assert AuditEntry.objects.filter(action="risk.history.view").count() == 1


def test_it_answers_404_on_every_risk_page_for_a_case_the_user_cannot_see(
    case: Case,
    idva_a: User,
    police_b: User,
    outsider_c: User,
    marac_coordinator: User,
    analyst: User,
    board_member: User,
    signed_in: SignedIn,
) -> None:
    assessment = stored(case, idva_a, 8, 4)
    hidden_incident = incident_record(
        case=case,
        by=idva_a,
        occurred_on=timezone.localdate(),
        reported_by_organisation=case.owning_organisation,
        kind="physical",
    )
    case_kwargs = {"case_id": case.pk}
    assessment_kwargs = {**case_kwargs, "assessment_id": assessment.pk}
    urls = [
        reverse("risk:risk_history", kwargs=case_kwargs),
        reverse("risk:dash_assessment_create", kwargs=case_kwargs),
        reverse("risk:police_grade_create", kwargs=case_kwargs),
        reverse("risk:incident_create", kwargs=case_kwargs),
        reverse("risk:dash_assessment_detail", kwargs=assessment_kwargs),
        reverse("risk:stalking_screen_create", kwargs=assessment_kwargs),
        reverse("risk:honour_screen_create", kwargs=assessment_kwargs),
    ]
    for user in (police_b, outsider_c, marac_coordinator):
        client = signed_in(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            if "/risk/dash/new/" in url or url.endswith(("/new/", "-screen/")):
                assert client.post(url, dash_post()).status_code == 404, (user, url)
    for user in (analyst, board_member):
        client = signed_in(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
    # An assessment id from another case is not found through this case.
    other = CaseFactory(owning_organisation=case.owning_organisation)
    assert (
        signed_in(idva_a)
        .get(reverse("risk:dash_assessment_detail", kwargs={**assessment_kwargs, "case_id": other.pk}))
        .status_code
        == 404
    )
    assert DashAssessment.objects.count() == 1
    assert Incident.objects.get() == hidden_incident
    assert not AuditEntry.objects.filter(action__in=["risk.dash_assessment.view", "risk.history.view"]).exists()


def test_it_shows_the_risk_section_on_the_case_page(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    assessment = stored(case, idva_a, *range(1, 15))
    html = signed_in(idva_a).get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert reverse("risk:dash_assessment_detail", kwargs={"case_id": case.pk, "assessment_id": assessment.pk}) in html
    assert "Yes: Visible high risk" in html
    assert reverse("risk:risk_history", kwargs={"case_id": case.pk}) in html


def test_it_shows_errors_for_an_empty_submission(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    response = signed_in(idva_a).post(reverse("risk:incident_create", kwargs={"case_id": case.pk}), {})
    html = response.content.decode()
    assert "Enter the date of the incident" in html
    assert "Choose the kind of incident" in html
    assert not Incident.objects.exists()
