"""The directory's hooks into lower apps: the "My work" count, the check-due emails (and their command and
link gate), and the service a routing rule names, shown on the referral page end to end."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.hooks import MY_WORK
from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.selectors import my_work_counts
from vawg.accounts.tests.factories import DistrictFactory, user_with_role
from vawg.notifications.hooks import LINK_GATES
from vawg.notifications.models import Notification, NotificationKind
from vawg.notifications.presenters import WORDING, email_content
from vawg.provision.presenters.directory import route_named_service
from vawg.provision.services.directory import service_check_due_notify, service_mark_checked
from vawg.provision.tests.factories import ServiceFactory
from vawg.referrals.hooks import ROUTE_NAMED_SERVICE
from vawg.referrals.services import routing_rules_install_defaults
from vawg.referrals.tests.factories import record_referral

pytestmark = pytest.mark.django_db
LONG_AGO = timedelta(days=200)


def _stale(organisation: Any, **fields: Any) -> Any:
    return ServiceFactory(organisation=organisation, last_checked_at=timezone.now() - LONG_AGO, **fields)


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_it_counts_the_agencys_entries_due_a_check_on_my_work(
    agencies: Any, idva_a: User, police_b: User, analyst: User, signed_in: Any
) -> None:
    _stale(agencies.a)
    _stale(agencies.a, status="inactive")  # closed: never due
    ServiceFactory(organisation=agencies.a)
    _stale(agencies.b)
    assert my_work_counts(_fresh(idva_a))["services_check_due"] == 1
    assert my_work_counts(_fresh(police_b))["services_check_due"] == 1
    assert my_work_counts(_fresh(analyst))["services_check_due"] == 0
    entry = MY_WORK["services_check_due"]
    page = signed_in(idva_a).get(f"{reverse(entry.url_name)}?{entry.query}")
    assert len(page.context["rows"]) == 1
    rows = {row.key: row for row in signed_in(idva_a).get(reverse("accounts:staff_home")).context["work"]}
    assert rows["services_check_due"].count == 1 and rows["services_check_due"].url == "/services/mine/?due=1"


def test_it_emails_each_keeper_once_per_entry_and_staleness(agencies: Any, idva_a: User, admin_user: User) -> None:
    colleague = user_with_role(Role.SOCIAL_WORKER, agencies.a, email="colleague.a@example.invalid")
    user_with_role(Role.ANALYST, agencies.a, email="analyst.a@example.invalid")  # keeps nothing
    service = _stale(agencies.a, name="Riverside Refuge")
    ServiceFactory(organisation=agencies.a)  # checked recently
    assert service_check_due_notify() == 2
    assert service_check_due_notify() == 0
    sent = Notification.objects.filter(kind=NotificationKind.SERVICE_CHECK_DUE)
    assert {row.recipient for row in sent} == {idva_a, colleague}  # not the administrator at the county
    assert {row.link for row in sent} == {reverse("directory:service_detail", kwargs={"service_id": service.pk})}
    service_mark_checked(service=service, by=idva_a)
    assert service_check_due_notify() == 0
    with time_machine.travel(timezone.now() + LONG_AGO):
        # Both entries are stale now: the checked one again (told again), and the other for the first time.
        assert service_check_due_notify() == 4


def test_it_runs_as_a_command(agencies: Any, idva_a: User) -> None:
    _stale(agencies.a)
    out = StringIO()
    call_command("services_check_due", stdout=out)
    call_command("services_check_due", stdout=out)
    assert "Queued 1 notification(s)" in out.getvalue() and "Queued 0 notification(s)" in out.getvalue()


def test_it_words_the_email_neutrally(agencies: Any) -> None:
    service = _stale(agencies.a, name="Riverside Refuge")
    content = email_content(kind=NotificationKind.SERVICE_CHECK_DUE, link=f"/services/{service.pk}/")
    assert WORDING[NotificationKind.SERVICE_CHECK_DUE] in content.body
    assert "Riverside" not in content.subject + content.body


def test_it_lets_the_email_through_only_to_someone_still_keeping_the_agencys_entries(
    agencies: Any, idva_a: User, police_b: User, admin_user: User
) -> None:
    gate = LINK_GATES["directory:service_detail"]
    service = _stale(agencies.a)
    assert gate(idva_a, {"service_id": service.pk})
    assert not gate(police_b, {"service_id": service.pk})
    assert not gate(admin_user, {"service_id": service.pk})


def test_it_registers_the_routing_hook_once() -> None:
    assert ROUTE_NAMED_SERVICE.count(route_named_service) == 1


def test_it_shows_the_service_a_routing_rule_names_on_the_referral_page(
    agencies: Any, idva_a: User, police_b: User, admin_user: User, signed_in: Any
) -> None:
    routing_rules_install_defaults()  # from a data migration, which a transactional test may have emptied
    district = DistrictFactory(name="Stevenage", slug="stevenage")
    agencies.a.districts.add(district)
    service = ServiceFactory(
        organisation=agencies.a, name="Stevenage Outreach", public_phone="01632 960777", public_url=""
    )
    referral = record_referral(by=police_b, district=district)
    route = referral.routes.get(organisation=agencies.a)
    assert route.rule_id is not None
    page = reverse("referrals:referral_detail", kwargs={"referral_id": referral.pk})
    assert "Service: Stevenage Outreach" not in signed_in(idva_a).get(page).content.decode()
    signed_in(admin_user).post(
        reverse("directory:service_routing_rules_set", kwargs={"service_id": service.pk}), {"rules": [route.rule_id]}
    )
    for user in (idva_a, police_b):  # the receiving agency and the referrer
        body = signed_in(user).get(page).content.decode()
        assert "Service: Stevenage Outreach (Agency A Domestic Abuse Service)" in body
        assert "Phone: 01632 960777" in body
    service.status = "inactive"
    service.save()
    assert "Stevenage Outreach" not in signed_in(idva_a).get(page).content.decode()
