from __future__ import annotations

import json
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from vawg.accounts.models import User
from vawg.accounts.testing import SignedIn, sign_in_verified
from vawg.audit.models import AuditEntry
from vawg.audit.services import audit_record
from vawg.audit.views import FILTERED_LIMIT

LOG_URL = reverse("audit:entry_list")
ORG_TYPE = "accounts.organisation"
ORG_ID = "6b1f0c4e-2d3a-4c5b-9e8f-7a6b5c4d3e2f"
RECORD_URL = reverse("audit:record_access_list", kwargs={"object_type": ORG_TYPE, "object_id": ORG_ID})


@pytest.mark.parametrize("url", [LOG_URL, RECORD_URL])
def test_it_shows_the_audit_pages_to_a_system_administrator(admin_user: User, signed_in: SignedIn, url: str) -> None:
    response = signed_in(admin_user).get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", [LOG_URL, RECORD_URL])
@pytest.mark.parametrize("persona", ["idva_a", "outsider_c", "analyst", "board_member", "marac_coordinator"])
def test_it_refuses_the_audit_pages_to_other_staff(
    personas: dict[str, User | None], signed_in: SignedIn, url: str, persona: str
) -> None:
    user = personas[persona]
    assert user is not None
    before = AuditEntry.objects.filter(action__startswith="audit.").count()

    response = signed_in(user).get(url)

    assert response.status_code == 403
    assert AuditEntry.objects.filter(action__startswith="audit.").count() == before


@pytest.mark.parametrize("url", [LOG_URL, RECORD_URL])
def test_it_sends_anonymous_visitors_to_sign_in(db: None, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in_password"))


def test_it_audits_each_view_of_the_log_once_with_the_names_of_the_filters_only(
    admin_user: User, idva_a: User, signed_in: SignedIn
) -> None:
    client = signed_in(admin_user)

    client.get(LOG_URL)
    client.post(LOG_URL, {"action": "audit.log.view", "actor": idva_a.email, "object_type": "", "object_id": ""})

    views = AuditEntry.objects.filter(action="audit.log.view").order_by("seq")
    assert [(entry.actor_label, entry.details) for entry in views] == [
        ("admin@example.invalid", {"page": 1}),
        ("admin@example.invalid", {"filters": ["action", "actor"]}),
    ]
    dumped = json.dumps(list(AuditEntry.objects.filter(action="audit.log.view").values()), default=str)
    assert idva_a.email not in dumped


def test_it_keeps_filters_out_of_the_address(admin_user: User, idva_a: User, signed_in: SignedIn) -> None:
    audit_record(action="accounts.user.sign_in", by=idva_a)
    client = signed_in(admin_user)

    page = client.get(LOG_URL).content.decode()
    form = re.search(r"<form[^>]*>", page[page.index("Filter the log") :])
    assert form is not None
    assert 'method="post"' in form.group(0) and f'action="{LOG_URL}"' in form.group(0)
    assert 'name="csrfmiddlewaretoken"' in page
    # A filter in the query string is not a filter: GET always shows the whole log.
    by_query = client.get(LOG_URL, {"actor": "nobody@example.invalid"})
    assert [row.entry.action for row in by_query.context["rows"]] == ["audit.log.view", "accounts.user.sign_in"]


def test_it_lists_entries_newest_first_with_their_columns(admin_user: User, signed_in: SignedIn) -> None:
    with time_machine.travel("2026-07-01 11:15:00+00:00", tick=False):  # 12:15 in London (BST)
        audit_record(
            action="accounts.organisation.view",
            by=admin_user,
            object_type=ORG_TYPE,
            object_id=ORG_ID,
            agency_id=next(iter(admin_user.organisation_ids())),
            purpose="Checking the refuge record",
        )
    audit_record(action="audit.field_key.rotate", system_job="rotate_keys")

    page = signed_in(admin_user).get(LOG_URL).content.decode()

    assert "1 Jul 2026, 12:15:00" in page
    assert "Checking the refuge record" in page
    assert "County Council" in page  # the agency's name, looked up from its id
    assert "System job: rotate_keys" in page
    assert RECORD_URL in page
    assert page.index("audit.field_key.rotate") < page.index("accounts.organisation.view")
    assert "Showing entries 1 to 2 of 2." in page


def test_it_filters_the_log(admin_user: User, idva_a: User, signed_in: SignedIn) -> None:
    audit_record(action="accounts.user.sign_in", by=idva_a)
    audit_record(action="accounts.user.sign_in", by=admin_user)
    audit_record(action="accounts.user.sign_out", by=idva_a, object_type=ORG_TYPE, object_id=ORG_ID)
    client = signed_in(admin_user)

    by_action = client.post(LOG_URL, {"action": "accounts.user.sign_in"})
    by_actor = client.post(LOG_URL, {"actor": "IDVA.A@example.invalid"})
    by_object = client.post(LOG_URL, {"object_type": ORG_TYPE, "object_id": ORG_ID})
    nothing = client.post(LOG_URL, {"action": "no.such_action"})

    assert [row.entry.action for row in by_action.context["rows"]] == ["accounts.user.sign_in", "accounts.user.sign_in"]
    assert {row.who for row in by_actor.context["rows"]} == {"idva.a@example.invalid"}
    assert len(by_actor.context["rows"]) == 2
    assert [row.entry.action for row in by_object.context["rows"]] == ["accounts.user.sign_out"]
    assert "Showing all 2 matching entries." in by_action.content.decode()
    assert 'value="IDVA.A@example.invalid"' in by_actor.content.decode()  # the form keeps what was typed
    assert "No entries match these filters." in nothing.content.decode()


def test_it_shows_clear_errors_for_bad_filters(admin_user: User, signed_in: SignedIn) -> None:
    client = signed_in(admin_user)
    before = AuditEntry.objects.count()

    response = client.post(LOG_URL, {"actor": "not an email", "object_type": "no dot here"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Error: Audit log" in page
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert "Enter a record type, for example accounts.organisation" in page
    assert response.context["rows"] == []
    assert AuditEntry.objects.count() == before


def test_it_refuses_a_filter_without_the_csrf_token(admin_user: User) -> None:
    client = sign_in_verified(Client(enforce_csrf_checks=True), admin_user)
    assert client.post(LOG_URL, {"action": "accounts.user.sign_in"}).status_code == 403


def test_it_pages_the_whole_log_fifty_at_a_time(admin_user: User, signed_in: SignedIn) -> None:
    for number in range(119):
        audit_record(action="test.entry.bulk", system_job="test_job", object_id=f"item-{number}")
    client = signed_in(admin_user)

    first = client.get(LOG_URL)
    third = client.get(LOG_URL, {"page": "3"})

    assert len(first.context["rows"]) == 50
    assert first.context["rows"][0].entry.object_id == "item-118"
    assert [row.entry.object_id for row in third.context["rows"]] == [f"item-{n}" for n in range(19, -1, -1)]
    page = first.content.decode()
    assert 'class="govuk-pagination"' in page
    assert "?page=2" in page


def test_it_shows_the_newest_matches_only_when_a_filter_matches_many(admin_user: User, signed_in: SignedIn) -> None:
    for number in range(FILTERED_LIMIT + 5):
        audit_record(action="test.entry.bulk", system_job="test_job", object_id=f"item-{number}")

    response = signed_in(admin_user).post(LOG_URL, {"action": "test.entry.bulk"})

    rows = response.context["rows"]
    assert len(rows) == FILTERED_LIMIT
    assert rows[0].entry.object_id == f"item-{FILTERED_LIMIT + 4}"
    page = response.content.decode()
    assert f"Showing the newest {FILTERED_LIMIT} matching entries. There are more" in page
    assert 'class="govuk-pagination"' not in page


def test_it_shows_who_has_accessed_a_record_and_audits_that_view(
    admin_user: User, idva_a: User, signed_in: SignedIn
) -> None:
    audit_record(
        action="accounts.organisation.view", by=idva_a, object_type=ORG_TYPE, object_id=ORG_ID, purpose="Referral"
    )
    audit_record(action="accounts.organisation.update", by=idva_a, object_type=ORG_TYPE, object_id=ORG_ID)
    audit_record(action="accounts.organisation.view", by=idva_a, object_type=ORG_TYPE, object_id="another-record")

    response = signed_in(admin_user).get(RECORD_URL)

    page = response.content.decode()
    actions = [(row.who, row.entry.action) for row in response.context["rows"]]
    assert actions == [
        ("admin@example.invalid", "audit.record_access.view"),
        ("idva.a@example.invalid", "accounts.organisation.update"),
        ("idva.a@example.invalid", "accounts.organisation.view"),
    ]
    assert "Who has accessed this record" in page
    assert "Referral" in page
    entry = AuditEntry.objects.filter(action="audit.record_access.view").get()
    assert (entry.actor_label, entry.object_type, entry.object_id) == ("admin@example.invalid", ORG_TYPE, ORG_ID)


@pytest.mark.parametrize(("object_type", "object_id"), [("nodot", ORG_ID), (ORG_TYPE, "x" * 65), (ORG_TYPE, "a b")])
def test_it_answers_404_for_a_malformed_record_reference(
    admin_user: User, signed_in: SignedIn, object_type: str, object_id: str
) -> None:
    url = reverse("audit:record_access_list", kwargs={"object_type": object_type, "object_id": object_id})
    assert signed_in(admin_user).get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="audit.record_access.view").exists()
