"""Public self-referral: safe contact first, no cookie until started, no details on confirmation,
honeypot, rate limit, and the route for someone worried about their own behaviour."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from vawg.people.models import Channel, Person, SafeContactPreference, SafeStatus
from vawg.referrals.models import Referral, ReferralSource, SubjectRole

pytestmark = pytest.mark.django_db

SUPPORT_ANSWERS: dict[str, dict[str, Any]] = {
    "safe-contact": {
        "safe_to_contact": "yes",
        "channels": ["sms"],
        "phone": "07700 900123",
        "safe_from": "10:00",
        "safe_until": "14:00",
        "what_may_be_said": "Say it is the dentist",
    },
    "about-you": {"given_name": "Cara", "age": "29"},
    "what-is-happening": {"forms_of_abuse": ["coercive-control", "stalking"]},
    "children": {"children": "no"},
    "help": {"needs": ["housing"], "details": "Synthetic test words."},
}
WORRIED_ANSWERS: dict[str, dict[str, Any]] = {
    "safe-contact": {"safe_to_contact": "yes", "channels": ["email"], "email": "dee@example.invalid"},
    "about-you": {"given_name": "Dee"},
    "behaviour": {"details": "I shout and break things when angry."},
    "children": {"children": "not-known"},
}


def complete(client: Client, answers: dict[str, dict[str, Any]], *, worried: bool = False) -> Any:
    suffix = "_worried" if worried else ""

    def url(view: str, **kwargs: str) -> str:
        return reverse(f"self_referral:self_referral_{view}{suffix}", kwargs=kwargs or None)

    begin = client.get(url("begin"))
    assert begin.status_code == 302
    for step, data in answers.items():
        response = client.post(url("step", step=step), data)
        assert response.status_code == 302, (step, response.content.decode()[-3000:])
    check = client.get(url("check"))
    assert check.status_code == 200
    token = check.context["token"]
    return client.post(url("check"), {"token": token, "website": ""})


def test_it_sets_no_cookie_on_the_start_pages() -> None:
    client = Client()
    for name in ("self_referral:self_referral_home", "self_referral:worried_home"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert response.cookies == {}
        assert "no-store" in response["Cache-Control"]


def test_it_uses_neutral_titles_and_offers_exit_this_page() -> None:
    html = Client().get(reverse("self_referral:self_referral_home")).content.decode()

    assert f"<title>Get support - {settings.PUBLIC_SITE_NAME}</title>" in html
    assert "govuk-exit-this-page" in html


def test_it_asks_about_safe_contact_first() -> None:
    client = Client()

    response = client.get(reverse("self_referral:self_referral_begin"))

    assert response["Location"] == reverse("self_referral:self_referral_step", kwargs={"step": "safe-contact"})
    assert settings.SESSION_COOKIE_NAME in response.cookies  # the session starts only now
    page = client.get(response["Location"]).content.decode()
    assert "Is it safe for us to contact you?" in page
    assert 'autocomplete="off"' in page


def test_it_stores_the_survivors_safe_contact_and_referral() -> None:
    response = complete(Client(), SUPPORT_ANSWERS)

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.source, referral.subject_role) == (ReferralSource.SELF, SubjectRole.VICTIM)
    assert referral.referrer_user is None
    assert referral.forms_of_abuse == ["coercive-control", "stalking"]
    assert referral.subject.phone == "07700 900123"
    prefs = SafeContactPreference.objects.current_preferences(referral.subject)
    assert prefs[Channel.SMS].status == SafeStatus.SAFE
    assert prefs[Channel.SMS].record is not None
    assert prefs[Channel.SMS].record.what_may_be_said == "Say it is the dentist"
    # Every channel they did not choose is recorded as not safe.
    assert prefs[Channel.PHONE_CALL].status == SafeStatus.UNSAFE
    assert prefs[Channel.LETTER].status == SafeStatus.UNSAFE


def test_it_shows_no_details_on_the_confirmation() -> None:
    client = Client()
    response = complete(client, SUPPORT_ANSWERS)

    page = client.get(response["Location"]).content.decode()

    referral = Referral.objects.get()
    assert "Your request has been sent" in page
    assert referral.reference not in page
    for detail in ("Cara", "07700", "dentist", "Stalking", "stalking"):
        assert detail not in page
    assert "by text message (sms), between 10am and 2pm" in page


def test_it_ends_the_session_once_the_confirmation_is_shown() -> None:
    client = Client()
    response = complete(client, SUPPORT_ANSWERS)

    page = client.get(response["Location"])

    assert page.cookies[settings.SESSION_COOKIE_NAME].value == ""  # the cookie is cleared
    assert client.get(reverse("self_referral:self_referral_check"))["Location"] == reverse(
        "self_referral:self_referral_home"
    )


def test_it_forgets_the_answers_after_sending() -> None:
    client = Client()
    complete(client, SUPPORT_ANSWERS)

    response = client.get(reverse("self_referral:self_referral_check"))

    assert response["Location"] == reverse("self_referral:self_referral_home")


def test_it_makes_one_referral_when_send_is_pressed_twice() -> None:
    client = Client()
    complete(client, SUPPORT_ANSWERS)

    again = client.post(reverse("self_referral:self_referral_check"), {"token": "anything"})

    assert again.status_code == 302
    assert Referral.objects.count() == 1


def test_it_routes_someone_worried_about_their_behaviour_to_a_perpetrator_programme() -> None:
    response = complete(Client(), WORRIED_ANSWERS, worried=True)

    assert response["Location"] == reverse("self_referral:self_referral_sent_worried")
    referral = Referral.objects.get()
    assert (referral.source, referral.subject_role) == (ReferralSource.PERPETRATOR_SELF, SubjectRole.PERPETRATOR)
    kinds = set(referral.routes.values_list("service_kind", flat=True))
    assert "perpetrator-programme" in kinds
    assert not kinds & {"idva", "outreach", "isva-sarc"}


def test_it_does_not_contact_someone_who_says_it_is_not_safe() -> None:
    client = Client()
    answers = {**SUPPORT_ANSWERS, "safe-contact": {"safe_to_contact": "no", "phone": "07700 900999"}}
    response = complete(client, answers)

    referral = Referral.objects.get()
    prefs = SafeContactPreference.objects.current_preferences(referral.subject)
    assert all(pref.status != SafeStatus.SAFE for pref in prefs.values())
    assert referral.subject.phone == ""  # nothing kept for a channel they may not be contacted on
    assert "we will not contact you" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("safe-contact", {}, "Select whether it is safe for us to contact you"),
        ("safe-contact", {"safe_to_contact": "yes"}, "Select how we can contact you safely"),
        ("safe-contact", {"safe_to_contact": "yes", "channels": ["sms"]}, "Enter a phone number we can use"),
        ("safe-contact", {"safe_to_contact": "yes", "channels": ["email"]}, "Enter an email address we can use"),
        ("about-you", {}, "Enter a name we can use for you"),
        ("about-you", {"given_name": "C", "age": "old"}, "Enter your age as a number, like 34"),
        ("what-is-happening", {}, "Select at least one thing that is happening"),
        ("children", {"children": "yes"}, "Enter how many children live with you"),
    ],
)
def test_it_explains_problems_in_plain_words(step: str, data: dict[str, Any], message: str) -> None:
    client = Client()
    client.get(reverse("self_referral:self_referral_begin"))

    response = client.post(reverse("self_referral:self_referral_step", kwargs={"step": step}), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html


def test_it_stores_nothing_when_the_honeypot_is_filled() -> None:
    client = Client()
    client.get(reverse("self_referral:self_referral_begin"))
    step = reverse("self_referral:self_referral_step", kwargs={"step": "safe-contact"})
    client.post(step, {**SUPPORT_ANSWERS["safe-contact"], "website": "http://spam.example"})
    for name, data in list(SUPPORT_ANSWERS.items())[1:]:
        client.post(reverse("self_referral:self_referral_step", kwargs={"step": name}), data)
    token = client.get(reverse("self_referral:self_referral_check")).context["token"]
    people = Person.objects.count()

    response = client.post(reverse("self_referral:self_referral_check"), {"token": token})

    assert response["Location"] == reverse("self_referral:self_referral_sent")
    assert "Your request has been sent" in client.get(response["Location"]).content.decode()
    assert Referral.objects.count() == 0
    assert Person.objects.count() == people


def test_it_hides_the_honeypot_from_people() -> None:
    client = Client()
    client.get(reverse("self_referral:self_referral_begin"))

    html = client.get(reverse("self_referral:self_referral_step", kwargs={"step": "safe-contact"})).content.decode()

    honeypot = html.split('<div class="govuk-visually-hidden" aria-hidden="true">', 1)[1].split("</div>", 1)[0]
    assert 'name="website"' in honeypot
    assert 'tabindex="-1"' in honeypot


def test_it_limits_each_address_to_five_requests_an_hour(time_machine: Any) -> None:
    # Windows are fixed hours (services/rate_limits.py): keep all six inside one.
    time_machine.move_to("2026-03-02 08:10 +00:00", tick=False)
    for _ in range(5):
        assert complete(Client(), SUPPORT_ANSWERS).status_code == 302

    sixth = complete(Client(), SUPPORT_ANSWERS)

    assert sixth.status_code == 429
    assert "Sorry, we cannot send your request right now" in sixth.content.decode()
    assert Referral.objects.count() == 5


def test_it_limits_each_address_to_twenty_requests_a_day(time_machine: Any) -> None:
    time_machine.move_to("2026-03-02 08:00 +00:00", tick=False)
    for hour in range(4):
        time_machine.move_to(f"2026-03-02 {8 + 2 * hour:02d}:00 +00:00", tick=False)
        for _ in range(5):
            assert complete(Client(), SUPPORT_ANSWERS).status_code == 302
    time_machine.move_to("2026-03-02 18:00 +00:00", tick=False)

    assert complete(Client(), SUPPORT_ANSWERS).status_code == 429
    time_machine.move_to("2026-03-03 09:00 +00:00", tick=False)
    assert complete(Client(), SUPPORT_ANSWERS).status_code == 302


def test_it_does_not_limit_other_addresses() -> None:
    for _ in range(5):
        complete(Client(REMOTE_ADDR="192.0.2.1"), SUPPORT_ANSWERS)

    assert complete(Client(REMOTE_ADDR="192.0.2.2"), SUPPORT_ANSWERS).status_code == 302
