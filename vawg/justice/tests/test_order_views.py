"""Order pages (vawg/justice/views/orders.py) and the canary: the police record a DVPN through the forms and
see its hearing deadline; the victim's IDVA sees the order on the case; a planted exclusion-zone text and
breach summary appear on the order page only."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case
from vawg.cases.tests.factories import CaseFactory, CaseTeamMemberFactory
from vawg.core.dates import LONDON
from vawg.intelligence.models import PersonCausingHarm
from vawg.intelligence.tests.factories import PersonCausingHarmFactory, PoliceIncidentFactory
from vawg.justice import services
from vawg.justice.management.commands.notifications_orders_due import orders_due_notify
from vawg.justice.models import Order
from vawg.justice.presenters.orders import when
from vawg.justice.tests.factories import dvpn
from vawg.notifications.models import Notification

pytestmark = pytest.mark.django_db
CANARY_ZONE = "Canary-7Q Lindenfold Crescent exclusion zone"
CANARY_BREACH = "Canary-8R seen at Marrowgate Lane"


@pytest.fixture
def respondent(agencies: Any) -> PersonCausingHarm:
    return PersonCausingHarmFactory(owning_organisation=agencies.b)


@pytest.fixture
def case(agencies: Any, idva_a: User) -> Case:
    found = CaseFactory(owning_organisation=agencies.a)
    CaseTeamMemberFactory(case=found, user=idva_a)
    return found


def test_it_records_a_dvpn_through_the_forms_and_shows_the_hearing_deadline(
    police_b: User, idva_a: User, respondent: PersonCausingHarm, case: Case, agencies: Any, signed_in: Any
) -> None:
    PoliceIncidentFactory(perpetrator=respondent, victim=case.victim, organisation=agencies.b)
    police = signed_in(police_b)
    url = reverse("orders:order_new", kwargs={"person_causing_harm_id": respondent.pk})
    assert police.get(url).status_code == 200
    served = (timezone.now() - timedelta(hours=2)).astimezone(LONDON)
    data = {
        "protected": [str(case.victim_id)],
        "day_0": served.day,
        "day_1": served.month,
        "day_2": served.year,
        "clock": f"{served:%H:%M}",
        "authorising_rank": "inspector",
        "victim_view_considered": "on",
        "child_welfare_considered": "on",
        "condition_kind": "exclusion",
        "condition_text": CANARY_ZONE,
    }
    refused = police.post(f"{url}?type=dvpn", data)
    assert refused.status_code == 200 and "superintendent rank or above" in refused.content.decode()
    assert not Order.objects.exists()
    response = police.post(f"{url}?type=dvpn", {**data, "authorising_rank": "superintendent"})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "orders:order_detail", kwargs={"order_id": order.pk}
    )
    page = police.get(response["Location"]).content.decode()
    assert order.next_due_at is not None
    assert "DVPO application heard" in page and when(order.next_due_at) in page and CANARY_ZONE in page
    idva = signed_in(idva_a)
    case_page = idva.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert "Protective orders" in case_page and "DVPO application heard" in case_page
    assert CANARY_ZONE not in case_page
    assert idva.get(reverse("orders:order_list")).status_code == 403


def test_it_takes_the_chosen_type_to_its_form(police_b: User, respondent: PersonCausingHarm, signed_in: Any) -> None:
    police = signed_in(police_b)
    url = reverse("orders:order_new", kwargs={"person_causing_harm_id": respondent.pk})
    choose = police.get(url).content.decode()
    assert re.search(r'<input[^>]*name="type"[^>]*value="dvpn"', choose)
    unchosen = police.get(url, {"submit": ""}).content.decode()
    assert "Select the type of order or disclosure" in unchosen
    chosen = police.get(url, {"type": "dvpn", "submit": ""}).content.decode()
    assert "Record: Domestic violence protection notice (DVPN)" in chosen


def test_it_keeps_the_canary_on_the_order_page_only(
    police_b: User, idva_a: User, respondent: PersonCausingHarm, case: Case, signed_in: Any
) -> None:
    order = dvpn(by=police_b, respondent=respondent, case=case, condition=CANARY_ZONE)
    services.order_breach_record(
        order=order,
        protected=order.protected.get(),
        occurred_at=timezone.now() - timedelta(hours=1),
        summary=CANARY_BREACH,
        by=police_b,
    )
    assert orders_due_notify() >= 1
    police, idva = signed_in(police_b), signed_in(idva_a)
    pages = [
        police.get(reverse("orders:order_list")),
        police.get(reverse("orders:order_list") + "?show=due"),
        police.get(reverse("harm:person_causing_harm_detail", kwargs={"person_causing_harm_id": respondent.pk})),
        idva.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})),
        idva.get(reverse("orders:order_case_due_list")),
        police.get("/api/v1/me/work", HTTP_AUTHORIZATION="Bearer none"),
    ]
    for response in pages:
        body = response.content.decode()
        assert CANARY_ZONE not in body and CANARY_BREACH not in body
    details = " ".join(str(entry.details) for entry in AuditEntry.objects.all())
    assert "Canary" not in details
    sent = " ".join(f"{m.subject} {m.body}" for m in mail.outbox)
    assert "Canary" not in sent and Notification.objects.filter(kind="order-deadline").exists()
    page = police.get(reverse("orders:order_detail", kwargs={"order_id": order.pk})).content.decode()
    assert CANARY_ZONE in page and CANARY_BREACH in page
