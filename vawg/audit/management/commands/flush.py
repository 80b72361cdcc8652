"""Django's ``flush``, made aware of the append-only audit log.

Emptying the database would erase the audit log, which its triggers refuse. So
``flush`` refuses too, with a clear message, unless ``AUDIT_LOG_FLUSHABLE`` is
on: only the test settings turn it on, because tests that use a live server or a
real transaction (Django's TransactionTestCase) flush the database after each
test. Then the triggers are lifted for the flush and put back in the same
transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

from vawg.audit.triggers import install_triggers, remove_triggers


class Command(FlushCommand):
    help = FlushCommand.help + " Refused unless AUDIT_LOG_FLUSHABLE is set (test settings only)."

    def handle(self, **options: Any) -> None:
        if not getattr(settings, "AUDIT_LOG_FLUSHABLE", False):
            raise CommandError("flush would erase the audit log, which is append-only. It is allowed in tests only.")
        alias = options["database"]
        connection = connections[alias]
        with transaction.atomic(using=alias):
            remove_triggers(connection)
            super().handle(**options)
            install_triggers(connection)
