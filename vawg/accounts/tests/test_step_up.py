"""Step-up: revealing contact details, break-glass and downloads of records about people need a code from
the user's authenticator app entered in the last STEP_UP_SECONDS; revealing also needs the right to."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.session_keys import CODE_AT_KEY
from vawg.accounts.testing import SignedIn, totp_device_for
from vawg.accounts.tests.factories import totp_code, user_with_role, wrong_totp_code
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case
from vawg.cases.tests.factories import CaseAccessGrantFactory, CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

REASON = {"reason": "Arranging a safe home visit"}


@pytest.fixture
def case(agencies: Agencies) -> Case:
    victim = PersonFactory(given_name="Rowena", family_name="Thistle", date_of_birth=date(1990, 1, 5))
    return CaseFactory(owning_organisation=agencies.a, victim=victim)


def _reveal(case: Case) -> str:
    return reverse("cases:contact_reveal", kwargs={"case_id": case.pk})


def _stale(client: Client, seconds: int = 301) -> Client:
    session = client.session
    session[CODE_AT_KEY] = timezone.now().timestamp() - seconds
    session.save()
    return client


def _confirm_url(response: object) -> tuple[str, str]:
    location = urlparse(response["Location"])  # type: ignore[index]
    return location.path, parse_qs(location.query)["next"][0]


def test_it_asks_for_a_fresh_code_before_revealing_and_then_reveals(
    idva_a: User, signed_in: SignedIn, case: Case
) -> None:
    client = _stale(signed_in(idva_a))
    response = client.post(_reveal(case), REASON)
    assert response.status_code == 302
    path, back = _confirm_url(response)
    assert path == reverse("accounts:code_confirm")
    assert back == _reveal(case)
    assert not AuditEntry.objects.filter(action="cases.victim_contact.reveal").exists()
    asked = client.get(response["Location"]).content.decode()
    assert '<h1 class="govuk-heading-l">Confirm it is you</h1>' in asked  # never an empty heading
    confirmed = client.post(response["Location"], {"code": totp_code(totp_device_for(idva_a))})
    assert confirmed.status_code == 302 and confirmed["Location"] == _reveal(case)
    assert AuditEntry.objects.filter(action="accounts.code.confirm", actor_id=str(idva_a.pk)).count() == 1
    page = client.post(_reveal(case), REASON).content.decode()
    assert case.victim.phone in page
    assert AuditEntry.objects.filter(action="cases.victim_contact.reveal").count() == 1


def test_it_reveals_without_asking_again_within_the_window(idva_a: User, signed_in: SignedIn, case: Case) -> None:
    client = _stale(signed_in(idva_a), seconds=200)
    assert client.post(_reveal(case), REASON).status_code == 200


@pytest.mark.parametrize("code", ["wrong", "recovery", "replayed", "empty"])
def test_it_refuses_a_code_that_is_not_a_fresh_one_from_the_app(
    idva_a: User, signed_in: SignedIn, case: Case, code: str
) -> None:
    device = totp_device_for(idva_a)
    client = _stale(signed_in(idva_a))
    url = f"{reverse('accounts:code_confirm')}?next={_reveal(case)}"
    if code == "replayed":
        used = totp_code(device)
        assert client.post(url, {"code": used}).status_code == 302
        _stale(client)
        typed = used
    else:
        typed = {"wrong": wrong_totp_code(device), "recovery": "abcd-efgh-ijkl", "empty": ""}[code]
    response = client.post(url, {"code": typed})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert client.post(_reveal(case), REASON).status_code == 302  # still asked for a code
    if code != "empty":
        assert AuditEntry.objects.filter(action="accounts.code.refuse", actor_id=str(idva_a.pk)).exists()


def test_it_never_sends_a_confirmed_user_to_another_site(idva_a: User, signed_in: SignedIn) -> None:
    client = _stale(signed_in(idva_a))
    url = f"{reverse('accounts:code_confirm')}?next=//evil.example/x"
    response = client.post(url, {"code": totp_code(totp_device_for(idva_a))})
    assert response["Location"] == reverse("accounts:staff_home")


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.HOUSING, Role.HEALTH])
def test_it_refuses_to_reveal_to_an_agency_that_only_holds_a_grant(
    agencies: Agencies, signed_in: SignedIn, case: Case, role: Role
) -> None:
    user = user_with_role(role, agencies.c)
    CaseAccessGrantFactory(case=case, organisation=agencies.c)
    client = signed_in(user)
    detail = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    assert detail.status_code == 200  # they may see the case...
    assert _reveal(case) not in detail.content.decode()  # ...but are not offered its contact details
    response = client.post(_reveal(case), REASON)
    assert response.status_code == 403
    assert case.victim.phone not in response.content.decode()
    assert not AuditEntry.objects.filter(action="cases.victim_contact.reveal").exists()


def test_it_reveals_to_a_manager_of_the_case_without_the_reveal_permission(
    agencies: Agencies, signed_in: SignedIn, case: Case
) -> None:
    social_worker = user_with_role(Role.SOCIAL_WORKER, agencies.a)
    assert not social_worker.has_perm("cases.reveal_contact")
    assert signed_in(social_worker).post(_reveal(case), REASON).status_code == 200


def test_it_asks_for_a_fresh_code_before_break_glass(marac_coordinator: User, signed_in: SignedIn) -> None:
    client = _stale(signed_in(marac_coordinator))
    url = reverse("cases:case_break_glass")
    response = client.get(url)
    assert response.status_code == 302
    assert _confirm_url(response) == (reverse("accounts:code_confirm"), url)
    posted = client.post(url, {"reference": "VAWG-000001", "reason": "Out of hours risk to life, police call"})
    assert posted.status_code == 302
    assert not AuditEntry.objects.filter(action__startswith="cases.break_glass").exists()
