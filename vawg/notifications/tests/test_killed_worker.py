"""At most once per recipient, even when the worker is killed mid-send (kill -9, then a restart).

A real ``manage.py notifications_send`` runs in a subprocess against this test's data, with the fake
gateway slowed down (``NOTIFY_FAKE_DELAY_MS``) so the kill lands while a message is stored by the gateway
but not yet confirmed by us. The second run treats the unconfirmed claim as lapsed, asks the gateway for
its reference, and sends only what never reached it. On SQLite the in-memory test database is copied to a
file for the subprocess and back; on PostgreSQL the subprocess uses this worker's test database. Each
test uses its own file or database, so the test is safe under pytest-xdist.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from vawg.accounts.tests.factories import UserFactory
from vawg.notifications.models import FakeEmail, Notification, NotificationState
from vawg.notifications.services import notification_queue, queue

RECIPIENTS = 4
DELAY_MS = 500  # per email: half before the gateway stores it, half after
MANAGE = Path(settings.BASE_DIR) / "manage.py"


def _database_url(path: Path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{path}"
    db = connection.settings_dict
    auth = f"{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}@" if db["USER"] else ""
    host = db["HOST"] or ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}{quote(host, safe='') if host.startswith('/') else host}{port}/{db['NAME']}"


def _send(path: Path, **env: str) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vawg.settings_test",
        "DATABASE_URL": _database_url(path),
        "NOTIFY_API_KEY": "",
        **env,
    }
    # Our own manage.py, with fixed arguments.
    return subprocess.Popen(  # noqa: S603
        [sys.executable, str(MANAGE), "notifications_send"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _stored(path: Path) -> int:
    """Emails the fake gateway has stored, read as another process sees them."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(path, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM notifications_fakeemail").fetchone()[0])
    return FakeEmail.objects.count()


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target)


@pytest.mark.django_db(transaction=True)
def test_it_sends_each_message_at_most_once_when_the_worker_is_killed_mid_send(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queue, "_enqueue", lambda notification_id: None)  # the subprocess sends, not this one
    users = [UserFactory() for _ in range(RECIPIENTS)]
    assert (
        notification_queue(kind="case-shared", recipients=users, event="case:1:shared", link="/cases/1/") == RECIPIENTS
    )
    path = tmp_path / "killed-worker.sqlite3"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        _copy(connection.connection, sqlite3.connect(path))

    worker = _send(path, NOTIFY_FAKE_DELAY_MS=str(DELAY_MS))
    deadline = time.monotonic() + 30
    while _stored(path) < 2:
        assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else "worker stopped"
        assert time.monotonic() < deadline, "the worker sent nothing in 30 seconds"
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)  # the second email is stored by the gateway, not yet confirmed
    worker.wait(timeout=5)

    restart = _send(path, NOTIFY_LEASE_SECONDS="0")
    _, errors = restart.communicate(timeout=30)
    assert restart.returncode == 0, errors.decode()

    if connection.vendor == "sqlite":
        _copy(sqlite3.connect(path), connection.connection)
    received = Counter(FakeEmail.objects.values_list("email_address", flat=True))
    assert received == Counter({user.email: 1 for user in users})
    assert set(Notification.objects.values_list("state", flat=True)) == {NotificationState.SENT}
    assert Notification.objects.filter(attempts__gt=1).exists()  # the killed worker's claim was taken over
