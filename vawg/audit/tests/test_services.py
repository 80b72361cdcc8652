from __future__ import annotations

import hashlib
import hmac
import itertools
import re
from collections.abc import Callable

import pytest
import time_machine
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.actions import LEGACY_ACTIONS
from vawg.audit.models import AuditEntry
from vawg.audit.presenters import entry_rows
from vawg.audit.services import (
    GENESIS_HASH,
    AuditError,
    audit_record,
    canonical,
    compute_hash,
    verify_chain,
    walk_chain,
)


def test_it_writes_exactly_one_entry_per_call_with_its_fields(idva_a: User) -> None:
    organisation = Organisation.objects.first()
    assert organisation is not None
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    before = AuditEntry.objects.count()

    with time_machine.travel("2026-03-01 09:30:00+00:00", tick=False):
        entry = audit_record(
            action="accounts.organisation.view",
            by=idva_a,
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
        audit_record(action="test.entry.write")
    assert AuditEntry.objects.count() == 0


def test_it_names_a_system_job_when_there_is_no_actor(db: None) -> None:
    entry = audit_record(action="audit.field_key.rotate", system_job="rotate_keys")
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

    entry = audit_record(action="test.record.view", by=idva_a, request=request)

    assert entry.ip == "198.51.100.7"


# A name used before the naming rule, taken from the table so no old name is written out here.
OLD_ACCEPT = next(old for old, new in LEGACY_ACTIONS.items() if new == "referrals.referral.accept")


@pytest.mark.parametrize("action", [OLD_ACCEPT, "Cases.case.view", "cases.case", "cases..view", "cases.case.", ""])
def test_it_refuses_an_action_not_named_app_entity_verb(db: None, action: str) -> None:
    with pytest.raises(AuditError, match=re.escape("<app>.<entity>.<verb>")):
        audit_record(action=action, system_job="test_job")
    assert AuditEntry.objects.count() == 0


def _stored_under_an_old_name(action: str) -> AuditEntry:
    """An entry as the code wrote it before the naming rule: chained and hashed like any other."""
    last = AuditEntry.objects.order_by("-seq").first()
    entry = AuditEntry(
        seq=(last.seq + 1) if last else 1,
        at=timezone.now(),
        action=action,
        system_job="test_job",
        details={},
        prev_hash=last.entry_hash if last else GENESIS_HASH,
    )
    entry.entry_hash = compute_hash(entry, entry.prev_hash)
    entry.save()
    return entry


def test_it_reads_entries_stored_under_an_old_name_as_their_current_one(db: None) -> None:
    old = _stored_under_an_old_name(OLD_ACCEPT)
    new = audit_record(action="referrals.referral.accept", system_job="test_job")
    audit_record(action="referrals.referral.decline", system_job="test_job")

    assert list(AuditEntry.objects.matching(action="referrals.referral.accept")) == [old, new]
    assert [row.action for row in entry_rows([old, new])] == ["referrals.referral.accept"] * 2
    assert verify_chain() is None  # the old name is kept, so the chain still verifies
