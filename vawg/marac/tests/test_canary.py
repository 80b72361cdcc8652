"""Canary: no location-critical value reaches MARAC minutes (HTML and PDF), the research pack, the
chair's pages or the return downloads (CSV and XLSX), even when someone typed one into an action or
the risks identified by mistake, and even when they typed it spelled differently from how it is stored
(a phone stored as +447700 955321 typed as 07700-955321, a postcode in lower case without its space, an
address line with other punctuation).

PDF text is extracted with pypdf (no /usr/bin/pdftotext here); each check also asserts a value that
must be there, so an extraction that found nothing could not pass.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

import pypdf
import pytest
from django.urls import reverse

from vawg.accounts.models import User
from vawg.accounts.testing import SignedIn
from vawg.cases.tests.factories import CaseFactory
from vawg.marac.models import ActionState, MaracActionStatus, MeetingState
from vawg.marac.services.actions import marac_action_update
from vawg.marac.tests.factories import MaracActionFactory, ResearchTaskFactory, listed_case
from vawg.people.models import Channel, SafeStatus
from vawg.people.rules import REMOVED
from vawg.people.tests.factories import PersonFactory, SafeContactPreferenceFactory

ADDRESS = "17 Canarywharf Lane, Larkfield"
POSTCODE = "CN7 9QZ"
PHONE = "+447700 955321"  # stored with +44; typed below with 0 and other separators
EMAIL = "canary.victim@example.invalid"
CODE_WORD = "Bluebellcanary"
SAFE_CONTACT_DETAIL = "07700 966432"
PERPETRATOR_ADDRESS = "5 Heronsgate Close, Rookbury"
REFUGE_ADDRESS = "Refuge House, 3 Hiddenmeadow Row"
# Every fragment that must never appear (each address line on its own too; phones with and without spaces).
CANARIES = [
    "Canarywharf",
    "Larkfield",
    POSTCODE,
    PHONE,
    PHONE.replace(" ", ""),
    EMAIL,
    CODE_WORD,
    SAFE_CONTACT_DETAIL,
    SAFE_CONTACT_DETAIL.replace(" ", ""),
    "Heronsgate",
    "Rookbury",
    "Hiddenmeadow",
]
# The same values as people retype them: other prefixes, separators, case, spacing and punctuation.
OTHER_SPELLINGS = (
    "Ring 07700 955321, 07700-955321 or +44 (0)7700.955.321; her sister on 0044 7700 966 432. "
    "Post to cn79qz or CN7  9QZ; mail Canary.Victim@EXAMPLE.INVALID; code word BLUEBELL-canary. "
    "She is at 17, canarywharf  lane or 17 CANARYWHARF-LANE (larkfield); he is at 5 heronsgate-close."
)
# What no output may hold, compared in a normalised form: phones by their national significant number
# (in the output's digits), postcodes without spaces in upper case, emails in lower case, address lines
# by their letters and digits.
NATIONAL_NUMBERS = ["7700955321", "7700966432"]
COMPACT_POSTCODE = "CN79QZ"
ADDRESS_LETTERS = ["17canarywharflane", "5heronsgateclose", "bluebellcanary"]


@pytest.fixture
def canary(agencies: Any, marac_coordinator: User) -> dict[str, Any]:
    agencies.a.confidential_address = REFUGE_ADDRESS
    agencies.a.save()
    victim = PersonFactory(
        given_name="Jane", family_name="Wren", address=ADDRESS, postcode=POSTCODE, phone=PHONE, email=EMAIL
    )
    SafeContactPreferenceFactory(
        person=victim,
        channel=Channel.PHONE_CALL,
        status=SafeStatus.SAFE,
        code_word=CODE_WORD,
        contact_detail=SAFE_CONTACT_DETAIL,
    )
    perpetrator = PersonFactory(given_name="Mark", family_name="Crow", address=PERPETRATOR_ADDRESS)
    item = listed_case(
        coordinating=agencies.county,
        attending=[agencies.a, agencies.b],
        state=MeetingState.MINUTES_PUBLISHED,
        case=CaseFactory(victim=victim, owning_organisation=agencies.a),
        perpetrator=perpetrator,
        referring_organisation=agencies.a,
        reason=f"Lives at {ADDRESS}. {OTHER_SPELLINGS}",
    )
    item.risks_identified = (
        f"She is staying at 17 Canarywharf Lane; he was seen near {PERPETRATOR_ADDRESS}. {OTHER_SPELLINGS}"
    )
    item.conclusion = f"Ring on {PHONE.replace(' ', '')} or via her sister on {SAFE_CONTACT_DETAIL}; code {CODE_WORD}."
    item.heard_at = datetime.now(tz=UTC)
    item.save()
    for organisation in (agencies.a, agencies.b):
        action = MaracActionFactory(
            agenda_item=item,
            owning_organisation=organisation,
            owner=marac_coordinator,
            description=f"Visit her at 17 Canarywharf Lane, {POSTCODE}; email {EMAIL}. {OTHER_SPELLINGS}",
        )
        # A note stored unredacted (say, before redaction knew these spellings): pages redact it again.
        MaracActionStatus.objects.create(
            action=action, state=ActionState.OPEN, note=OTHER_SPELLINGS, created_by=marac_coordinator
        )
    task = ResearchTaskFactory(
        agenda_item=item,
        organisation=agencies.b,
        holds_information=True,
        victim_information=f"Known at {ADDRESS}. {OTHER_SPELLINGS}",
        perpetrator_information=f"Lives at {PERPETRATOR_ADDRESS}",
        children_information="Two children at 17 Canarywharf Lane",
    )
    return {"item": item, "task": task}


def _assert_clean(text: str, where: str) -> None:
    lowered = " ".join(text.split()).lower()
    found = [value for value in CANARIES if value.lower() in lowered]
    digits = re.sub(r"\D", "", text)
    found += [number for number in NATIONAL_NUMBERS if number in digits]
    found += [COMPACT_POSTCODE] if COMPACT_POSTCODE in re.sub(r"\s", "", text).upper() else []
    found += [EMAIL] if EMAIL.lower() in text.lower() else []
    letters = re.sub(r"[^a-z0-9]", "", text.lower())
    found += [line for line in ADDRESS_LETTERS if line in letters]
    assert not found, f"{where} shows location-critical values: {found}"


def _pdf_text(document: bytes) -> str:
    assert document.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(document)).pages)


@pytest.mark.parametrize("persona", ["marac_coordinator", "idva_a", "police_b"])
def test_it_keeps_every_canary_out_of_the_minutes_page_and_pdf(
    canary: dict[str, Any], personas: dict[str, User], signed_in: SignedIn, persona: str
) -> None:
    client = signed_in(personas[persona])
    meeting_id = canary["item"].meeting_id
    page = client.get(reverse("marac:minutes_detail", kwargs={"meeting_id": meeting_id}))
    assert page.status_code == 200
    html = page.content.decode()
    pdf = _pdf_text(client.get(reverse("marac:minutes_download", kwargs={"meeting_id": meeting_id})).content)
    for where, text in (("minutes page", html), ("minutes PDF", pdf)):
        # The case, its risks and its action are there (redacted), so the check below is not vacuous.
        assert "Jane W." in text, where
        assert canary["item"].marac_referral.reference in text, where
        assert REMOVED in " ".join(text.split()), where
        _assert_clean(text, f"{where} for {persona}")


def test_it_keeps_every_canary_out_of_the_research_pack(
    canary: dict[str, Any], police_b: User, signed_in: SignedIn
) -> None:
    response = signed_in(police_b).get(reverse("marac:research_task_detail", kwargs={"task_id": canary["task"].pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert canary["item"].marac_referral.reference in html
    _assert_clean(html, "research pack")


@pytest.mark.parametrize(
    ("persona", "agency"), [("marac_coordinator", "a"), ("marac_coordinator", "b"), ("idva_a", "a"), ("police_b", "b")]
)
def test_it_keeps_every_canary_out_of_the_action_page_and_its_notes(
    canary: dict[str, Any], agencies: Any, personas: dict[str, User], signed_in: SignedIn, persona: str, agency: str
) -> None:
    action = canary["item"].actions.get(owning_organisation=getattr(agencies, agency))
    response = signed_in(personas[persona]).get(reverse("marac:action_detail", kwargs={"action_id": action.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert canary["item"].marac_referral.reference in html
    assert html.count(REMOVED) >= 2  # the description and the note are there, redacted
    _assert_clean(html, f"action page for {persona}")


def test_it_stores_a_note_typed_with_other_spellings_redacted(
    canary: dict[str, Any], agencies: Any, idva_a: User
) -> None:
    action = canary["item"].actions.get(owning_organisation=agencies.a)
    row = marac_action_update(action=action, by=idva_a, state=ActionState.IN_PROGRESS, note=OTHER_SPELLINGS)
    row.refresh_from_db()
    assert row.note.startswith("Ring ") and REMOVED in row.note
    _assert_clean(row.note, "stored action note")


@pytest.mark.parametrize("url_name", ["marac:meeting_chair", "marac:agenda_item_chair"])
def test_it_keeps_every_canary_out_of_the_chairs_pages(
    canary: dict[str, Any], marac_coordinator: User, signed_in: SignedIn, url_name: str
) -> None:
    item = canary["item"]
    kwargs = {"meeting_id": item.meeting_id} if url_name == "marac:meeting_chair" else {"item_id": item.pk}
    response = signed_in(marac_coordinator).get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 200
    html = response.content.decode()
    assert item.marac_referral.reference in html
    _assert_clean(html, url_name)


def _date_params(prefix: str, day: Any) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_keeps_every_canary_out_of_the_return_downloads(
    canary: dict[str, Any], marac_coordinator: User, signed_in: SignedIn, file_format: str
) -> None:
    from django.utils import timezone

    meeting = canary["item"].meeting
    meeting.current_state = MeetingState.HELD  # the return counts held meetings
    meeting.save()
    day = timezone.localtime(meeting.starts_at).date()
    params = {"quarter": "", **_date_params("from_date", day), **_date_params("to_date", day)}
    response = signed_in(marac_coordinator).get(
        reverse("marac:return_download", kwargs={"file_format": file_format}), params
    )
    assert response.status_code == 200
    if file_format == "csv":
        text = response.content.decode()
    else:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.content))
        text = "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    # The case was counted (so the file holds the figures from these records), and no canary is in it.
    assert "Cases discussed (including repeats)\n1\n" in text.replace(",", "\n").replace("\r", "")
    _assert_clean(text, f"return {file_format}")
