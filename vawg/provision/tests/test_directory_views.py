"""The staff directory pages: the filtered list and its paging, an entry, "Your agency's services", adding,
changing, checking, routing rules, and who is refused (403 for functions, sign-in for anonymous users)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.tests.factories import DistrictFactory
from vawg.audit.models import AuditEntry
from vawg.provision.config import ServiceStatus
from vawg.provision.models import RoutingRuleService, Service, ServiceVersion
from vawg.provision.tests.factories import ServiceFactory
from vawg.referrals.models import RoutingRule, ServiceKind

pytestmark = pytest.mark.django_db
LIST = reverse("directory:service_list")
MINE = reverse("directory:service_list_mine")


def _names(response: Any) -> list[str]:
    return [row.service.name for row in response.context["rows"]]


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Hillside Counselling",
        "description": "Counselling for survivors of sexual violence.",
        "service_types": ["counselling"],
        "forms_of_abuse": ["sexual-violence"],
        "risk_levels": ["standard", "medium"],
        "genders": ["female", "non-binary"],
        "area": ["countywide"],
        "access_route": "self-or-professional",
        "public_phone": "020 7946 0123",
        "status": "active",
        "listed_publicly": "on",
    }
    return data | changes


def test_it_lists_and_filters_services_for_everyone_on_the_staff_service(
    agencies: Any, analyst: User, signed_in: Any
) -> None:
    watford = DistrictFactory(slug="watford", name="Watford")
    ServiceFactory(name="Stalking advocacy", forms_of_abuse=["stalking"])
    local = ServiceFactory(name="Watford drop-in", countywide=False)
    local.districts.add(watford)
    ServiceFactory(name="Elsewhere only", countywide=False).districts.add(DistrictFactory(slug="dacorum"))
    ServiceFactory(name="Closed service", status=ServiceStatus.INACTIVE)
    client = signed_in(analyst)
    assert sorted(_names(client.get(LIST))) == ["Elsewhere only", "Stalking advocacy", "Watford drop-in"]
    assert _names(client.get(LIST, {"form_of_abuse": "stalking"})) == ["Stalking advocacy"]
    assert sorted(_names(client.get(LIST, {"district": "watford"}))) == ["Stalking advocacy", "Watford drop-in"]
    assert _names(client.get(LIST, {"search": "drop-in"})) == ["Watford drop-in"]


def test_it_shows_each_rows_agency_reach_and_stale_tag(agencies: Any, idva_a: User, signed_in: Any) -> None:
    ServiceFactory(
        name="Old entry",
        organisation=agencies.b,
        public_phone="01632 960555",
        last_checked_at=timezone.now() - timedelta(days=190),
    )
    body = signed_in(idva_a).get(LIST).content.decode()
    assert "Agency B Constabulary" in body and "Phone: 01632 960555" in body
    assert "Not checked for 6 months" in body


def test_it_pages_fifty_services_at_a_time(agencies: Any, idva_a: User, signed_in: Any) -> None:
    organisation = agencies.a
    for number in range(51):
        ServiceFactory(organisation=organisation, name=f"Service {number:02d}")
    client = signed_in(idva_a)
    first, second = client.get(LIST), client.get(LIST, {"page": 2})
    assert len(first.context["rows"]) == 50 and _names(second) == ["Service 50"]
    assert "Showing services 51 to 51 of 51" in second.content.decode()


def test_it_explains_a_bad_filter_and_lists_nothing_until_it_is_put_right(
    agencies: Any, idva_a: User, signed_in: Any
) -> None:
    ServiceFactory()
    response = signed_in(idva_a).get(LIST, {"age": "old", "district": "nowhere"})
    body = response.content.decode()
    assert response.status_code == 200 and response.context["rows"] == []
    assert "Enter the age as a whole number, like 34" in body and "Select a valid choice" not in body


def test_it_sends_anonymous_users_to_sign_in(agencies: Any) -> None:
    response = Client().get(LIST)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_it_shows_an_entry_with_its_versions_and_who_made_them(agencies: Any, idva_a: User, signed_in: Any) -> None:
    client = signed_in(idva_a)
    client.post(reverse("directory:service_create"), _form())
    service = Service.objects.get(name="Hillside Counselling")
    client.post(reverse("directory:service_check", kwargs={"service_id": service.pk}))
    response = client.get(reverse("directory:service_detail", kwargs={"service_id": service.pk}))
    versions = response.context["versions"]
    assert [(row.version, row.what) for row in versions] == [(2, "Checked, no change"), (1, "Added")]
    assert versions[0].who == (idva_a.full_name or idva_a.email)
    assert response.context["may_change"] is True
    assert 'id="mark-checked"' in response.content.decode()


def test_it_adds_a_service_for_the_keepers_agency(agencies: Any, idva_a: User, signed_in: Any) -> None:
    blank = signed_in(idva_a).get(reverse("directory:service_create")).content.decode()
    assert '<h1 class="govuk-heading-l">Add a service</h1>' in blank and 'name="organisation"' not in blank
    response = signed_in(idva_a).post(reverse("directory:service_create"), _form())
    service = Service.objects.get(name="Hillside Counselling")
    assert response.status_code == 302 and response["Location"] == reverse(
        "directory:service_detail", kwargs={"service_id": service.pk}
    )
    assert service.organisation == agencies.a and service.countywide and service.listed_publicly
    assert AuditEntry.objects.filter(action="provision.service.create", actor_id=str(idva_a.pk)).count() == 1


def test_it_puts_the_models_refusal_on_the_form_and_saves_nothing(agencies: Any, idva_a: User, signed_in: Any) -> None:
    response = signed_in(idva_a).post(
        reverse("directory:service_create"),
        _form(minimum_age="40", maximum_age="18", confidential_location="on", public_address="1 Mill Lane"),
    )
    assert response.status_code == 200 and not Service.objects.exists()
    errors = response.context["form"].errors
    assert "maximum_age" in errors and "public_address" in errors
    assert "The oldest age must be the same as or more than the youngest" in response.content.decode()


def test_it_refuses_countywide_and_districts_together(agencies: Any, idva_a: User, signed_in: Any) -> None:
    district = DistrictFactory()
    response = signed_in(idva_a).post(reverse("directory:service_create"), _form(area=["countywide", str(district.pk)]))
    assert "Select countywide or the districts it works in, not both" in response.content.decode()
    assert not Service.objects.exists()


def test_it_changes_an_entry_for_its_keeper(agencies: Any, idva_a: User, signed_in: Any) -> None:
    district = DistrictFactory(name="Stevenage")
    service = ServiceFactory(organisation=agencies.a, name="Before")
    url = reverse("directory:service_change", kwargs={"service_id": service.pk})
    client = signed_in(idva_a)
    page = client.get(url)
    assert page.context["form"].initial["name"] == "Before"
    assert '<h1 class="govuk-heading-l">Change Before</h1>' in page.content.decode()
    response = client.post(url, _form(name="After", area=[str(district.pk)]))
    assert response.status_code == 302
    changed = Service.objects.get(pk=service.pk)
    assert changed.name == "After" and not changed.countywide and list(changed.districts.all()) == [district]
    assert ServiceVersion.objects.filter(service=service).count() == 1


def test_it_refuses_a_keeper_of_another_agency_with_403(agencies: Any, police_b: User, signed_in: Any) -> None:
    service = ServiceFactory(organisation=agencies.a, name="Unchanged")
    client = signed_in(police_b)
    assert client.get(reverse("directory:service_detail", kwargs={"service_id": service.pk})).status_code == 200
    assert client.get(reverse("directory:service_change", kwargs={"service_id": service.pk})).status_code == 403
    assert (
        client.post(reverse("directory:service_change", kwargs={"service_id": service.pk}), _form()).status_code == 403
    )
    assert client.post(reverse("directory:service_check", kwargs={"service_id": service.pk})).status_code == 403
    assert Service.objects.get(pk=service.pk).name == "Unchanged" and not ServiceVersion.objects.exists()


def test_it_refuses_people_who_keep_no_services(agencies: Any, analyst: User, signed_in: Any) -> None:
    service = ServiceFactory(organisation=agencies.a)
    client = signed_in(analyst)
    assert client.get(reverse("directory:service_create")).status_code == 403
    assert client.get(MINE).status_code == 403
    assert client.post(reverse("directory:service_check", kwargs={"service_id": service.pk})).status_code == 403


def test_it_gives_404_for_an_entry_that_does_not_exist(agencies: Any, idva_a: User, signed_in: Any) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    assert signed_in(idva_a).get(reverse("directory:service_detail", kwargs={"service_id": missing})).status_code == 404


def test_it_lists_the_agencys_services_with_the_stale_ones_first(agencies: Any, idva_a: User, signed_in: Any) -> None:
    ServiceFactory(organisation=agencies.a, name="A fresh one")
    ServiceFactory(organisation=agencies.a, name="Z stale one", last_checked_at=timezone.now() - timedelta(days=300))
    ServiceFactory(organisation=agencies.b, name="Not ours")
    client = signed_in(idva_a)
    assert _names(client.get(MINE)) == ["Z stale one", "A fresh one"]
    assert _names(client.get(MINE, {"due": "1"})) == ["Z stale one"]


def test_it_marks_an_entry_checked_with_a_post_button(agencies: Any, idva_a: User, signed_in: Any) -> None:
    service = ServiceFactory(organisation=agencies.a, last_checked_at=timezone.now() - timedelta(days=300))
    response = signed_in(idva_a).post(reverse("directory:service_check", kwargs={"service_id": service.pk}))
    assert response.status_code == 302
    assert not Service.objects.get(pk=service.pk).is_stale
    assert AuditEntry.objects.filter(action="provision.service.check").count() == 1


def test_it_lets_an_administrator_choose_the_routing_rules_naming_a_service(
    agencies: Any, admin_user: User, idva_a: User, signed_in: Any
) -> None:
    service = ServiceFactory(organisation=agencies.a)
    rule = RoutingRule.objects.create(name="Outreach for everyone", service_kind=ServiceKind.OUTREACH)
    url = reverse("directory:service_routing_rules_set", kwargs={"service_id": service.pk})
    detail = reverse("directory:service_detail", kwargs={"service_id": service.pk})
    assert signed_in(idva_a).post(url, {"rules": [str(rule.pk)]}).status_code == 403
    assert signed_in(idva_a).get(detail).context["rules_form"] is None
    client = signed_in(admin_user)
    assert client.post(url, {"rules": [str(rule.pk)]}).status_code == 302
    assert RoutingRuleService.objects.get(rule=rule).service == service
    assert "Outreach for everyone" in client.get(detail).context["rule_names"]
    assert f'<h1 class="govuk-heading-l">Routing rules naming {service.name}</h1>' in client.get(url).content.decode()
    bad = client.post(url, {"rules": ["00000000-0000-4000-8000-000000000000"]})
    assert bad.status_code == 200 and "Select active routing rules only" in bad.content.decode()


def test_it_links_the_directory_from_the_staff_home(agencies: Any, board_member: User, signed_in: Any) -> None:
    cards = signed_in(board_member).get(reverse("accounts:staff_home")).context["cards"]
    assert any(card.url == LIST and card.title == "Services directory" for card in cards)
