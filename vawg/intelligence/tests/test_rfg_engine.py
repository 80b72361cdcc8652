"""The DuckDB engine (vawg/intelligence/rfg/engine.py) against the pure function, and its refusals: a
refused run writes nothing."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vawg.intelligence.offences import NON_CRIME, OFFENCES
from vawg.intelligence.rfg.engine import score_file
from vawg.intelligence.rfg.weights import DEFAULT_WEIGHTS, read_weights_csv
from vawg.intelligence.rules.rfg import (
    COLUMNS,
    INCIDENT_COLUMNS,
    Incident,
    RfgInputError,
    Score,
    UnknownOffenceCodesError,
    score,
)

AS_OF = date(2026, 6, 30)
WEIGHTS = {"MINOR": "1", "MID": "12.5", "GRAVE": "1000", "TENTH": "0.1", "FIFTH": "0.2", "NC": "0"}


def write_csv(path: Path, rows: list[Incident], header: tuple[str, ...] = INCIDENT_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.incident_id, row.perpetrator_id, row.victim_id, row.occurred_on, row.offence_code])
    return path


def read_scores(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def assert_agree(expected: list[Score], written: list[dict[str, str]]) -> None:
    assert len(written) == len(expected)
    for want, got in zip(expected, written, strict=True):
        assert list(got) == list(COLUMNS)
        assert int(got["rank"]) == want.rank
        assert got["perpetrator_id"] == want.perpetrator_id
        for name in ("recency", "frequency", "frequency_12m", "victims"):
            assert int(got[name]) == getattr(want, name), name
        assert got["serial"] == ("true" if want.serial else "false")
        for name in ("gravity", "gravity_max", "total"):
            assert float(got[name]) == pytest.approx(getattr(want, name), abs=1e-9), name


def generated(count: int, seed: int) -> list[Incident]:
    rng = random.Random(seed)
    return [
        Incident(
            incident_id=f"i{n}",
            perpetrator_id=f"p{rng.randint(1, count // 4 or 1)}",
            victim_id=f"v{rng.randint(1, 6)}",
            occurred_on=AS_OF - timedelta(days=rng.randint(-20, 1200)),
            offence_code=rng.choice(sorted(WEIGHTS)),
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_agrees_with_the_pure_function_on_a_generated_set(tmp_path: Path, seed: int) -> None:
    rows = generated(400, seed)
    output = tmp_path / "scores.csv"
    summary = score_file(incidents=write_csv(tmp_path / "in.csv", rows), weights=WEIGHTS, as_of=AS_OF, output=output)
    expected = score(rows, WEIGHTS, AS_OF)
    assert_agree(expected, read_scores(output))
    assert summary.people_scored == len(expected)
    assert summary.incidents == 400
    assert summary.incidents_in_window == sum(s.frequency for s in expected)
    assert summary.serial == sum(s.serial for s in expected)


INCIDENT_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["p1", "p2", "p3", "p10", "P2", "é"]),
        st.sampled_from(["v1", "v2", "v3"]),
        st.integers(min_value=-5, max_value=1100),
        st.sampled_from(sorted(WEIGHTS)),
    ),
    max_size=40,
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(INCIDENT_ROWS)
def test_it_agrees_with_the_pure_function_on_every_column(
    tmp_path: Path, drawn: list[tuple[str, str, int, str]]
) -> None:
    rows = [
        Incident(f"i{n}", person, victim, AS_OF - timedelta(days=days), code)
        for n, (person, victim, days, code) in enumerate(drawn)
    ]
    output = tmp_path / "scores.csv"
    score_file(incidents=write_csv(tmp_path / "in.csv", rows), weights=WEIGHTS, as_of=AS_OF, output=output)
    assert_agree(score(rows, WEIGHTS, AS_OF), read_scores(output))


def test_it_reads_parquet_with_typed_columns(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    duckdb.sql(
        "COPY (SELECT 7 AS incident_id, 42 AS perpetrator_id, 9 AS victim_id, DATE '2026-06-01' AS occurred_on, "
        f"'MID' AS offence_code) TO '{source}' (FORMAT parquet)"
    )
    output = tmp_path / "scores.csv"
    score_file(incidents=source, weights=WEIGHTS, as_of=AS_OF, output=output)
    assert read_scores(output) == [
        {
            "rank": "1",
            "perpetrator_id": "42",
            "recency": "5",
            "frequency": "1",
            "frequency_12m": "1",
            "gravity": "12.5",
            "gravity_max": "12.5",
            "victims": "1",
            "serial": "false",
            "total": "100.0",
        }
    ]


def test_it_writes_a_header_only_for_an_empty_window(tmp_path: Path) -> None:
    rows = [Incident("i1", "p", "v", AS_OF - timedelta(days=800), "MINOR")]
    output = tmp_path / "scores.csv"
    summary = score_file(incidents=write_csv(tmp_path / "in.csv", rows), weights=WEIGHTS, as_of=AS_OF, output=output)
    assert output.read_text().strip() == ",".join(COLUMNS)
    assert summary.people_scored == 0


def test_it_refuses_codes_without_a_weight_naming_them_and_writes_nothing(tmp_path: Path) -> None:
    rows = [*generated(50, 4), Incident("x1", "p", "v", AS_OF, "ZZ"), Incident("x2", "p", "v", AS_OF, "AA")]
    output = tmp_path / "scores.csv"
    with pytest.raises(UnknownOffenceCodesError) as raised:
        score_file(incidents=write_csv(tmp_path / "in.csv", rows), weights=WEIGHTS, as_of=AS_OF, output=output)
    assert raised.value.codes == ["AA", "ZZ"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.csv"]


def test_it_leaves_an_existing_output_untouched_when_it_refuses(tmp_path: Path) -> None:
    output = tmp_path / "scores.csv"
    output.write_text("earlier run\n")
    rows = [Incident("x1", "p", "v", AS_OF, "ZZ")]
    with pytest.raises(UnknownOffenceCodesError):
        score_file(incidents=write_csv(tmp_path / "in.csv", rows), weights=WEIGHTS, as_of=AS_OF, output=output)
    assert output.read_text() == "earlier run\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("incident_id,perpetrator_id,occurred_on\n1,p,2026-01-01\n", "no column victim_id, offence_code"),
        ("incident_id,perpetrator_id,victim_id,occurred_on,offence_code\n1,p,v,31/01/2026,MINOR\n", "not a date"),
        ("incident_id,perpetrator_id,victim_id,occurred_on,offence_code\n1,,v,2026-01-01,MINOR\n", "no perpetrator_id"),
        ("incident_id,perpetrator_id,victim_id,occurred_on,offence_code\n1,p,v,,MINOR\n", "no occurred_on"),
        (
            "incident_id,perpetrator_id,victim_id,occurred_on,offence_code\n1,p,v,2026-01-01,MINOR\n1,q,v,2026-02-01,MID\n",
            "counted more than once: 1",
        ),
    ],
)
def test_it_refuses_a_file_it_cannot_score_with_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text(content)
    with pytest.raises(RfgInputError, match=message):
        score_file(incidents=source, weights=WEIGHTS, as_of=AS_OF, output=tmp_path / "scores.csv")
    assert not (tmp_path / "scores.csv").exists()


@pytest.mark.parametrize(
    ("name", "output", "message"),
    [
        ("in.xlsx", "scores.csv", "must end .csv or .parquet"),
        ("missing.csv", "scores.csv", "No incidents file"),
        ("in.csv", "scores.txt", "output file must end .csv"),
        ("in.csv", "nowhere/scores.csv", "no folder"),
    ],
)
def test_it_refuses_paths_it_cannot_use(tmp_path: Path, name: str, output: str, message: str) -> None:
    for existing in ("in.xlsx", "in.csv"):
        write_csv(tmp_path / existing, [])
    with pytest.raises(RfgInputError, match=message):
        score_file(incidents=tmp_path / name, weights=WEIGHTS, as_of=AS_OF, output=tmp_path / output)


def test_it_refuses_a_parquet_file_that_is_not_one(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    source.write_text("not parquet")
    with pytest.raises(RfgInputError, match=r"Could not read in\.parquet"):
        score_file(incidents=source, weights=WEIGHTS, as_of=AS_OF, output=tmp_path / "scores.csv")


def test_it_reads_the_default_weights_for_every_configured_offence() -> None:
    weights = read_weights_csv(DEFAULT_WEIGHTS)
    assert set(weights) == {*OFFENCES, NON_CRIME}
    assert all(weight >= 0 for weight in weights.values())
