"""``manage.py rfg`` and ``manage.py harm_weights_load``: what they print, and their refusals (non-zero
exit, nothing written or loaded)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vawg.audit.models import AuditEntry
from vawg.intelligence.models import HarmWeightTable
from vawg.intelligence.rfg.weights import DEFAULT_WEIGHTS
from vawg.intelligence.rules.rfg import COLUMNS, MODEL_VERSION
from vawg.intelligence.services.rfg import offence_codes

AS_OF = date(2026, 6, 30)


def incidents_csv(path: Path, rows: list[tuple[str, str, str, date, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["incident_id", "perpetrator_id", "victim_id", "occurred_on", "offence_code"])
        writer.writerows(rows)
    return path


def weights_csv(path: Path, weights: dict[str, str]) -> Path:
    path.write_text("offence_code,weight\n" + "".join(f"{code},{weight}\n" for code, weight in weights.items()))
    return path


def run_rfg(tmp_path: Path, incidents: Path, weights: Path = DEFAULT_WEIGHTS, as_of: str = "2026-06-30") -> str:
    out = StringIO()
    call_command(
        "rfg",
        incidents=str(incidents),
        weights=str(weights),
        as_of=as_of,
        output=str(tmp_path / "scores.csv"),
        stdout=out,
    )
    return out.getvalue()


def test_it_scores_a_file_and_says_what_it_did(tmp_path: Path) -> None:
    source = incidents_csv(
        tmp_path / "in.csv",
        [
            ("1", "p1", "v1", AS_OF - timedelta(days=3), "8U"),
            ("2", "p1", "v2", AS_OF - timedelta(days=400), "105A"),
            ("3", "p2", "v3", AS_OF - timedelta(days=800), "NC"),
        ],
    )
    printed = run_rfg(tmp_path, source)
    assert MODEL_VERSION in printed
    assert "as of 2026-06-30" in printed
    assert "Read 3 incident(s), 2 in the window; scored 1 people, 1 flagged serial." in printed
    assert str(tmp_path / "scores.csv") in printed
    with (tmp_path / "scores.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(COLUMNS)
    assert (rows[0]["perpetrator_id"], rows[0]["frequency"], rows[0]["serial"]) == ("p1", "2", "true")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"as_of": "30/06/2026"}, "--as-of must be a date as YYYY-MM-DD"),
        ({"incidents": "missing.csv"}, "No incidents file at missing.csv"),
        ({"weights": "missing-weights.csv"}, "No weights file"),
        ({"incidents": "cols.csv"}, "no column victim_id"),
        ({"incidents": "codes.csv"}, "No harm weight for offence code(s): Q1, Q2"),
    ],
)
def test_it_refuses_with_a_clear_error_and_writes_nothing(tmp_path: Path, change: dict[str, str], message: str) -> None:
    incidents_csv(tmp_path / "in.csv", [("1", "p", "v", AS_OF, "8U")])
    incidents_csv(tmp_path / "codes.csv", [("1", "p", "v", AS_OF, "Q2"), ("2", "p", "v", AS_OF, "Q1")])
    (tmp_path / "cols.csv").write_text("incident_id,perpetrator_id,occurred_on,offence_code\n1,p,2026-01-01,8U\n")
    arguments = {
        "incidents": str(tmp_path / "in.csv"),
        "weights": str(DEFAULT_WEIGHTS),
        "as_of": "2026-06-30",
        "output": str(tmp_path / "scores.csv"),
    }
    arguments.update({key: str(tmp_path / value) if key != "as_of" else value for key, value in change.items()})
    with pytest.raises(CommandError) as raised:
        call_command("rfg", **arguments)
    assert message in str(raised.value)
    assert not (tmp_path / "scores.csv").exists()


@pytest.mark.django_db
def test_it_loads_a_weight_table_and_makes_it_current(tmp_path: Path) -> None:
    source = weights_csv(tmp_path / "w.csv", dict.fromkeys(offence_codes(), "2.5"))
    out = StringIO()
    call_command(
        "harm_weights_load",
        file=str(source),
        scheme="cchi",
        table_version="2016.1",
        source="https://doi.org/10.1093/police/paw003",
        make_current=True,
        stdout=out,
    )
    table = HarmWeightTable.objects.get()
    assert (table.scheme, table.version, table.is_current, table.is_unconfirmed) == ("cchi", "2016.1", True, False)
    assert table.weights.count() == len(offence_codes())
    assert "now current" in out.getvalue()
    entry = AuditEntry.objects.get(action="intelligence.harm_weight_table.create")
    assert entry.system_job == "harm_weights_load"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"8U": None}, "No weight for offence code(s): 8U"),
        ({"8N": "-1"}, "may not be negative"),
        ({"8N": "ten"}, "must be a number"),
        ({"8N": ""}, "must be a number"),
    ],
)
def test_it_loads_nothing_from_a_table_it_refuses(tmp_path: Path, weights: dict[str, str | None], message: str) -> None:
    table = {code: "1" for code in offence_codes()}
    for code, weight in weights.items():
        if weight is None:
            del table[code]
        else:
            table[code] = weight
    source = weights_csv(tmp_path / "w.csv", table)
    with pytest.raises(CommandError) as raised:
        call_command(
            "harm_weights_load", file=str(source), scheme="local", table_version="v1", source="Local agreement"
        )
    assert message in str(raised.value)
    assert "Nothing was loaded" in str(raised.value)
    assert not HarmWeightTable.objects.exists()
    assert not AuditEntry.objects.filter(action="intelligence.harm_weight_table.create").exists()


@pytest.mark.django_db
def test_it_refuses_an_unknown_scheme(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("harm_weights_load", file=str(DEFAULT_WEIGHTS), scheme="nope", table_version="v1", source="s")
