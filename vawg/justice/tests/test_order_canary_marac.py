"""Canary: an order's exclusion zone and a breach summary, on an order protecting the victim of a case on a
MARAC meeting's agenda, reach none of the MARAC minutes (page and PDF), the research page, the agenda, any
CSV or XLSX download a police officer, coordinator or the victim's IDVA can reach, nor the API's case and person
causing harm; the order page still shows them to the officer. Each check also asserts something that must
be there, so a page that showed nothing could not pass."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.testing import SignedIn
from vawg.api.services import api_token_create
from vawg.cases.tests.factories import CaseFactory, CaseTeamMemberFactory
from vawg.core.tests.test_exports import read_xlsx
from vawg.intelligence.services.rfg import rfg_run
from vawg.intelligence.tests.factories import PersonCausingHarmFactory, PoliceIncidentFactory
from vawg.justice import services
from vawg.justice.tests.factories import dvpn
from vawg.marac.models import MeetingState
from vawg.marac.tests.factories import ResearchTaskFactory, listed_case
from vawg.marac.tests.test_canary import _date_params, _pdf_text

pytestmark = pytest.mark.django_db

ZONE = "Not to enter Quillerby Mews or the Tansley Rise exclusion zone"
BREACH = "Seen waiting outside 9 Orrinshaw Court at 22:10"
# Each distinctive word on its own, compared by letters only (so a reflowed PDF line still matches).
FRAGMENTS = ["quillerby", "tansleyrise", "orrinshaw"]


def _assert_clean(text: str, where: str) -> None:
    letters = re.sub(r"[^a-z0-9]", "", text.lower())
    found = [fragment for fragment in FRAGMENTS if fragment in letters]
    assert not found, f"{where} shows an order's location text: {found}"


def _download_text(content: bytes, file_format: str) -> str:
    if file_format == "xlsx":
        return "\n".join(str(cell) for row in read_xlsx(content) for cell in row)
    return content.decode("utf-8-sig")


@pytest.fixture
def canary(agencies: Any, police_b: User, idva_a: User) -> dict[str, Any]:
    case = CaseFactory(owning_organisation=agencies.a)
    CaseTeamMemberFactory(case=case, user=idva_a)
    item = listed_case(
        coordinating=agencies.county,
        attending=[agencies.a, agencies.b],
        state=MeetingState.MINUTES_PUBLISHED,
        case=case,
        referring_organisation=agencies.a,
    )
    item.heard_at = timezone.now()
    item.save()
    task = ResearchTaskFactory(
        agenda_item=item, organisation=agencies.b, holds_information=True, completed_at=timezone.now()
    )
    respondent = PersonCausingHarmFactory(owning_organisation=agencies.b)
    PoliceIncidentFactory(perpetrator=respondent, victim=case.victim, organisation=agencies.b)
    order = dvpn(by=police_b, respondent=respondent, case=case, condition=ZONE)
    services.order_breach_record(
        order=order,
        protected=order.protected.get(),
        occurred_at=timezone.now() - timedelta(hours=1),
        summary=BREACH,
        by=police_b,
    )
    rfg_run(as_of=timezone.localdate(), system_job="tests")
    return {"case": case, "item": item, "task": task, "respondent": respondent, "order": order}


@pytest.mark.parametrize("persona", ["marac_coordinator", "police_b"])
def test_it_keeps_the_zone_out_of_the_minutes_and_the_agenda(
    canary: dict[str, Any], personas: dict[str, User], signed_in: SignedIn, persona: str
) -> None:
    client = signed_in(personas[persona])
    meeting = {"meeting_id": canary["item"].meeting_id}
    reference = canary["item"].marac_referral.reference
    minutes = client.get(reverse("marac:minutes_detail", kwargs=meeting))
    agenda = client.get(reverse("marac:meeting_detail", kwargs=meeting))
    pdf = _pdf_text(client.get(reverse("marac:minutes_download", kwargs=meeting)).content)
    for where, text in (("minutes", minutes.content.decode()), ("agenda", agenda.content.decode()), ("PDF", pdf)):
        assert reference in text, where
        _assert_clean(text, f"{where} for {persona}")


def test_it_keeps_the_zone_out_of_the_research_page(
    canary: dict[str, Any], police_b: User, signed_in: SignedIn
) -> None:
    response = signed_in(police_b).get(reverse("marac:research_task_detail", kwargs={"task_id": canary["task"].pk}))
    html = response.content.decode()
    assert response.status_code == 200 and canary["item"].marac_referral.reference in html
    _assert_clean(html, "research page")


@pytest.mark.parametrize(
    ("persona", "url_name", "kwargs", "present"),
    [
        ("idva_a", "cases:case_list_export", {}, "case"),
        ("police_b", "ranking:rfg_ranking_download", {}, "respondent"),
        ("police_b", "justice:attrition_download", {}, ""),
        ("marac_coordinator", "marac:return_download", {"file_format": "csv"}, ""),
        ("marac_coordinator", "marac:return_download", {"file_format": "xlsx"}, ""),
    ],
)
def test_it_keeps_the_zone_out_of_every_download(
    canary: dict[str, Any],
    personas: dict[str, User],
    signed_in: SignedIn,
    persona: str,
    url_name: str,
    kwargs: dict[str, str],
    present: str,
) -> None:
    meeting = canary["item"].meeting
    meeting.current_state = MeetingState.HELD  # the return counts held meetings
    meeting.save()
    day = timezone.localtime(meeting.starts_at).date()
    params = {"quarter": "", **_date_params("from_date", day), **_date_params("to_date", day)}
    response = signed_in(personas[persona]).get(reverse(url_name, kwargs=kwargs), params)
    assert response.status_code == 200
    text = _download_text(response.content, kwargs.get("file_format", "csv"))
    expected = {"case": canary["case"].reference, "respondent": str(canary["respondent"].pk), "": ""}[present]
    assert len(text.splitlines()) >= 2 and expected in text, f"{url_name} holds no rows"
    _assert_clean(text, f"{url_name} for {persona}")


@pytest.mark.parametrize(("persona", "path"), [("idva_a", "cases/{case}"), ("police_b", "people-causing-harm/{pch}")])
def test_it_keeps_the_zone_out_of_the_api(
    canary: dict[str, Any], personas: dict[str, User], persona: str, path: str
) -> None:
    user = personas[persona]
    token = api_token_create(user=user, name="Canary", by=user)[1]
    url = "/api/v1/" + path.format(case=canary["case"].pk, pch=canary["respondent"].pk)
    response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    body = response.content.decode()
    assert response.status_code == 200 and str(canary["case"].pk if "case" in path else canary["respondent"].pk) in body
    _assert_clean(body, url)


def test_it_shows_the_zone_and_the_breach_on_the_order_page(
    canary: dict[str, Any], police_b: User, signed_in: SignedIn
) -> None:
    page = signed_in(police_b).get(reverse("orders:order_detail", kwargs={"order_id": canary["order"].pk}))
    html = page.content.decode()
    assert ZONE in html and BREACH in html
