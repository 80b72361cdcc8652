"""The separation of partner support from the programme (docs/programmes.md#partner-support): a canary.

A unique string is planted in a partner's safety report and in the partner's address, postcode, phone and
email; the partner has a unique name. Signed in as the programme worker at the provider (who runs the
programme and may see the person causing harm's record), none of the programme's pages, the person's page,
the high-harm pages or the people-causing-harm API shows any of them; the programme worker gets 404 on the
partner's case and on every partner-support URL. The partner's IDVA sees the report on the case. Each check
also asserts the page served (200) and showed the person or the referral, so it cannot pass by showing
nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.testing import SignedIn
from vawg.api.services import api_token_create
from vawg.intelligence.tests.factories import HarmAgencyFactory
from vawg.programmes.models import ProgrammeSession
from vawg.programmes.tests.factories_partner import partner_world

pytestmark = pytest.mark.django_db

NOTES = "Canary-partner-words-5521: he waits outside the school gates"
PARTNER = {
    "given_name": "Quillonette",
    "family_name": "Partnerwick",
    "address": "12 Canaryfield Mews, Exampletown",
    "postcode": "ZZ9 4PQ",
    "phone": "07700 900777",
    "email": "canary.partner@example.invalid",
}
SECRETS = [
    "Canary-partner-words-5521",
    "Quillonette",
    "Partnerwick",
    "Canaryfield",
    "ZZ9 4PQ",
    "900777",
    "canary.partner",
]


def _clean(text: str, where: str) -> None:
    found = [secret for secret in SECRETS if secret.lower() in text.lower()]
    assert not found, f"{where} shows what the partner's worker holds: {found}"


@pytest.fixture
def world(personas: dict[str, Any], agencies: Any) -> Any:
    planted = partner_world(personas, agencies, notes=NOTES, victim=PARTNER)
    # The provider may see the person causing harm's own record (it works with him).
    HarmAgencyFactory(person_causing_harm=planted.harm, organisation=agencies.c)
    ProgrammeSession.objects.create(programme=planted.programme, number=1, starts_at=timezone.now(), system_job="tests")
    return planted


def test_it_shows_the_programme_worker_none_of_the_partners_support(
    world: Any, personas: dict[str, Any], signed_in: SignedIn
) -> None:
    client = signed_in(personas["programme_worker"])
    session = ProgrammeSession.objects.get(programme=world.programme)
    harm_name = world.harm.person.family_name
    pages = {
        "queue": (reverse("programmes:referral_queue"), ""),
        "referral page": (
            reverse("programmes:referral_detail", kwargs={"referral_id": world.referral.pk}),
            "Partner support: in place since",
        ),
        "programme page": (reverse("programmes:programme_detail", kwargs={"programme_id": world.programme.pk}), ""),
        "attendance page": (reverse("programmes:attendance_record", kwargs={"session_id": session.pk}), harm_name),
        "person causing harm page": (
            reverse("harm:person_causing_harm_detail", kwargs={"person_causing_harm_id": world.harm.pk}),
            harm_name,
        ),
        "high-harm caseload": (reverse("high_harm:caseload_detail"), ""),
        "interventions": (reverse("high_harm:intervention_list"), ""),
        "home": (reverse("accounts:staff_home"), ""),
    }
    for where, (url, expected) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, f"{where}: {response.status_code}"
        text = response.content.decode()
        assert expected in text, f"{where} does not show {expected!r}"
        _clean(text, where)


def test_it_answers_404_to_the_programme_worker_on_the_partners_case_and_support(
    world: Any, personas: dict[str, Any], signed_in: SignedIn
) -> None:
    client = signed_in(personas["programme_worker"])
    urls = [
        reverse("cases:case_detail", kwargs={"case_id": world.case.pk}),
        reverse("partner_support:partner_safety_report_new", kwargs={"partner_support_id": world.support.pk}),
        reverse("partner_support:partner_support_end", kwargs={"partner_support_id": world.support.pk}),
        reverse(
            "partner_support:partner_support_start",
            kwargs={"case_id": world.case.pk, "referral_id": world.referral.pk},
        ),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        _clean(response.content.decode(), url)


def test_it_keeps_the_partner_out_of_the_api_for_the_programme_worker(world: Any, personas: dict[str, Any]) -> None:
    worker = personas["programme_worker"]
    _, token = api_token_create(user=worker, name="Canary", by=worker)
    for path in (
        f"/api/v1/people-causing-harm/{world.harm.pk}",
        "/api/v1/people-causing-harm",
        "/api/v1/cases",
        f"/api/v1/cases/{world.case.pk}",
    ):
        response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code < 500, path
        _clean(response.content.decode(), path)


def test_it_shows_the_partners_idva_the_report_on_the_case(
    world: Any, personas: dict[str, Any], signed_in: SignedIn
) -> None:
    text = signed_in(personas["idva_a"]).get(reverse("cases:case_detail", kwargs={"case_id": world.case.pk}))
    assert NOTES in text.content.decode()
