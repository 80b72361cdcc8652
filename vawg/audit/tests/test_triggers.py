"""The audit table is append-only: the database refuses UPDATE and DELETE whatever the client."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from vawg.audit.models import AuditEntry
from vawg.audit.services import verify_chain
from vawg.audit.tests.conftest import raw
from vawg.audit.triggers import installed_trigger_names

TABLE = "audit_auditentry"
EXPECTED_TRIGGERS = {
    "sqlite": {"audit_auditentry_no_update", "audit_auditentry_no_delete"},
    "postgresql": {"audit_auditentry_no_update_delete", "audit_auditentry_no_truncate"},
}


def test_it_has_the_triggers_after_migrating(db: None) -> None:
    assert installed_trigger_names(connection) == EXPECTED_TRIGGERS[connection.vendor]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET purpose = 'changed' WHERE seq = 2",
        "UPDATE audit_auditentry SET seq = seq + 100",
        "DELETE FROM audit_auditentry WHERE seq = 2",
        "DELETE FROM audit_auditentry",
    ],
)
def test_it_refuses_raw_sql_that_changes_or_deletes_entries(chain: Callable[[int], list[AuditEntry]], sql: str) -> None:
    chain(3)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql)

    assert AuditEntry.objects.count() == 3
    assert AuditEntry.objects.get(seq=2).purpose == "purpose 1"
    assert verify_chain() is None


@pytest.mark.postgres
def test_it_refuses_truncate_on_postgresql(chain: Callable[[int], list[AuditEntry]]) -> None:
    chain(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 2


def test_it_refuses_changes_through_the_orm(chain: Callable[[int], list[AuditEntry]]) -> None:
    entry = chain(2)[0]

    with pytest.raises(PermissionError):
        AuditEntry.objects.update(purpose="changed")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(seq=1).delete()
    entry.purpose = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()

    assert AuditEntry.objects.get(seq=1).purpose == "purpose 0"
    assert AuditEntry.objects.count() == 2


def test_it_refuses_to_flush_the_database_outside_the_test_settings(chain: Callable[[int], list[AuditEntry]]) -> None:
    chain(2)
    with override_settings(AUDIT_LOG_FLUSHABLE=False), pytest.raises(CommandError, match="append-only"):
        call_command("flush", interactive=False, stdout=StringIO())
    assert AuditEntry.objects.count() == 2


def test_it_lifts_the_triggers_only_for_a_flush_in_tests(chain: Callable[[int], list[AuditEntry]]) -> None:
    chain(2)

    call_command("flush", interactive=False, stdout=StringIO())

    assert AuditEntry.objects.count() == 0
    assert installed_trigger_names(connection) == EXPECTED_TRIGGERS[connection.vendor]


def test_it_drops_the_triggers_when_the_migration_is_reversed(db: None) -> None:
    migration = importlib.import_module("vawg.audit.migrations.0002_append_only_triggers")

    class SchemaEditor:
        connection = connection

        def execute(self, sql: str, params: object = None) -> None:
            raw(sql)

    migration._run(migration.BACKWARD)(None, SchemaEditor())
    assert installed_trigger_names(connection) == set()
    migration._run(migration.FORWARD)(None, SchemaEditor())
    assert installed_trigger_names(connection) == EXPECTED_TRIGGERS[connection.vendor]
