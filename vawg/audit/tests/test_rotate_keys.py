"""rotate_keys re-encrypts everything under the active key, and a crashed run is finished by a rerun."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from vawg.accounts.models import Organisation
from vawg.accounts.tests.factories import OrganisationFactory
from vawg.audit.management.commands import rotate_keys
from vawg.audit.models import AuditEntry
from vawg.core import crypto

ADDRESSES = [f"{number} Canary Close, Testtown" for number in range(7)]


def stored_values() -> dict[Any, str]:
    return dict(Organisation.objects.exclude(confidential_address="").values_list("pk", "confidential_address"))


def key_ids() -> list[str]:
    return sorted(crypto.key_id_of(value) for value in stored_values().values())


@pytest.fixture
def sealed_under_t1(db: None, settings: Any) -> list[Organisation]:
    organisations = [OrganisationFactory(confidential_address=address) for address in ADDRESSES]
    OrganisationFactory(confidential_address="")  # nothing to rotate
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS + ",t2:" + crypto.generate_key()
    return organisations


def run(*args: str) -> str:
    out = StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


def test_it_finds_every_encrypted_field() -> None:
    found = {
        model._meta.label: [field.name for field in fields]
        for model, fields in rotate_keys.models_with_encrypted_fields()
    }
    assert found["accounts.Organisation"] == ["confidential_address"]


def test_it_re_encrypts_every_value_under_the_active_key(sealed_under_t1: list[Organisation]) -> None:
    before = dict(Organisation.objects.values_list("pk", "updated_at"))

    out = run("--batch-size", "3")

    assert "accounts.Organisation: 7 re-encrypted, 0 could not be decrypted, 0 changed during the run" in out
    assert key_ids() == ["t2"] * 7
    assert [Organisation.objects.get(pk=org.pk).confidential_address for org in sealed_under_t1] == ADDRESSES
    assert dict(Organisation.objects.values_list("pk", "updated_at")) == before  # rotation is not an edit
    entry = AuditEntry.objects.get(action="audit.field_key.rotate", object_type="accounts.organisation")
    assert (entry.system_job, entry.actor_id) == ("rotate_keys", "")
    assert entry.details == {
        "active_key": "t2",
        "fields": ["confidential_address"],
        "rotated": 7,
        "failed": 0,
        "changed_meanwhile": 0,
    }


def test_it_finishes_the_job_when_rerun_after_a_crash(
    sealed_under_t1: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_rotate_row = rotate_keys._rotate_row
    calls = {"rows": 0}

    def crash_in_the_second_batch(*args: Any, **kwargs: Any) -> None:
        calls["rows"] += 1
        if calls["rows"] == 4:  # the first row of the second batch of three
            raise RuntimeError("power cut")
        real_rotate_row(*args, **kwargs)

    monkeypatch.setattr(rotate_keys, "_rotate_row", crash_in_the_second_batch)
    with pytest.raises(RuntimeError, match="power cut"):
        run("--batch-size", "3")

    assert key_ids() == ["t1"] * 4 + ["t2"] * 3  # the first batch committed; the second rolled back whole
    assert [Organisation.objects.get(pk=org.pk).confidential_address for org in sealed_under_t1] == ADDRESSES

    monkeypatch.setattr(rotate_keys, "_rotate_row", real_rotate_row)
    out = run("--batch-size", "3")

    assert "accounts.Organisation: 4 re-encrypted" in out  # only what was left
    assert key_ids() == ["t2"] * 7
    assert [Organisation.objects.get(pk=org.pk).confidential_address for org in sealed_under_t1] == ADDRESSES
    assert "accounts.Organisation: 0 re-encrypted" in run()


def test_it_reports_values_it_cannot_decrypt_and_rotates_the_rest(sealed_under_t1: list[Organisation]) -> None:
    victim, donor = sealed_under_t1[0], sealed_under_t1[1]
    Organisation.objects.filter(pk=victim.pk).update(confidential_address=stored_values()[donor.pk])

    with pytest.raises(CommandError, match="1 values could not be decrypted"):
        run()

    assert key_ids() == ["t1"] + ["t2"] * 6
    entry = AuditEntry.objects.get(action="audit.field_key.rotate", object_type="accounts.organisation")
    assert (entry.details["rotated"], entry.details["failed"]) == (6, 1)


def test_it_leaves_a_value_someone_changed_during_the_run(sealed_under_t1: list[Organisation]) -> None:
    organisation = sealed_under_t1[0]
    stale = stored_values()  # what the rotation read, before the edit below
    fresh = Organisation.objects.get(pk=organisation.pk)
    fresh.confidential_address = "New address"
    fresh.save()  # now under t2, written by the edit
    result = rotate_keys.ModelRotation(label="accounts.Organisation")
    field = Organisation._meta.get_field("confidential_address")

    rotate_keys._rotate_row(
        Organisation,
        [field],
        organisation.pk,
        {"confidential_address": stale[organisation.pk]},
        crypto.keyring(),
        result,
    )

    assert (result.rotated, result.changed_meanwhile) == (0, 1)
    assert Organisation.objects.get(pk=organisation.pk).confidential_address == "New address"


def test_it_refuses_a_batch_size_below_one(db: None) -> None:
    with pytest.raises(CommandError, match="batch-size"):
        run("--batch-size", "0")


def test_it_does_nothing_when_everything_is_under_the_active_key(db: None) -> None:
    OrganisationFactory(confidential_address="1 Done Street")
    out = run()
    assert "accounts.Organisation: 0 re-encrypted" in out
    assert "Done: every encrypted value is under the active key." in out
