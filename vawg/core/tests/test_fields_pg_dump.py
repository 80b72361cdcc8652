"""Field encryption: no plaintext canary in a pg_dump of the database (PostgreSQL only).

In a file of its own because it commits (a transactional test, so pg_dump's own connection sees the
row) and the table flush that follows empties migration data such as the default routing rules:
pytest-django runs transactional tests after the others, and with the suite spread over workers one
file at a time (CI: pytest-xdist --dist loadfile) only a file holding nothing else is sure to run last.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.db import connection

from vawg.accounts.tests.factories import OrganisationFactory
from vawg.core.tests.test_fields import CANARY


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_leaves_no_plaintext_canary_in_a_pg_dump() -> None:
    OrganisationFactory(confidential_address=CANARY)  # committed, so pg_dump's own connection sees it
    pg_dump = shutil.which("pg_dump") or "/usr/lib/postgresql/15/bin/pg_dump"
    conf = connection.settings_dict
    env = {"PGPASSWORD": str(conf.get("PASSWORD") or ""), "PATH": "/usr/bin:/bin"}
    command = [pg_dump, "--no-owner", "--dbname", conf["NAME"], "--username", conf.get("USER") or "postgres"]
    if conf.get("HOST"):
        command += ["--host", conf["HOST"]]
    if conf.get("PORT"):
        command += ["--port", str(conf["PORT"])]

    dump = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout  # noqa: S603

    assert "enc1:t1:" in dump
    assert "CANARY" not in dump and "Refuge Lane" not in dump
