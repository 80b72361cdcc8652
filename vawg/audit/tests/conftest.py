"""Helpers for the audit tests: build a chain, and lift the append-only triggers to tamper with it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from vawg.audit.models import AuditEntry
from vawg.audit.services import audit_record
from vawg.audit.triggers import remove_triggers


def build_chain(length: int, actor: object = None) -> list[AuditEntry]:
    entries = []
    for number in range(length):
        by_actor = actor is not None and number % 2 == 1
        entries.append(
            audit_record(
                action=f"test.entry.write{number % 4}",
                by=actor if by_actor else None,
                system_job="" if by_actor else "test_job",
                object_type="accounts.organisation",
                object_id=f"obj-{number}",
                agency_id=f"agency-{number % 3}",
                purpose=f"purpose {number}",
                details={"n": number, "codes": ["a", "b"]},
            )
        )
    return entries


@pytest.fixture
def chain(db: None) -> Callable[[int], list[AuditEntry]]:
    return build_chain


@pytest.fixture
def tamperable(db: None) -> None:
    """Drop the triggers in this test's transaction (rolled back afterwards), as someone with DDL rights could."""
    remove_triggers(connection)


def raw(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
