"""The police data pages: the imports list with the upload form, the row-level report, one import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from vawg.accounts.models import OrganisationType, User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import MembershipFactory, OrganisationFactory
from vawg.audit.models import AuditEntry
from vawg.intelligence.models import PoliceImport, PoliceIncident
from vawg.intelligence.tests.factories import PoliceImportFactory, police_csv, police_row
from vawg.people.models import Person

pytestmark = pytest.mark.django_db

LIST = reverse("police:police_import_list")


def upload(data: bytes, name: str = "extract.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_it_imports_an_uploaded_extract_and_shows_its_counts(
    police_b: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(police_b)
    page = client.get(LIST)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(LIST, {"file": upload(police_csv(police_row()))})
    stored = PoliceImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("police:police_import_detail", kwargs={"police_import_id": stored.pk})
    detail = client.get(response["Location"]).content.decode()
    assert stored.sha256 in detail
    assert "Incidents created" in detail
    assert "Adam" not in detail
    assert reverse("linkage:identity_link_list") in detail
    listed = client.get(LIST).content.decode()
    assert stored.sha256[:12] in listed
    assert "extract.csv" in listed


def test_it_shows_the_row_level_report_of_a_refused_file_and_keeps_nothing(
    police_b: User, signed_in: Callable[[User], Client]
) -> None:
    data = police_csv(
        police_row(),
        police_row(incident_id="INC-2", occurred_on="03/25/2025", victim_postcode="QQ9 CANARY"),
    )
    response = signed_in(police_b).post(LIST, {"file": upload(data)})
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body
    assert "The file was not imported: it has 2 problems. Nothing was kept." in body
    assert 'id="import-report"' in body
    assert "occurred_on" in body and "victim_postcode" in body
    assert "never month first" in body
    assert "CANARY" not in body
    assert not PoliceImport.objects.exists()
    assert not Person.objects.exists()
    assert AuditEntry.objects.filter(action="intelligence.police_import.reject", actor_id=str(police_b.pk)).count() == 1


def test_it_asks_for_a_file(police_b: User, signed_in: Callable[[User], Client]) -> None:
    response = signed_in(police_b).post(LIST, {})
    assert response.status_code == 400
    assert "Select the police extract to import" in response.content.decode()


@override_settings(POLICE_IMPORT_MAX_UPLOAD_BYTES=100)
def test_it_refuses_a_file_over_the_upload_limit(police_b: User, signed_in: Callable[[User], Client]) -> None:
    response = signed_in(police_b).post(LIST, {"file": upload(police_csv(police_row()))})
    assert response.status_code == 400
    assert "police_import command" in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="intelligence.police_import").exists()


def test_it_lets_a_user_at_two_forces_choose(
    agencies: Any, police_b: User, signed_in: Callable[[User], Client]
) -> None:
    other = OrganisationFactory(name="Another Constabulary (demo)", type=OrganisationType.POLICE)
    MembershipFactory(user=police_b, role=Role.POLICE, organisation=other)
    client = signed_in(police_b)
    missing = client.post(LIST, {"file": upload(police_csv(police_row()))})
    assert missing.status_code == 400
    assert "Choose the force the extract comes from" in missing.content.decode()
    client.post(LIST, {"force": str(other.pk), "file": upload(police_csv(police_row()))})
    assert PoliceIncident.objects.get().organisation == other


def test_it_hides_another_forces_import(agencies: Any, police_b: User, signed_in: Callable[[User], Client]) -> None:
    other = OrganisationFactory(name="Another Constabulary (demo)", type=OrganisationType.POLICE)
    elsewhere = PoliceImportFactory(organisation=other, file_name="elsewhere.csv")
    client = signed_in(police_b)
    url = reverse("police:police_import_detail", kwargs={"police_import_id": elsewhere.pk})
    assert client.get(url).status_code == 404
    assert "elsewhere.csv" not in client.get(LIST).content.decode()


def test_it_refuses_the_pages_to_a_user_without_the_permission(
    agencies: Any, outsider_c: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(outsider_c)
    own = PoliceImportFactory(organisation=agencies.b)
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"file": upload(police_csv(police_row()))}).status_code == 403
    url = reverse("police:police_import_detail", kwargs={"police_import_id": own.pk})
    assert client.get(url).status_code == 403
    assert not PoliceIncident.objects.exists()
