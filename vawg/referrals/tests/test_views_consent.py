"""The referrals home, the list of referrals awaiting consent, the consent pages, the referral page while
it awaits consent, and the intake's refusal of a high-risk referral to MARAC without consent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.models import LawfulBasis
from vawg.core.presenters import links_for
from vawg.referrals.models import Consent, Referral, ReferralConsentRecord, ReferralState
from vawg.referrals.tests.factories import ReferralFactory, ReferralRouteFactory, record_referral
from vawg.referrals.tests.test_intake_views import ANSWERS, answer_all, start
from vawg.referrals.views.home import LINKS

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]
REASON = "Asking her would alert him: he reads her messages"


@pytest.fixture
def waiting(police_b: User, district: Any) -> Referral:
    """Made by police_b with consent not yet asked, routed (outreach) to agency A (idva_a's)."""
    return record_referral(by=police_b, district=district, consent=Consent.NOT_YET_ASKED)


def consent_url(referral: Referral, *, override: bool = False) -> str:
    name = "referrals:referral_consent_override" if override else "referrals:referral_consent_record"
    return reverse(name, kwargs={"referral_id": referral.pk})


def detail(client: Client, referral: Referral) -> str:
    response = client.get(reverse("referrals:referral_detail", kwargs={"referral_id": referral.pk}))
    assert response.status_code == 200
    return response.content.decode()


# The referrals home ----------------------------------------------------------------------------


def test_it_answers_the_referrals_home_with_every_link_a_caseworker_may_use(idva_a: User, signed_in: SignedIn) -> None:
    response = signed_in(idva_a).get("/referrals/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in (
        "referrals:referral_inbox",
        "referrals:referral_overdue_list",
        "referrals:referral_awaiting_consent_list",
        "referrals:referral_sent_list",
        "referral_intake:intake_start",
    ):
        assert f'href="{reverse(name)}"' in page


@dataclass
class FakeUser:
    perms: frozenset[str]

    def has_perm(self, perm: str) -> bool:
        return perm in self.perms


@pytest.mark.parametrize(
    ("perms", "texts"),
    [
        (
            {"referrals.view_referrals"},
            ["Awaiting consent", "Referrals you made"],
        ),
        (
            {"referrals.view_referrals", "referrals.triage"},
            ["Referrals to your agency", "Overdue first contacts", "Awaiting consent", "Referrals you made"],
        ),
        (
            {"referrals.view_referrals", "referrals.create"},
            ["Awaiting consent", "Referrals you made", "Make a referral"],
        ),
    ],
)
def test_it_shows_the_home_links_by_permission(perms: set[str], texts: list[str]) -> None:
    assert [link.text for link in links_for(FakeUser(frozenset(perms)), LINKS)] == texts


def test_it_refuses_the_referrals_home_to_roles_without_referrals(analyst: User, signed_in: SignedIn) -> None:
    assert signed_in(analyst).get("/referrals/").status_code == 403


def test_it_sends_anonymous_users_from_the_referrals_home_to_sign_in() -> None:
    response = Client().get("/referrals/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


# The list of referrals awaiting consent ----------------------------------------------------------


def test_it_lists_referrals_awaiting_consent_to_the_receiver_and_the_referrer(
    waiting: Referral, police_b: User, idva_a: User, agencies: Any, district: Any, signed_in: SignedIn
) -> None:
    given = record_referral(by=police_b, district=district)
    url = reverse("referrals:referral_awaiting_consent_list")
    for user in (idva_a, police_b):
        page = signed_in(user).get(url).content.decode()
        assert waiting.reference in page and given.reference not in page
    colleague = user_with_role(Role.POLICE, agencies.b)  # may see it, neither made nor receives it
    page = signed_in(colleague).get(url).content.decode()
    assert waiting.reference not in page and "No referrals are awaiting consent" in page


# Recording consent -----------------------------------------------------------------------------


def test_it_records_consent_from_the_referrer_and_shows_who_and_when(
    waiting: Referral, police_b: User, idva_a: User, signed_in: SignedIn
) -> None:
    client = signed_in(police_b)
    assert client.get(consent_url(waiting)).status_code == 200
    response = client.post(consent_url(waiting), {"consent": Consent.GIVEN})
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:referral_detail", kwargs={"referral_id": waiting.pk})
    waiting.refresh_from_db()
    assert waiting.consent == Consent.GIVEN and waiting.current_state == ReferralState.SUBMITTED
    assert AuditEntry.objects.filter(action="referrals.consent.record", actor_id=str(police_b.pk)).count() == 1
    page = detail(signed_in(idva_a), waiting)
    assert f"Recorded by {police_b} on {timezone.localdate():%-d %B %Y}" in page
    assert 'id="consent-awaited"' not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select what the person said"),
        ({"consent": Consent.NOT_GIVEN_LAWFUL_BASIS, "reason": "Risk"}, "Select the lawful basis for sharing"),
        (
            {"consent": Consent.NOT_GIVEN_LAWFUL_BASIS, "lawful_basis": LawfulBasis.SAFEGUARDING},
            "Enter why you are sharing without consent",
        ),
    ],
)
def test_it_says_what_is_missing_when_recording_consent(
    waiting: Referral, idva_a: User, signed_in: SignedIn, data: dict[str, str], message: str
) -> None:
    response = signed_in(idva_a).post(consent_url(waiting), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReferralConsentRecord.objects.exists()


def test_it_shows_a_service_refusal_on_the_consent_form(
    waiting: Referral, police_b: User, idva_a: User, signed_in: SignedIn
) -> None:
    signed_in(police_b).post(consent_url(waiting), {"consent": Consent.GIVEN})
    response = signed_in(idva_a).post(consent_url(waiting), {"consent": Consent.GIVEN})
    assert response.status_code == 200
    assert "Consent has already been recorded for this referral" in response.content.decode()


def test_it_hides_the_consent_page_from_those_who_may_not_record_it(
    waiting: Referral, agencies: Any, outsider_c: User, signed_in: SignedIn
) -> None:
    colleague = user_with_role(Role.POLICE, agencies.b)  # sees the referral, did not make it
    for user in (colleague, outsider_c):
        assert signed_in(user).get(consent_url(waiting)).status_code == 404
        assert signed_in(user).post(consent_url(waiting), {"consent": Consent.GIVEN}).status_code == 404
    assert not ReferralConsentRecord.objects.exists()


# Sharing without consent -------------------------------------------------------------------------


def test_it_shares_without_consent_and_shows_it_on_the_referral(
    waiting: Referral, police_b: User, idva_a: User, signed_in: SignedIn
) -> None:
    client = signed_in(police_b)
    assert client.get(consent_url(waiting, override=True)).status_code == 200
    response = client.post(
        consent_url(waiting, override=True), {"lawful_basis": LawfulBasis.SAFEGUARDING, "reason": REASON}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="referrals.consent.override")
    assert entry.actor_id == str(police_b.pk) and entry.purpose == REASON
    page = detail(signed_in(idva_a), waiting)
    shown = (
        f"Shared without consent: {LawfulBasis.SAFEGUARDING.label}, by {police_b} "
        f"on {timezone.localdate():%-d %B %Y}: {REASON}"
    )
    assert shown.replace("'", "&#x27;") in page


def test_it_refuses_a_short_reason_to_share_without_consent(
    waiting: Referral, police_b: User, signed_in: SignedIn
) -> None:
    response = signed_in(police_b).post(
        consent_url(waiting, override=True), {"lawful_basis": LawfulBasis.SAFEGUARDING, "reason": "Too short"}
    )
    assert response.status_code == 200
    assert "in at least 20 characters" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.current_state == ReferralState.AWAITING_CONSENT


def test_it_answers_403_to_those_who_see_the_referral_without_the_override_permission(
    waiting: Referral, idva_a: User, signed_in: SignedIn
) -> None:
    client = signed_in(idva_a)
    assert client.get(consent_url(waiting, override=True)).status_code == 403
    data = {"lawful_basis": LawfulBasis.SAFEGUARDING, "reason": REASON}
    assert client.post(consent_url(waiting, override=True), data).status_code == 403
    assert not ReferralConsentRecord.objects.exists()


def test_it_answers_404_to_override_holders_who_may_not_see_the_referral(
    waiting: Referral, marac_coordinator: User, outsider_c: User, signed_in: SignedIn
) -> None:
    assert marac_coordinator.has_perm("referrals.override_consent")
    for user in (marac_coordinator, outsider_c):
        assert signed_in(user).get(consent_url(waiting, override=True)).status_code == 404


# The referral page while it awaits consent -------------------------------------------------------


def test_it_offers_recording_and_sharing_without_consent_on_the_referral_page(
    waiting: Referral, police_b: User, idva_a: User, signed_in: SignedIn
) -> None:
    referrer_page = detail(signed_in(police_b), waiting)
    assert 'id="consent-awaited"' in referrer_page
    assert consent_url(waiting) in referrer_page and consent_url(waiting, override=True) in referrer_page
    triager_page = detail(signed_in(idva_a), waiting)
    assert consent_url(waiting) in triager_page and consent_url(waiting, override=True) not in triager_page


def test_it_refuses_to_accept_from_the_referral_page_while_consent_is_not_recorded(
    police_b: User, idva_a: User, agencies: Any, signed_in: SignedIn
) -> None:
    referral = ReferralFactory(consent=Consent.NOT_YET_ASKED, current_state=ReferralState.SENT, referrer_user=police_b)
    ReferralRouteFactory(referral=referral, organisation=agencies.a)
    client = signed_in(idva_a)
    assert 'value="accepted"' not in detail(client, referral)  # no Accept button
    url = reverse("referrals:referral_transition", kwargs={"referral_id": referral.pk})
    response = client.post(url, {"to": ReferralState.ACCEPTED})
    assert response.status_code == 400
    assert "This referral is awaiting consent" in response.content.decode()
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.SENT


# The intake: MARAC at high risk ----------------------------------------------------------------


def test_it_refuses_a_high_risk_referral_to_marac_without_consent_at_check_your_answers(
    idva_a: User, signed_in: SignedIn
) -> None:
    client = signed_in(idva_a)
    draft = start(client)
    answer_all(client, draft)
    high = {"risk_tool": "safelives-dash", "risk_score": "16", "risk_grade": "high"}
    steps = {"consent": {"consent": Consent.NOT_YET_ASKED}, "risk": high}
    for step, data in steps.items():
        url = reverse("referral_intake:intake_step", kwargs={"draft_id": draft, "step": step})
        assert client.post(url, {**ANSWERS[step], **data}).status_code == 302
    check = reverse("referral_intake:intake_check", kwargs={"draft_id": draft})
    response = client.post(check, {"token": draft})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#consent"' in page and "goes to MARAC at high risk" in page
    assert not Referral.objects.exists()
    # Answering that the person agreed sends it.
    url = reverse("referral_intake:intake_step", kwargs={"draft_id": draft, "step": "consent"})
    client.post(url, {"consent": Consent.GIVEN})
    assert client.post(check, {"token": draft}).status_code == 302
    assert Referral.objects.get().current_state == ReferralState.SUBMITTED
