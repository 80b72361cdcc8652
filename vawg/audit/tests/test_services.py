from __future__ import annotations

import hashlib
import hmac
import itertools
from collections.abc import Callable

import pytest
import time_machine
from django.conf import settings
from django.test import RequestFactory, override_settings

from vawg.accounts.models import Organisation, User
from vawg.audit.models import AuditEntry
from vawg.audit.services import GENESIS_HASH, AuditError, audit_record, canonical, verify_chain, walk_chain


def test_it_writes_exactly_one_entry_per_call_with_its_fields(idva_a: User) -> None:
    organisation = Organisation.objects.first()
    assert organisation is not None
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    before = AuditEntry.objects.count()

    with time_machine.travel("2026-03-01 09:30:00+00:00", tick=False):
        entry = audit_record(
            action="accounts.organisation.view",
            actor=idva_a,
            obj=organisation,
            agency_id=organisation.pk,
            purpose="Safety planning",
            request=request,
            details={"field": "confidential_address"},
        )

    assert AuditEntry.objects.count() == before + 1
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.action == "accounts.organisation.view"
    assert stored.actor_id == str(idva_a.pk)
    assert stored.actor_label == "idva.a@example.invalid"
    assert stored.system_job == ""
    assert stored.object_type == "accounts.organisation"
    assert stored.object_id == str(organisation.pk)
    assert stored.agency_id == str(organisation.pk)
    assert stored.purpose == "Safety planning"
    assert stored.ip == "192.0.2.10"
    assert stored.details == {"field": "confidential_address"}
    assert stored.at.isoformat() == "2026-03-01T09:30:00+00:00"


def test_it_links_each_entry_to_the_one_before(chain: Callable[[int], list[AuditEntry]]) -> None:
    entries = chain(5)

    assert [entry.seq for entry in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS_HASH
    for previous, entry in itertools.pairwise(entries):
        assert entry.prev_hash == previous.entry_hash
    for entry in AuditEntry.objects.all():
        expected = hmac.new(
            settings.AUDIT_HMAC_KEY.encode(), entry.prev_hash.encode() + b"|" + canonical(entry), hashlib.sha256
        ).hexdigest()
        assert entry.entry_hash == expected
    assert verify_chain() is None


def test_it_refuses_an_entry_with_neither_actor_nor_system_job(db: None) -> None:
    with pytest.raises(AuditError):
        audit_record(action="test.nobody")
    assert AuditEntry.objects.count() == 0


def test_it_names_a_system_job_when_there_is_no_actor(db: None) -> None:
    entry = audit_record(action="core.keys.rotate", system_job="rotate_keys")
    assert (entry.actor_id, entry.actor_label, entry.system_job) == ("", "", "rotate_keys")


def test_it_reports_the_count_and_head_of_a_whole_chain(chain: Callable[[int], list[AuditEntry]]) -> None:
    entries = chain(4)

    report = walk_chain()

    assert (report.count, report.head_seq, report.head_hash, report.problem) == (4, 4, entries[-1].entry_hash, None)


def test_it_finds_a_chain_signed_with_another_key_broken(chain: Callable[[int], list[AuditEntry]]) -> None:
    chain(3)

    with override_settings(AUDIT_HMAC_KEY="someone-elses-key"):
        problem = verify_chain()

    assert problem is not None and problem.seq == 1


@override_settings(AXES_IPWARE_PROXY_COUNT=1)
def test_it_takes_the_ip_address_the_trusted_proxy_saw(idva_a: User) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")

    entry = audit_record(action="test.view", actor=idva_a, request=request)

    assert entry.ip == "198.51.100.7"
