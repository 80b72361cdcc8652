"""Services of protective orders (vawg/justice/services/orders.py): recording, validation, transitions,
DVPO from DVPN, the gate, the DAPO switch and audit details."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case
from vawg.cases.tests.factories import CaseFactory
from vawg.intelligence.models import PersonCausingHarm
from vawg.intelligence.tests.factories import PersonCausingHarmFactory
from vawg.justice import selectors, services
from vawg.justice.models import ORDER_TRANSITIONS, Order, OrderState, OrderStatus
from vawg.justice.tests.factories import dvpn

pytestmark = pytest.mark.django_db


@pytest.fixture
def respondent(agencies: Any) -> PersonCausingHarm:
    return PersonCausingHarmFactory(owning_organisation=agencies.b, person__date_of_birth=date(1985, 1, 1))


@pytest.fixture
def case(agencies: Any) -> Case:
    return CaseFactory(owning_organisation=agencies.a)


def test_it_records_a_dvpn_with_its_hearing_deadline_and_audits_ids_only(
    police_b: User, respondent: PersonCausingHarm, case: Case
) -> None:
    order = dvpn(by=police_b, respondent=respondent, case=case, condition="Canary Close exclusion")
    assert order.state == OrderState.SERVED and order.next_due_at is not None
    assert order.next_due_at > order.served_at
    assert list(order.statuses.values_list("state", flat=True)) == ["served"]
    entry = AuditEntry.objects.get(action="justice.order.record")
    assert entry.details["order_type"] == "dvpn" and "Canary" not in str(entry.details)
    assert order.protected.get().case == case


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"authorising_rank": "inspector"}, "authorising_rank"),
        ({"victim_view_considered": False}, "considerations"),
    ],
)
def test_it_refuses_a_dvpn_that_breaks_the_act(
    police_b: User, respondent: PersonCausingHarm, case: Case, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        dvpn(by=police_b, respondent=respondent, case=case, **change)
    assert field in refused.value.message_dict
    assert not Order.objects.exists()


def test_it_refuses_a_dvpn_on_someone_under_18(police_b: User, agencies: Any, case: Case) -> None:
    young = PersonCausingHarmFactory(
        owning_organisation=agencies.b, person__date_of_birth=timezone.localdate() - timedelta(days=17 * 365)
    )
    with pytest.raises(ValidationError) as refused:
        dvpn(by=police_b, respondent=young, case=case)
    assert "respondent" in refused.value.message_dict


def test_it_records_the_dvpo_from_the_dvpn_and_meets_the_hearing(
    police_b: User, respondent: PersonCausingHarm, case: Case
) -> None:
    notice = dvpn(by=police_b, respondent=respondent, case=case)
    heard = timezone.now() - timedelta(hours=2)
    with pytest.raises(ValidationError) as refused:
        services.order_determine(notice=notice, made=True, heard_at=heard, by=police_b, ends_on=timezone.localdate())
    assert "ends_on" in refused.value.message_dict
    made = services.order_determine(
        notice=notice, made=True, heard_at=heard, by=police_b, ends_on=timezone.localdate() + timedelta(days=27)
    )
    assert made is not None and made.order_type == "dvpo" and made.parent == notice
    notice.refresh_from_db()
    assert notice.state == OrderState.DISCHARGED and notice.next_due_at is None
    assert made.protected.get().case == case and made.ends_at is not None


def test_it_walks_only_the_transitions_in_the_table(police_b: User, respondent: PersonCausingHarm, case: Case) -> None:
    order = dvpn(by=police_b, respondent=respondent, case=case)
    now = timezone.now()
    services.order_transition(order=order, to="discharged", at=now, by=police_b, reason="Withdrawn")
    with pytest.raises(ValidationError):
        services.order_transition(order=order, to="served", at=now, by=police_b)
    assert OrderStatus.objects.filter(order=order).count() == 2


def test_it_ends_every_transition_in_a_known_state() -> None:
    states = set(OrderState.values)
    for source, targets in ORDER_TRANSITIONS.items():
        assert source == "" or source in states
        assert targets <= states
    assert all(not ORDER_TRANSITIONS[s] for s in ("discharged", "refused", "expired"))


def test_it_needs_the_permission_and_sight_of_the_respondent(
    idva_a: User, police_b: User, agencies: Any, case: Case
) -> None:
    elsewhere = PersonCausingHarmFactory(owning_organisation=agencies.c)
    with pytest.raises(PermissionDenied):
        dvpn(by=idva_a, respondent=elsewhere, case=case)
    with pytest.raises(Http404):
        dvpn(by=police_b, respondent=elsewhere, case=case)


def test_it_lets_the_victims_idva_see_the_order_through_the_case_only(
    idva_a: User, police_b: User, outsider_c: User, respondent: PersonCausingHarm, case: Case
) -> None:
    order = dvpn(by=police_b, respondent=respondent, case=case)
    assert list(Order.objects.visible_to(idva_a)) == [order]
    assert list(Order.objects.visible_to(police_b)) == [order]
    assert not Order.objects.visible_to(outsider_c).exists()
    with pytest.raises(Http404):
        selectors.order_get_for(user=outsider_c, order_id=order.pk)


def test_it_keeps_dapo_behind_the_switch(police_b: User, respondent: PersonCausingHarm, case: Case) -> None:
    fields = {
        "by": police_b,
        "respondent": respondent,
        "order_type": "dapo",
        "state": "made",
        "protected": [services.Protected(person=case.victim, case=case)],
        "made_at": timezone.now(),
        "until_further_order": True,
    }
    with pytest.raises(ValidationError) as refused:
        services.order_record(**fields)
    assert "order_type" in refused.value.message_dict
    with override_settings(DAPO_AVAILABLE=True):
        assert services.order_record(**fields).order_type == "dapo"


def test_it_meets_the_dvds_decision_and_the_spo_notification(
    police_b: User, respondent: PersonCausingHarm, case: Case
) -> None:
    now = timezone.now()
    protected = [services.Protected(person=case.victim, case=case)]
    ask = services.order_record(
        by=police_b,
        respondent=respondent,
        order_type="dvds-ask",
        state="applied",
        protected=protected,
        applied_at=now - timedelta(days=26),
        dvds_applicant="self",
    )
    assert ask.next_due_at is not None
    services.order_decide(order=ask, decision="disclose", at=now, by=police_b)
    ask.refresh_from_db()
    assert ask.next_due_at is None and ask.dvds_decision == "disclose"
    spo = services.order_record(
        by=police_b,
        respondent=respondent,
        order_type="spo",
        state="made",
        protected=protected,
        made_at=now - timedelta(days=1),
        served_at=now - timedelta(days=1),
        until_further_order=True,
    )
    assert spo.next_due_at is not None
    services.order_notify(order=spo, at=now, by=police_b)
    spo.refresh_from_db()
    assert spo.next_due_at is None


def test_it_counts_my_work_as_the_list_shows(police_b: User, respondent: PersonCausingHarm, case: Case) -> None:
    dvpn(by=police_b, respondent=respondent, case=case)
    dvpn(by=police_b, respondent=respondent, case=CaseFactory(), served_at=timezone.now() - timedelta(days=5))
    assert selectors.officer_orders_due_count(police_b) == len(selectors.officer_orders_due(police_b)) == 2
    assert len(selectors.orders_for(user=police_b, show="overdue")) == 1
    assert len(selectors.orders_for(user=police_b, show="due")) == 1
