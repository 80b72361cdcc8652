"""The professional referral's question pages: validation messages, the journey, double submit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from vawg.accounts.models import User
from vawg.accounts.tests.factories import DistrictFactory
from vawg.people.models import Channel, SafeContactPreference, SafeStatus
from vawg.referrals.models import Referral, ReferralSource, RiskGrade

pytestmark = pytest.mark.django_db

ANSWERS: dict[str, dict[str, Any]] = {
    "person": {
        "given_name": "Beth",
        "family_name": "Sample",
        "date_of_birth_0": "3",
        "date_of_birth_1": "4",
        "date_of_birth_2": "1988",
        "gender": "female",
    },
    "abuse": {"forms_of_abuse": ["domestic-abuse", "coercive-control"]},
    "children": {"children": "yes", "children_count": "2"},
    "people": {},
    "consent": {"consent": "given"},
    "safe-contact": {
        **{f"channel_{channel.value}": "not-known" for channel in Channel},
        "channel_sms": "safe",
        "channel_letter": "unsafe",
        "safe_from": "09:00",
        "safe_until": "17:00",
    },
    "risk": {"risk_tool": "police-dash", "risk_score": "", "risk_grade": "medium"},
    "needs": {"needs": ["housing"], "urgency": "routine"},
    "details": {"details": "Synthetic account for a test."},
}


def start(client: Client) -> str:
    """Start a draft; returns its id."""
    response = client.post(reverse("referral_intake:intake_start"))
    assert response.status_code == 302
    return response["Location"].split("/")[3]


def step_url(draft: str, step: str) -> str:
    return reverse("referral_intake:intake_step", kwargs={"draft_id": draft, "step": step})


def answer_all(client: Client, draft: str) -> None:
    for step, data in ANSWERS.items():
        response = client.post(step_url(draft, step), data)
        assert response.status_code == 302, (step, response.content.decode()[:3000])


@pytest.fixture
def client_a(idva_a: User, signed_in: Callable[[User], Client]) -> Client:
    return signed_in(idva_a)


def test_it_starts_with_an_explanation_and_a_start_button(client_a: Client) -> None:
    response = client_a.get(reverse("referral_intake:intake_start"))

    assert response.status_code == 200
    assert b"Make a referral" in response.content
    assert b"govuk-button--start" in response.content


def test_it_keeps_only_a_random_draft_id_in_the_address(client_a: Client) -> None:
    draft = start(client_a)
    response = client_a.post(step_url(draft, "person"), ANSWERS["person"], follow=True)

    assert len(draft) >= 30
    assert "Beth" not in response.redirect_chain[-1][0]


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("person", {"gender": "female"}, "Enter a given name or a family name"),
        (
            "person",
            {
                "given_name": "A",
                "gender": "female",
                "date_of_birth_0": "31",
                "date_of_birth_1": "2",
                "date_of_birth_2": "1990",
            },
            "The date of birth must be a real date",
        ),
        (
            "person",
            {
                "given_name": "A",
                "gender": "female",
                "date_of_birth_0": "1",
                "date_of_birth_1": "1",
                "date_of_birth_2": "1990",
                "approximate_age": "30",
            },
            "Enter either a date of birth or an approximate age, not both",
        ),
        ("abuse", {}, "Select at least one form of violence or abuse"),
        ("children", {}, "Select whether there are children in the household"),
        ("children", {"children": "yes"}, "Enter how many children live in the household"),
        ("consent", {}, "Select whether the person has agreed to the referral"),
        ("consent", {"consent": "not-given-shared-with-lawful-basis"}, "Select the lawful basis for sharing"),
        ("consent", {"consent": "not-given-shared-with-lawful-basis"}, "Enter why you are sharing without consent"),
        ("safe-contact", {**ANSWERS["safe-contact"], "safe_until": ""}, "Select both a start and an end time"),
        ("risk", {"risk_tool": "safelives-dash", "risk_grade": "high"}, "Enter the DASH score"),
        (
            "risk",
            {"risk_tool": "safelives-dash", "risk_score": "25", "risk_grade": "high"},
            "DASH score must be a number from 0 to 24",
        ),
        ("risk", {"risk_tool": "dara", "risk_score": "12", "risk_grade": "high"}, "Only a DASH has a score"),
        ("risk", {"risk_tool": "dara", "risk_grade": "not-assessed"}, "Select the risk level the assessment gave"),
        ("needs", {}, "Select how urgent the referral is"),
        ("details", {}, "Enter what has happened and why you are referring"),
    ],
)
def test_it_explains_each_problem_in_govuk_style(
    client_a: Client, step: str, data: dict[str, Any], message: str
) -> None:
    draft = start(client_a)

    response = client_a.post(step_url(draft, step), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert "<title>Error: " in html


def test_it_creates_one_referral_from_the_whole_journey(client_a: Client, idva_a: User) -> None:
    draft = start(client_a)
    answer_all(client_a, draft)

    check = client_a.get(reverse("referral_intake:intake_check", kwargs={"draft_id": draft}))
    assert check.status_code == 200
    assert b"Check your answers" in check.content
    assert b"Beth" in check.content
    assert b'Change<span class="govuk-visually-hidden"> given name</span>' in check.content

    sent = client_a.post(
        reverse("referral_intake:intake_check", kwargs={"draft_id": draft}), {"token": draft}, follow=True
    )

    referral = Referral.objects.get()
    assert referral.source == ReferralSource.PROFESSIONAL
    assert referral.referrer_user == idva_a
    assert referral.risk_tool == "police-dash" and referral.risk_grade == RiskGrade.MEDIUM
    assert referral.risk_score is None  # a police grade is stored as reported, never a score
    assert referral.children_in_household == 2
    assert referral.forms_of_abuse == ["domestic-abuse", "coercive-control"]
    assert referral.subject.date_of_birth.isoformat() == "1988-04-03"
    prefs = SafeContactPreference.objects.current_preferences(referral.subject)
    assert prefs[Channel.SMS].status == SafeStatus.SAFE
    assert prefs[Channel.LETTER].status == SafeStatus.UNSAFE
    assert sent.status_code == 200
    assert referral.reference in sent.content.decode()


def test_it_makes_one_referral_when_send_is_pressed_twice(client_a: Client) -> None:
    draft = start(client_a)
    answer_all(client_a, draft)
    url = reverse("referral_intake:intake_check", kwargs={"draft_id": draft})

    first = client_a.post(url, {"token": draft})
    second = client_a.post(url, {"token": draft})

    assert Referral.objects.count() == 1
    assert first["Location"] == second["Location"] == reverse("referral_intake:intake_sent", kwargs={"draft_id": draft})


def test_it_makes_one_referral_when_a_stale_page_is_resent(client_a: Client, signed_in: Any) -> None:
    """Two tabs on the same draft (or a replayed request): the draft id is the idempotency key."""
    draft = start(client_a)
    answer_all(client_a, draft)
    url = reverse("referral_intake:intake_check", kwargs={"draft_id": draft})
    saved = dict(client_a.session.items())

    client_a.post(url, {"token": draft})
    session = client_a.session  # put the draft back, as if the second request read the session first
    session.update(saved)
    session.save()
    client_a.post(url, {"token": draft})

    assert Referral.objects.count() == 1


def test_it_sends_an_unfinished_journey_to_the_first_unanswered_question(client_a: Client) -> None:
    draft = start(client_a)
    client_a.post(step_url(draft, "person"), ANSWERS["person"])

    response = client_a.get(reverse("referral_intake:intake_check", kwargs={"draft_id": draft}))

    assert response["Location"] == step_url(draft, "abuse")


def test_it_returns_to_check_answers_after_a_change(client_a: Client) -> None:
    draft = start(client_a)
    answer_all(client_a, draft)

    response = client_a.post(step_url(draft, "person") + "?return=check", ANSWERS["person"])

    assert response["Location"] == reverse("referral_intake:intake_check", kwargs={"draft_id": draft})


def test_it_shows_saved_answers_when_going_back(client_a: Client) -> None:
    draft = start(client_a)
    client_a.post(step_url(draft, "person"), ANSWERS["person"])

    response = client_a.get(step_url(draft, "person"))

    assert b'value="Beth"' in response.content


def test_it_does_not_let_another_user_use_a_draft(client_a: Client, police_b: User, signed_in: Any) -> None:
    draft = start(client_a)
    answer_all(client_a, draft)
    other = signed_in(police_b)

    response = other.post(reverse("referral_intake:intake_check", kwargs={"draft_id": draft}), {"token": draft})

    assert response["Location"] == reverse("referral_intake:intake_start")
    assert Referral.objects.count() == 0


def test_it_offers_districts_by_name(client_a: Client) -> None:
    DistrictFactory(name="Dacorum", slug="dacorum")
    draft = start(client_a)

    response = client_a.get(step_url(draft, "person"))

    assert b"Dacorum" in response.content


def test_it_refuses_people_who_cannot_make_referrals(analyst: User, signed_in: Any) -> None:
    response = signed_in(analyst).get(reverse("referral_intake:intake_start"))

    assert response.status_code == 403
