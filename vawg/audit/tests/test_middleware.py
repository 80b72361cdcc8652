"""Reads noted by the access-checked getters are audited once per page (vawg/audit/middleware.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from vawg.accounts.models import Organisation, OrganisationType, User
from vawg.audit.middleware import ReadAuditMiddleware
from vawg.audit.models import AuditEntry
from vawg.audit.services import AuditError, audit_read, audit_record


def _serve(view: Callable[[HttpRequest], HttpResponse], user: object) -> HttpResponse:
    request = RequestFactory().get("/somewhere/")
    request.user = user  # type: ignore[assignment]
    return ReadAuditMiddleware(view)(request)


def _organisations(count: int) -> list[Organisation]:
    return [
        Organisation.objects.create(name=f"Read test agency {n}", type=OrganisationType.POLICE) for n in range(count)
    ]


def test_it_writes_one_entry_for_a_page_that_read_records_and_audited_none(idva_a: User) -> None:
    first, second = _organisations(2)

    def view(request: HttpRequest) -> HttpResponse:
        audit_read(action="accounts.organisation.view", obj=first)
        audit_read(action="accounts.organisation.view", obj=second)
        audit_read(action="accounts.organisation.view", obj=first)  # read twice, noted once
        return HttpResponse("shown")

    before = AuditEntry.objects.count()
    _serve(view, idva_a)
    entries = list(AuditEntry.objects.order_by("seq")[before:])
    assert [(e.action, e.object_id, e.actor_id) for e in entries] == [
        ("accounts.organisation.view", str(first.pk), str(idva_a.pk))
    ]
    assert entries[0].details == {"path": "/somewhere/", "also": [f"accounts.organisation:{second.pk}"]}


def test_it_writes_nothing_more_when_the_page_audited_itself(idva_a: User) -> None:
    (first,) = _organisations(1)

    def view(request: HttpRequest) -> HttpResponse:
        audit_read(action="accounts.organisation.view", obj=first)
        audit_record(action="accounts.organisation.download", by=idva_a, obj=first)
        return HttpResponse("shown")

    before = AuditEntry.objects.count()
    _serve(view, idva_a)
    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)[before:]) == [
        "accounts.organisation.download"
    ]


@pytest.mark.parametrize("status", [302, 403, 404])
def test_it_writes_nothing_for_an_answer_that_shows_no_page(idva_a: User, status: int) -> None:
    (first,) = _organisations(1)

    def view(request: HttpRequest) -> HttpResponse:
        audit_read(action="accounts.organisation.view", obj=first)
        return HttpResponse(status=status)

    before = AuditEntry.objects.count()
    _serve(view, idva_a)
    assert AuditEntry.objects.count() == before


def test_it_writes_nothing_for_a_page_that_read_nothing(idva_a: User) -> None:
    before = AuditEntry.objects.count()
    _serve(lambda request: HttpResponse("plain"), idva_a)
    _serve(lambda request: HttpResponse("plain"), AnonymousUser())
    assert AuditEntry.objects.count() == before


def test_it_notes_nothing_outside_a_request(db: None) -> None:
    (first,) = _organisations(1)
    before = AuditEntry.objects.count()
    assert audit_read(action="accounts.organisation.view", obj=first) is first
    assert AuditEntry.objects.count() == before


def test_it_refuses_a_read_named_another_way(db: None) -> None:
    (first,) = _organisations(1)
    with pytest.raises(AuditError):
        audit_read(action="organisation_view", obj=first)
