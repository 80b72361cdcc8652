"""``manage.py create_admin``: bootstrap a partnership's first system administrator with a set-up link."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from vawg.accounts.models import Membership, Organisation, OrganisationType, SetupLink, User
from vawg.accounts.roles import Role
from vawg.accounts.services import user_disable
from vawg.accounts.tests.factories import OrganisationFactory, TOTPDeviceFactory
from vawg.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

EMAIL = "first.admin@example.invalid"
PASSWORD = "quiet meadow copper violin"


def create_admin(*extra: str, email: str = EMAIL) -> list[str]:
    out = StringIO()
    agency = "Brookmere County Council"
    call_command("create_admin", "--email", email, "--name", "Ada Admin", "--agency", agency, *extra, stdout=out)
    return out.getvalue().rstrip("\n").split("\n")


def _path(url: str) -> str:
    return urlsplit(url).path


def _use(url: str) -> Any:
    """Open the link (its token is swapped for the session at once), then create a password."""
    client = Client()
    opened = client.get(_path(url))
    assert opened.status_code == 303 and opened["Location"] == "/sign-in/set-up/"
    return client.post("/sign-in/set-up/", {"new_password": PASSWORD, "confirm_password": PASSWORD})


def test_it_creates_the_agency_user_and_admin_membership_and_prints_a_working_link() -> None:
    lines = create_admin()

    link = lines[-1]
    assert link.startswith("http://127.0.0.1:8000/sign-in/set-up/")
    assert " " not in link
    user = User.objects.get(email=EMAIL)
    agency = Organisation.objects.get(name="Brookmere County Council")
    assert agency.type == OrganisationType.COUNTY_COUNCIL
    assert user.full_name == "Ada Admin"
    assert not user.has_usable_password()
    assert list(user.memberships.values_list("organisation", "role")) == [(agency.pk, Role.ADMIN)]
    assert user.has_perm("accounts.access_admin_site")

    assert Client().get(_path(link), follow=True).status_code == 200
    response = _use(link)
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/set-up-authenticator/"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    jobs = AuditEntry.objects.filter(system_job="create_admin").values_list("action", flat=True)
    assert list(jobs) == [
        "accounts.organisation.create",
        "accounts.user.create",
        "accounts.membership.add",
        "accounts.setup_link.create",
    ]
    # The token never reaches the audit log.
    token = link.rsplit("/", 2)[-2]
    assert token not in json.dumps(list(AuditEntry.objects.values()), default=str)


def test_it_uses_the_base_url_and_agency_type_given() -> None:
    lines = create_admin("--base-url", "https://vawg.example.gov.uk/", "--agency-type", "police")
    assert lines[-1].startswith("https://vawg.example.gov.uk/sign-in/set-up/")
    assert Organisation.objects.get().type == OrganisationType.POLICE


def test_it_reuses_an_existing_agency_and_user() -> None:
    agency = OrganisationFactory(name="Brookmere County Council", type=OrganisationType.COUNTY_COUNCIL)
    User.objects.create_user(email=EMAIL, full_name="Ada Admin")
    create_admin()
    assert Organisation.objects.get() == agency
    assert User.objects.count() == 1
    assert Membership.objects.get().organisation == agency


def test_it_refuses_an_administrator_who_has_a_password_unless_reset() -> None:
    _use(create_admin()[-1])
    with pytest.raises(CommandError, match=r"already a system administrator.*--reset"):
        create_admin()
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    TOTPDeviceFactory(user=User.objects.get(email=EMAIL))

    first = create_admin("--reset")[-1]
    second = create_admin("--reset")[-1]

    assert (Organisation.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    user = User.objects.get(email=EMAIL)
    assert not user.has_usable_password()
    assert not user.totpdevice_set.exists()
    assert Client().get(_path(first)).status_code == 410  # replaced by the second
    assert SetupLink.objects.usable().count() == 1
    assert _use(second)["Location"] == "/sign-in/set-up-authenticator/"


def test_it_issues_a_new_link_when_the_first_was_never_used() -> None:
    first = create_admin()[-1]
    second = create_admin()[-1]
    assert first != second
    assert Client().get(_path(first)).status_code == 410
    assert Client().get(_path(second), follow=True).status_code == 200
    assert (User.objects.count(), Membership.objects.count()) == (1, 1)


def test_it_refuses_a_disabled_account(admin_user: User) -> None:
    create_admin()
    user_disable(user=User.objects.get(email=EMAIL), by=admin_user, reason="Left")
    with pytest.raises(CommandError, match="disabled"):
        create_admin("--reset")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--base-url", "javascript:alert(1)"), "--base-url"),
        (("--agency-type", "not-a-type"), "invalid choice"),
    ],
)
def test_it_refuses_bad_options(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        create_admin(*args)
    assert not User.objects.exists()


def test_it_refuses_a_bad_email() -> None:
    with pytest.raises(CommandError, match="valid email"):
        create_admin(email="not an email")
    assert not User.objects.exists()
    assert not Organisation.objects.exists()  # one transaction: the agency is not left behind
