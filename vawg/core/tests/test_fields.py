"""EncryptedTextField on Organisation.confidential_address: ciphertext at rest, bound to its row."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from vawg.accounts.models import Organisation
from vawg.accounts.tests.factories import OrganisationFactory
from vawg.core import crypto
from vawg.core.fields import EncryptedTextField

CANARY = "CANARY-7731 Refuge Lane, Nowhere AB1 2CD"


def stored_column(organisation: Organisation) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT confidential_address FROM accounts_organisation WHERE id = %s", [organisation.pk.hex])
        row = cursor.fetchone()
        if row is None:  # PostgreSQL stores UUIDs natively
            cursor.execute("SELECT confidential_address FROM accounts_organisation WHERE id = %s", [organisation.pk])
            row = cursor.fetchone()
    return str(row[0])


def test_it_round_trips_a_confidential_address(db: None) -> None:
    organisation = OrganisationFactory(confidential_address=CANARY)

    assert Organisation.objects.get(pk=organisation.pk).confidential_address == CANARY


def test_it_keeps_only_ciphertext_in_the_database(db: None) -> None:
    organisation = OrganisationFactory(confidential_address=CANARY)

    stored = stored_column(organisation)

    assert stored.startswith("enc1:t1:")
    assert "CANARY" not in stored and "Refuge" not in stored


def test_it_leaves_an_empty_value_empty(db: None) -> None:
    organisation = OrganisationFactory(confidential_address="")
    assert stored_column(organisation) == ""
    assert Organisation.objects.get(pk=organisation.pk).confidential_address == ""


def test_it_refuses_ciphertext_copied_to_another_row(db: None) -> None:
    refuge = OrganisationFactory(confidential_address=CANARY)
    other = OrganisationFactory(confidential_address="")
    Organisation.objects.filter(pk=other.pk).update(confidential_address=stored_column(refuge))

    copied = Organisation.objects.get(pk=other.pk)

    with pytest.raises(crypto.DecryptionError):
        _ = copied.confidential_address


def test_it_refuses_ciphertext_copied_to_a_different_field(db: None) -> None:
    organisation = OrganisationFactory(confidential_address=CANARY)
    field = Organisation._meta.get_field("confidential_address")
    assert isinstance(field, EncryptedTextField)
    other_field_aad = crypto.associated_data(Organisation._meta.db_table, organisation.pk, "safe_phone")

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored_column(organisation), aad=other_field_aad)


def test_it_refuses_to_save_a_copy_carrying_another_rows_ciphertext(db: None) -> None:
    refuge = OrganisationFactory(confidential_address=CANARY)
    copy = Organisation.objects.get(pk=refuge.pk)  # holds the ciphertext, not yet decrypted
    copy.pk, copy.name = uuid.uuid4(), "Copy"
    copy._state.adding = True

    with pytest.raises(crypto.DecryptionError, match="another row"):
        copy.save()


def test_it_re_encrypts_a_read_value_for_a_copied_row(db: None) -> None:
    refuge = OrganisationFactory(confidential_address=CANARY)
    copy = Organisation.objects.get(pk=refuge.pk)
    assert copy.confidential_address == CANARY
    copy.pk, copy.name = uuid.uuid4(), "Copy"
    copy._state.adding = True
    copy.save()

    assert Organisation.objects.get(pk=copy.pk).confidential_address == CANARY


def test_it_still_decrypts_a_value_under_an_old_key_after_a_new_key_is_added(db: None, settings: object) -> None:
    organisation = OrganisationFactory(confidential_address=CANARY)
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS + ",t2:" + crypto.generate_key()  # type: ignore[attr-defined]

    reloaded = Organisation.objects.get(pk=organisation.pk)

    assert crypto.keyring().active == "t2"
    assert reloaded.confidential_address == CANARY
    reloaded.confidential_address = CANARY + " (moved)"
    reloaded.save()
    assert stored_column(reloaded).startswith("enc1:t2:")


def test_it_loads_a_deferred_value_instead_of_showing_it_empty(db: None) -> None:
    organisation = OrganisationFactory(confidential_address=CANARY)

    deferred = Organisation.objects.only("name").get(pk=organisation.pk)

    assert deferred.get_deferred_fields() == {"confidential_address", "type", "is_active", "created_at", "updated_at"}
    assert deferred.confidential_address == CANARY


def test_it_keeps_a_deferred_value_when_saving_other_fields(db: None) -> None:
    organisation = OrganisationFactory(confidential_address=CANARY)
    deferred = Organisation.objects.only("name").get(pk=organisation.pk)
    deferred.name = "Renamed"
    deferred.save()
    deferred.save(update_fields=["confidential_address"])

    assert Organisation.objects.get(pk=organisation.pk).confidential_address == CANARY


def test_it_binds_to_the_row_whatever_form_the_primary_key_takes(db: None) -> None:
    organisation = OrganisationFactory(confidential_address=CANARY)
    loaded = Organisation.objects.get(pk=organisation.pk)
    loaded.pk = str(organisation.pk).upper()

    assert loaded.confidential_address == CANARY


def test_it_refuses_lookups_on_plaintext(db: None) -> None:
    with pytest.raises(TypeError, match="cannot be used in lookups"):
        list(Organisation.objects.filter(confidential_address=CANARY))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite dump; PostgreSQL uses pg_dump below")
def test_it_leaves_no_plaintext_canary_in_a_sqlite_dump(db: None) -> None:
    OrganisationFactory(confidential_address=CANARY)
    connection.ensure_connection()

    dump = "\n".join(connection.connection.iterdump())

    assert "enc1:t1:" in dump  # the row is in the dump, sealed
    assert "CANARY" not in dump and "Refuge Lane" not in dump


def test_it_never_serialises_plaintext_with_dumpdata(db: None) -> None:
    import io
    import json

    from django.core.management import call_command

    from vawg.accounts.models import Organisation
    from vawg.accounts.tests.factories import OrganisationFactory

    canary = "Canary House, 1 Dumpdata Lane"
    organisation = OrganisationFactory(confidential_address=canary)
    out = io.StringIO()
    call_command("dumpdata", "accounts.organisation", stdout=out)
    assert canary not in out.getvalue()
    # The same holds for an instance whose value was read (decrypted) before serialising.
    from django.core import serializers

    loaded = Organisation.objects.get(pk=organisation.pk)
    assert loaded.confidential_address == canary
    assert canary not in serializers.serialize("json", [loaded])
    # What was written is the stored ciphertext, which still decrypts for its own row.
    (dumped,) = json.loads(out.getvalue())
    assert dumped["fields"]["confidential_address"].startswith("enc1:")


def test_it_refuses_ciphertext_pasted_from_another_row(db: None) -> None:
    import pytest

    from vawg.accounts.models import Organisation
    from vawg.accounts.tests.factories import OrganisationFactory
    from vawg.core import crypto

    source = OrganisationFactory(confidential_address="Somewhere secret")
    target = OrganisationFactory()
    from vawg.core.fields import Sealed

    sealed = Organisation._meta.get_field("confidential_address").value_to_string(source)
    target.__dict__["confidential_address"] = Sealed(sealed)
    with pytest.raises(crypto.DecryptionError):
        target.save()
