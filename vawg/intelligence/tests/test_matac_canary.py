"""Canary: a subject's (and a victim's) address, postcode, phone and email typed into every MATAC free-text
field (nomination and decline reasons, the profile, review notes, tactics and their notes, the exit note)
never reach a MATAC page, a copy of the minutes or its PDF. Each check also asserts the redacted text is
there, so it cannot pass by showing nothing."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.testing import SignedIn
from vawg.intelligence.models import MatacReview, NominationSource, ReviewDecision, TacticKind
from vawg.intelligence.services import matac as services
from vawg.intelligence.tests.factories import PersonCausingHarmFactory, PoliceIncidentFactory
from vawg.intelligence.tests.matrix_matac import meeting, rfg_score
from vawg.marac.models import ActionState
from vawg.people.rules import REMOVED

pytestmark = pytest.mark.django_db

ADDRESS = "17 Canarywharf Lane, Exampletown"
POSTCODE = "ZZ9 9CW"
PHONE = "07700 900461"
EMAIL = "canary.subject@example.invalid"
VICTIM_ADDRESS = "4 Sparrowhawk Close"
VICTIM_PHONE = "07700 900462"
TYPED = (
    f"Seen at {ADDRESS} ({POSTCODE.lower().replace(' ', '')}), ring +44 7700 900461 or {EMAIL}; "
    f"she is at {VICTIM_ADDRESS}, 07700-900-462."
)
NATIONAL = ["7700900461", "7700900462"]


def _assert_clean(text: str, where: str) -> None:
    letters = re.sub(r"[^a-z0-9]", "", text.lower())
    digits = re.sub(r"\D", "", text)
    found = [
        v for v in ("17canarywharflane", "sparrowhawkclose", "zz99cw", "canarysubjectexampleinvalid") if v in letters
    ]
    found += [n for n in NATIONAL if n in digits]
    assert not found, f"{where} shows location-critical values: {found}"


def _pdf_text(document: bytes) -> str:
    assert document.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(document)).pages)


@pytest.fixture
def canary(personas: dict[str, Any], agencies: Any) -> dict[str, Any]:
    coordinator, police = personas["matac_coordinator"], personas["police_b"]
    person = PersonCausingHarmFactory(
        owning_organisation=agencies.b,
        person__given_name="Canary",
        person__family_name="Subject",
        person__address=ADDRESS,
        person__postcode=POSTCODE,
        person__phone=PHONE,
        person__email=EMAIL,
    )
    PoliceIncidentFactory(
        perpetrator=person, victim__address=VICTIM_ADDRESS, victim__phone=VICTIM_PHONE, victim__postcode=""
    )
    rfg_score(person)
    first = meeting(coordinator, [agencies.b], days=-1)
    nomination = services.matac_nomination_create(
        by=police, person=person, source=NominationSource.PARTNER, reason=TYPED
    )
    subject = services.matac_nomination_accept(nomination=nomination, meeting=first, by=coordinator)
    services.matac_profile_update(
        subject=subject,
        by=coordinator,
        profile_summary=TYPED,
        profile_behaviour=TYPED,
        profile_risks=TYPED,
        profile_agencies=TYPED,
    )
    tactic = services.matac_tactic_create(
        subject=subject,
        meeting=first,
        by=coordinator,
        kind=TacticKind.ENFORCEMENT,
        description=TYPED,
        owning_organisation=agencies.b,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    services.matac_tactic_update(tactic=tactic, by=police, state=ActionState.IN_PROGRESS, note=TYPED)
    services.matac_review_record(
        subject=subject, meeting=first, by=coordinator, note=TYPED, decision=ReviewDecision.CONTINUE
    )
    # A note stored unredacted (as if written before a value was known): the pages redact it again.
    second = meeting(coordinator, [agencies.b], days=-1, location="Police HQ, room 3")
    MatacReview.objects.create(
        subject=subject, meeting=second, note=TYPED, decision=ReviewDecision.CONTINUE, created_by=coordinator
    )
    other = PersonCausingHarmFactory(
        owning_organisation=agencies.b,
        person__address=ADDRESS,
        person__postcode=POSTCODE,
        person__phone=PHONE,
        person__email=EMAIL,
    )
    PoliceIncidentFactory(
        perpetrator=other, victim__address=VICTIM_ADDRESS, victim__phone=VICTIM_PHONE, victim__postcode=""
    )
    declined = services.matac_nomination_create(by=police, person=other, source=NominationSource.PARTNER, reason=TYPED)
    services.matac_nomination_decline(nomination=declined, reason=TYPED, by=coordinator)
    for m in (first, second):
        services.matac_meeting_transition(meeting=m, to="held", by=coordinator)
        services.matac_minutes_publish(meeting=m, by=coordinator)
    return {
        "subject": subject,
        "tactic": tactic,
        "nomination": nomination,
        "declined": declined,
        "meetings": (first, second),
    }


PAGES = [
    ("matac:nomination_detail", "nomination"),
    ("matac:nomination_list", ""),
    ("matac:subject_detail", "subject"),
    ("matac:tactic_detail", "tactic"),
    ("matac:tactic_list", ""),
    ("matac:meeting_detail", "meeting"),
]


def _kwargs(canary: dict[str, Any], key: str) -> dict[str, Any]:
    if key == "meeting":
        return {"meeting_id": canary["meetings"][0].pk}
    return {f"{key}_id": canary[key].pk} if key else {}


@pytest.mark.parametrize("persona", ["matac_coordinator", "police_b"])
@pytest.mark.parametrize(("name", "key"), PAGES)
def test_it_keeps_every_canary_out_of_every_matac_page(
    canary: dict[str, Any], personas: dict[str, Any], signed_in: SignedIn, persona: str, name: str, key: str
) -> None:
    response = signed_in(personas[persona]).get(reverse(name, kwargs=_kwargs(canary, key)))
    assert response.status_code == 200, name
    html = response.content.decode()
    # The subject and their (redacted) free text are there, so the check is not vacuous: lists show no free
    # text, and the coordinator's agency owns no tactic (its tactic list is empty).
    if (name, persona) != ("matac:tactic_list", "matac_coordinator"):
        assert "Canary Subject" in html
    if key in ("nomination", "subject", "tactic") or (name, persona) == ("matac:tactic_list", "police_b"):
        assert REMOVED in html
    _assert_clean(html, f"{name} for {persona}")


def test_it_keeps_every_canary_out_of_the_coordinator_s_forms(
    canary: dict[str, Any], personas: dict[str, Any], signed_in: SignedIn
) -> None:
    client = signed_in(personas["matac_coordinator"])
    for name, kwargs in [
        ("matac:subject_profile", {"subject_id": canary["subject"].pk}),
        ("matac:nomination_detail", {"nomination_id": canary["declined"].pk}),
    ]:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200
        html = response.content.decode()
        assert REMOVED in html, name
        if name == "matac:nomination_detail":
            assert "Declined because" in html
        _assert_clean(html, name)


@pytest.mark.parametrize("persona", ["matac_coordinator", "police_b"])
@pytest.mark.parametrize("which", [0, 1])
def test_it_keeps_every_canary_out_of_each_copy_of_the_minutes_and_its_pdf(
    canary: dict[str, Any], personas: dict[str, Any], signed_in: SignedIn, persona: str, which: int
) -> None:
    client = signed_in(personas[persona])
    kwargs = {"meeting_id": canary["meetings"][which].pk}
    html = client.get(reverse("matac:minutes_detail", kwargs=kwargs)).content.decode()
    pdf = _pdf_text(client.get(reverse("matac:minutes_download", kwargs=kwargs)).content)
    for where, text in (("minutes page", html), ("minutes PDF", pdf)):
        assert "Canary Subject" in text, where
        assert REMOVED in " ".join(text.split()), where
        _assert_clean(text, f"{where} for {persona}")


def test_it_stores_free_text_redacted(canary: dict[str, Any]) -> None:
    subject = canary["subject"]
    subject.refresh_from_db()
    for text in (subject.profile_summary, canary["tactic"].description, canary["nomination"].reason):
        assert REMOVED in text
        _assert_clean(text, "stored text")
