"""``manage.py police_import``: the counts on success, the report and a non-zero exit on rejection."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from vawg.audit.models import AuditEntry
from vawg.intelligence.models import PoliceImport, PoliceIncident
from vawg.intelligence.tests.factories import police_csv, police_row

pytestmark = pytest.mark.django_db


def test_it_imports_a_file_and_prints_the_counts(agencies: Any, tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_bytes(police_csv(police_row(), police_row(incident_id="INC-2")))
    out = StringIO()
    call_command("police_import", file=str(path), force=agencies.b.name, stdout=out)
    stored = PoliceImport.objects.get()
    assert (stored.system_job, stored.created_by, stored.file_name) == ("police_import", None, "extract.csv")
    assert "2 created, 0 updated, 0 unchanged" in out.getvalue()
    assert stored.sha256 in out.getvalue()
    entry = AuditEntry.objects.get(action="intelligence.police_import.create")
    assert entry.system_job == "police_import"


def test_it_prints_the_report_and_exits_non_zero_on_rejection(agencies: Any, tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_bytes(police_csv(police_row(), police_row(incident_id="INC-2", victim_postcode="QQ9 CANARY")))
    err = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("police_import", file=str(path), force=agencies.b.name, stderr=err)
    assert exited.value.code == 1
    assert "row 3, victim_postcode: The postcode is not in the shape of a UK postcode" in err.getvalue()
    assert "CANARY" not in err.getvalue()
    assert not PoliceIncident.objects.exists()
    assert AuditEntry.objects.get(action="intelligence.police_import.reject").system_job == "police_import"


@pytest.mark.parametrize(("force", "file_exists"), [("Nowhere Constabulary", True), ("Agency B Constabulary", False)])
def test_it_refuses_an_unknown_force_or_a_missing_file(
    agencies: Any, tmp_path: Path, force: str, file_exists: bool
) -> None:
    path = tmp_path / "extract.csv"
    if file_exists:
        path.write_bytes(police_csv(police_row()))
    with pytest.raises(CommandError):
        call_command("police_import", file=str(path), force=force)
    assert not PoliceImport.objects.exists()


def test_it_refuses_an_agency_that_is_not_a_police_force(agencies: Any, tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_bytes(police_csv(police_row()))
    with pytest.raises(CommandError, match="police force"):
        call_command("police_import", file=str(path), force=agencies.a.name)
