"""MARAC-to-MARAC transfers: the outbound summary (never an address), inbound acceptance, the gates."""

from __future__ import annotations

import re
import zlib
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.tests.factories import CaseDenyEntryFactory, CaseFactory
from vawg.marac.models import (
    AgendaItem,
    MaracReferral,
    MaracReferralSource,
    MaracReferralState,
    MaracTransfer,
    MeetingState,
    TransferState,
)
from vawg.marac.services.transfers import transfer_in_accept, transfer_in_record, transfer_out
from vawg.marac.tests.factories import MaracActionFactory, MaracReferralFactory, listed_case
from vawg.people.models import Channel, SafeContactPreference, SafeStatus
from vawg.people.tests.factories import PersonFactory

CANARIES = {
    "address": "17 Canaryfield Crescent",
    "postcode": "ZZ9 9ZZ",
    "phone": "07700 911822",
    "email": "canary.victim@example.invalid",
    "code_word": "Bluebottle",
}


def pdf_text_variants(document: bytes) -> list[str]:
    """The text of a WeasyPrint PDF, decoded once with each font's ToUnicode map (the right map for each
    run of text is among them, so a value present in the PDF shows up in at least one variant)."""
    streams = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", document, re.S):
        try:
            streams.append(zlib.decompress(raw))
        except zlib.error:
            streams.append(raw)
    maps = []
    for stream in streams:
        if b"beginbfchar" in stream:
            pairs = re.findall(rb"<([0-9a-f]{4})>\s*<([0-9a-f]{4,})>", stream.split(b"beginbfchar", 1)[1], re.I)
            maps.append({int(g, 16): bytes.fromhex(u.decode()).decode("utf-16-be") for g, u in pairs})
    runs = [run for stream in streams for run in re.findall(rb"\[(.*?)\]\s*TJ", stream, re.S)]
    variants = []
    for mapping in maps:
        text = "".join(
            "".join(mapping.get(int(g, 16), "") for g in re.findall(rb"<([0-9a-f]{4})>", run, re.I)) + "\n"
            for run in runs
        )
        variants.append(text)
    return variants


@pytest.fixture
def heard(agencies: Any, idva_a: User) -> AgendaItem:
    victim = PersonFactory(
        given_name="Tamsin",
        family_name="Wren",
        address=f"{CANARIES['address']}, Watford",
        postcode=CANARIES["postcode"],
        phone=CANARIES["phone"],
        email=CANARIES["email"],
    )
    SafeContactPreference.objects.create(
        person=victim,
        channel=Channel.PHONE_CALL,
        version=1,
        status=SafeStatus.SAFE,
        code_word=CANARIES["code_word"],
        system_job="tests",
    )
    case = CaseFactory(victim=victim, owning_organisation=agencies.a)
    item = listed_case(
        coordinating=agencies.county,
        attending=[agencies.a, agencies.b],
        state=MeetingState.HELD,
        case=case,
        referred_on=timezone.localdate() - timedelta(days=40),
    )
    MaracReferral.objects.filter(pk=item.marac_referral_id).update(current_state=MaracReferralState.HEARD)
    AgendaItem.objects.filter(pk=item.pk).update(heard_at=timezone.now() - timedelta(days=30))
    item.refresh_from_db()
    item.risks_identified = f"Perpetrator knows she is at {CANARIES['address']} ({CANARIES['postcode']})"
    item.save()
    MaracActionFactory(
        agenda_item=item,
        owning_organisation=agencies.b,
        description=f"Flag {CANARIES['phone'].replace(' ', '')} for urgent response; code word {CANARIES['code_word']}",
    )
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.a, description="Safety plan review")
    return item


def test_it_transfers_out_with_a_summary_that_never_holds_an_address(
    heard: AgendaItem, marac_coordinator: User, signed_in: Any, monkeypatch: Any
) -> None:
    referral = heard.marac_referral
    client = signed_in(marac_coordinator)
    assert f"/marac/referrals/{referral.pk}/transfer/" in client.get("/marac/transfers/").content.decode()
    assert client.get(f"/marac/referrals/{referral.pk}/transfer/").status_code == 200
    response = client.post(f"/marac/referrals/{referral.pk}/transfer/", {"other_marac": "Bedfordshire MARAC"})
    assert response.status_code == 302
    transfer = MaracTransfer.objects.get()
    referral.refresh_from_db()
    assert referral.current_state == MaracReferralState.TRANSFERRED_OUT
    assert (transfer.direction, transfer.current_state) == ("outbound", TransferState.SENT)

    html = client.get(f"/marac/transfers/{transfer.pk}/").content.decode()
    assert "Tamsin Wren" in html and "17 May 1990" in html
    assert "Safety plan review" in html and "Agency B Constabulary" in html
    assert "[location removed]" in html

    import vawg.core.pdf as pdf_module

    fed: list[str] = []
    real_html = pdf_module.HTML

    def capture(*args: Any, **kwargs: Any) -> Any:
        fed.append(kwargs["string"])
        return real_html(*args, **kwargs)

    monkeypatch.setattr(pdf_module, "HTML", capture)
    download = client.get(f"/marac/transfers/{transfer.pk}/summary.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    texts = pdf_text_variants(download.content)
    assert any("Tamsin Wren" in text for text in texts), "the PDF text extraction must find the victim's name"
    assert any("OFFICIAL-SENSITIVE" in text for text in texts)
    assert "OFFICIAL-SENSITIVE" in fed[0] and "do not copy or forward it" in fed[0]
    for name, value in CANARIES.items():
        for label, output in [("html", html), ("pdf html", fed[0]), *[("pdf text", text) for text in texts]]:
            assert value.lower() not in output.lower(), f"{name} leaked into the {label}"
            assert value.replace(" ", "").lower() not in output.replace(" ", "").lower(), f"{name} in {label}"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"marac.transfer.record_out", "marac.transfer_summary.view", "marac.transfer_summary.download"} <= actions


def test_it_refuses_to_transfer_a_listed_referral(heard: AgendaItem, marac_coordinator: User) -> None:
    referral = MaracReferralFactory(area=heard.meeting.area, current_state=MaracReferralState.LISTED)
    with pytest.raises(ValidationError):
        transfer_out(marac_referral=referral, other_marac="Bedfordshire MARAC", by=marac_coordinator)


def test_it_lets_only_the_coordinator_transfer(
    heard: AgendaItem, idva_a: User, marac_coordinator: User, signed_in: Any
) -> None:
    referral = heard.marac_referral
    with pytest.raises(PermissionDenied):
        transfer_out(marac_referral=referral, other_marac="Bedfordshire MARAC", by=idva_a)
    assert signed_in(idva_a).get(f"/marac/referrals/{referral.pk}/transfer/").status_code == 403
    CaseDenyEntryFactory(case=referral.case, user=marac_coordinator)
    assert signed_in(marac_coordinator).get(f"/marac/referrals/{referral.pk}/transfer/").status_code == 404


def test_it_records_and_accepts_an_inbound_transfer(agencies: Any, marac_coordinator: User, signed_in: Any) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a])
    area = item.meeting.area
    case = CaseFactory(owning_organisation=agencies.county)
    client = signed_in(marac_coordinator)
    response = client.post(
        "/marac/transfers/inbound/new/",
        {
            "area": area.pk,
            "case_reference": case.reference,
            "other_marac": "Essex MARAC",
            "summary": "Heard twice in Essex; risks: threats to kill",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    transfer = MaracTransfer.objects.get(direction="inbound")
    assert transfer.current_state == TransferState.RECEIVED
    assert "threats to kill" in client.get(f"/marac/transfers/{transfer.pk}/").content.decode()
    bad = client.post(f"/marac/transfers/{transfer.pk}/accept/", {})
    assert bad.status_code == 200 and "Select the MARAC criteria" in bad.content.decode()
    done = client.post(f"/marac/transfers/{transfer.pk}/accept/", {"criteria": ["visible_high_risk"]})
    assert done.status_code == 302
    transfer.refresh_from_db()
    referral = MaracReferral.objects.get(source=MaracReferralSource.TRANSFER_IN)
    assert transfer.current_state == TransferState.ACCEPTED and transfer.marac_referral == referral
    assert (referral.case, referral.area, referral.current_state) == (case, area, MaracReferralState.QUEUED)
    assert not referral.is_repeat
    assert "Essex MARAC" in client.get("/marac/transfers/").content.decode()


def test_it_marks_an_inbound_transfer_within_12_months_of_a_referral_here_as_a_repeat(
    agencies: Any, marac_coordinator: User
) -> None:
    item = listed_case(coordinating=agencies.county)
    area = item.meeting.area
    case = CaseFactory(owning_organisation=agencies.county)
    last = MaracReferralFactory(
        case=case, area=area, referred_on=timezone.localdate() - timedelta(days=200), current_state="heard"
    )
    transfer = transfer_in_record(area=area, case=case, other_marac="Essex", summary="x", by=marac_coordinator)
    referral = transfer_in_accept(transfer=transfer, criteria=["professional_judgement"], by=marac_coordinator)
    assert referral.is_repeat and referral.repeat_of == last
    assert referral.criteria == ["professional_judgement", "repeat"]
    with pytest.raises(ValidationError):
        transfer_in_accept(transfer=transfer, criteria=["professional_judgement"], by=marac_coordinator)


def test_it_declines_an_inbound_transfer_with_a_reason(agencies: Any, marac_coordinator: User, signed_in: Any) -> None:
    area = listed_case(coordinating=agencies.county).meeting.area
    case = CaseFactory(owning_organisation=agencies.county)
    transfer = transfer_in_record(area=area, case=case, other_marac="Essex", summary="x", by=marac_coordinator)
    client = signed_in(marac_coordinator)
    bad = client.post(f"/marac/transfers/{transfer.pk}/decline/", {"reason": ""})
    assert "Enter why the transfer is declined" in bad.content.decode()
    assert client.post(f"/marac/transfers/{transfer.pk}/decline/", {"reason": "Not resident"}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.current_state == TransferState.DECLINED and transfer.decision_reason == "Not resident"


def test_it_will_not_record_an_inbound_transfer_for_a_case_the_coordinator_cannot_see(
    agencies: Any, marac_coordinator: User, signed_in: Any
) -> None:
    area = listed_case(coordinating=agencies.county).meeting.area
    hidden = CaseFactory(owning_organisation=agencies.a)
    with pytest.raises(PermissionDenied):
        transfer_in_record(area=area, case=hidden, other_marac="Essex", summary="x", by=marac_coordinator)
    page = signed_in(marac_coordinator).post(
        "/marac/transfers/inbound/new/",
        {"area": area.pk, "case_reference": hidden.reference, "other_marac": "Essex", "summary": "x"},
    )
    assert page.status_code == 200 and "Enter the reference of a case you can see" in page.content.decode()
    assert not MaracTransfer.objects.exists()


def test_it_404s_transfers_to_everyone_but_the_areas_coordinator(
    heard: AgendaItem, marac_coordinator: User, idva_a: User, outsider_c: User, signed_in: Any
) -> None:
    transfer = transfer_out(marac_referral=heard.marac_referral, other_marac="Bedfordshire", by=marac_coordinator)
    for user in (idva_a, outsider_c):
        client = signed_in(user)
        for url in (f"/marac/transfers/{transfer.pk}/", f"/marac/transfers/{transfer.pk}/summary.pdf"):
            assert client.get(url).status_code in (403, 404)
    CaseDenyEntryFactory(case=transfer.case, user=marac_coordinator)
    assert signed_in(marac_coordinator).get(f"/marac/transfers/{transfer.pk}/").status_code == 404
