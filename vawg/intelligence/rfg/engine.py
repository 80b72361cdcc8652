"""The RFG model in DuckDB SQL, over a CSV or Parquet file of incidents, for large extracts.

Computes exactly what ``vawg.intelligence.rules.rfg.score`` computes (its tests hold the two together):
weights as DECIMAL(18, 6), so sums are exact; percentile ranks from doubled average ranks (whole
numbers), so ties and the order are exact; the total as 100 x points / (8 x n), as the pure function.

``score_file`` checks everything before it writes anything (the file's kind by its extension, the
columns, empty fields, dates, repeated incident ids, offence codes without a weight), then writes the
scores to a temporary file beside the output and moves it into place: a refused or failed run leaves no
output file behind, and never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from vawg.intelligence.rules.rfg import (
    COLUMNS,
    DEFAULT,
    INCIDENT_COLUMNS,
    MODEL_VERSION,
    WEIGHT_DECIMALS,
    Parameters,
    RfgInputError,
    UnknownOffenceCodesError,
    weight_units,
)

READERS = {".csv": "read_csv", ".parquet": "read_parquet"}


@dataclass(frozen=True)
class EngineSummary:
    """What a run read and wrote (counts only)."""

    model_version: str
    as_of: date
    incidents: int
    incidents_in_window: int
    people_scored: int
    serial: int
    output: Path


def _source(path: Path) -> str:
    if path.suffix.lower() not in READERS:
        raise RfgInputError(f"The incidents file must end .csv or .parquet, not {path.name}.")
    if not path.is_file():
        raise RfgInputError(f"No incidents file at {path.name}.")
    quoted = str(path).replace("'", "''")
    if path.suffix.lower() == ".csv":
        return f"read_csv('{quoted}', header = true, all_varchar = true, delim = ',', quote = '\"')"
    return f"read_parquet('{quoted}')"


def _load(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The incidents as ``raw`` (a CSV is read once into a table; Parquet is scanned in place), checked for
    the columns, and the view ``incidents`` over it with ids as text and the date as a DATE (NULL if not one)."""
    # A CSV is parsed once into memory; a Parquet file is cheaper to scan again than to copy.
    kind = "TEMP TABLE" if path.suffix.lower() == ".csv" else "VIEW"
    try:
        con.execute(f"CREATE {kind} raw AS SELECT * FROM {_source(path)}")  # noqa: S608 (a quoted path, not input)
        found = [row[0] for row in con.execute("DESCRIBE raw").fetchall()]
    except duckdb.Error as error:
        raise RfgInputError(f"Could not read {path.name}: {str(error).splitlines()[0]}") from None
    missing = [name for name in INCIDENT_COLUMNS if name not in found]
    if missing:
        raise RfgInputError(
            f"The incidents file has no column {', '.join(missing)} (it needs {', '.join(INCIDENT_COLUMNS)})."
        )
    con.execute(
        """
        CREATE TEMP VIEW incidents AS SELECT
            CAST(incident_id AS VARCHAR) AS incident_id,
            CAST(perpetrator_id AS VARCHAR) AS perpetrator_id,
            CAST(victim_id AS VARCHAR) AS victim_id,
            TRY_CAST(occurred_on AS DATE) AS occurred_on,
            occurred_on IS NOT NULL AND TRY_CAST(occurred_on AS DATE) IS NULL AS bad_date,
            CAST(offence_code AS VARCHAR) AS offence_code
        FROM raw
        """
    )


def _read(con: duckdb.DuckDBPyConnection, sql: str, parameters: Mapping[str, object], name: str) -> list[Any]:
    try:
        return con.execute(sql, dict(parameters)).fetchall()
    except duckdb.Error as error:
        raise RfgInputError(f"Could not read {name}: {str(error).splitlines()[0]}") from None


def _check(con: duckdb.DuckDBPyConnection, *, as_of: date, params: Parameters, name: str) -> int:
    """Refuse empty fields, dates that are not dates, codes without a weight and incident ids that count
    twice, in that order; the number of rows."""
    text_columns = [column for column in INCIDENT_COLUMNS if column != "occurred_on"]
    blank = " OR ".join(f"{column} IS NULL OR {column} = ''" for column in text_columns)
    sql = f"SELECT count(*), count(*) FILTER (WHERE {blank} OR occurred_on IS NULL) FROM incidents"  # noqa: S608
    rows, flawed = _read(con, sql, {}, name)[0]
    if flawed:
        _refuse_flawed(con, text_columns, name)
    unknown = _read(
        con,
        "SELECT DISTINCT i.offence_code FROM incidents i ANTI JOIN weights w ON i.offence_code = w.offence_code",
        {},
        name,
    )
    if unknown:
        raise UnknownOffenceCodesError(code for (code,) in unknown)
    twice = _read(
        con,
        "SELECT incident_id FROM incidents WHERE occurred_on <= $as_of AND occurred_on > $as_of - $span "
        "GROUP BY incident_id HAVING count(*) > 1 ORDER BY 1 LIMIT 10",
        {"as_of": as_of, "span": int(params.serial_window_days)},
        name,
    )
    if twice:
        raise RfgInputError(f"Incident id(s) counted more than once: {', '.join(str(i) for (i,) in twice)}.")
    return int(rows)


def _refuse_flawed(con: duckdb.DuckDBPyConnection, text_columns: list[str], name: str) -> None:
    """Say how many rows lack each field or have a date that is not one (only when some do)."""
    empty = ", ".join(f"count(*) FILTER (WHERE {column} IS NULL OR {column} = '')" for column in text_columns)
    sql = (
        f"SELECT {empty}, count(*) FILTER (WHERE occurred_on IS NULL AND NOT bad_date), "  # noqa: S608
        "count(*) FILTER (WHERE bad_date) FROM incidents"
    )
    *blanks, no_date, bad_dates = _read(con, sql, {}, name)[0]
    problems = [
        f"{count:,} row(s) with no {column}" for column, count in zip(text_columns, blanks, strict=True) if count
    ]
    if no_date:
        problems.append(f"{no_date:,} row(s) with no occurred_on")
    if bad_dates:
        problems.append(f"{bad_dates:,} row(s) whose occurred_on is not a date (YYYY-MM-DD)")
    raise RfgInputError("The incidents file has " + "; ".join(problems) + ".")


def _recency_case(params: Parameters) -> str:
    bands = " ".join(f"WHEN latest <= {int(limit)} THEN {int(points)}" for limit, points in params.recency_bands)
    return f"CASE {bands} ELSE {int(params.recency_otherwise)} END"


def _components_sql(params: Parameters) -> str:
    """Each person's components (``$as_of`` is the as-of date): one pass groups the incidents that count by
    person and victim, a second by person, so distinct victims need no DISTINCT."""
    window, serial, twelve = int(params.window_days), int(params.serial_window_days), int(params.twelve_month_days)
    return f"""
        WITH recent AS (
            SELECT i.perpetrator_id, i.victim_id, date_diff('day', i.occurred_on, $as_of) AS days, w.weight
            FROM incidents i JOIN weights w ON i.offence_code = w.offence_code
            WHERE i.occurred_on <= $as_of AND i.occurred_on > $as_of - {serial}
        ),
        pairs AS (
            SELECT perpetrator_id, victim_id,
                min(days) FILTER (WHERE days < {window}) AS latest,
                count(*) FILTER (WHERE days < {window}) AS frequency,
                count(*) FILTER (WHERE days <= {twelve}) AS frequency_12m,
                sum(weight) FILTER (WHERE days < {window}) AS gravity_units,
                max(weight) FILTER (WHERE days < {window}) AS gravity_max_units
            FROM recent GROUP BY perpetrator_id, victim_id
        ),
        tallies AS (
            SELECT perpetrator_id,
                min(latest) AS latest,
                CAST(sum(frequency) AS BIGINT) AS frequency,
                CAST(sum(frequency_12m) AS BIGINT) AS frequency_12m,
                sum(gravity_units) AS gravity_units,
                max(gravity_max_units) AS gravity_max_units,
                count(*) FILTER (WHERE frequency > 0) AS victims,
                count(*) >= 2 AS serial
            FROM pairs GROUP BY perpetrator_id HAVING sum(frequency) > 0
        )
        SELECT *, {_recency_case(params)} AS recency FROM tallies
    """  # noqa: S608 (whole numbers from the frozen parameters, not input)


RANKED = ("recency", "frequency", "gravity_units", "victims")


def _doubled_ranks(column: str) -> str:
    """Each value of ``column`` with twice its average rank among the people scored: 2 x (the number
    below it) + its ties + 1, from the counts of each value (no sort of every row)."""
    return f"""(
        SELECT {column}, 2 * (sum(people) OVER (ORDER BY {column}) - people) + people + 1 AS doubled_{column}
        FROM (SELECT {column}, count(*) AS people FROM components GROUP BY {column})
    )"""  # noqa: S608 (a column name from RANKED)


SCORES_SQL = f"""
    SELECT
        row_number() OVER (ORDER BY points DESC, perpetrator_id ASC) AS rank,
        perpetrator_id, recency, frequency, frequency_12m,
        CAST(gravity_units AS DOUBLE) AS gravity, CAST(gravity_max_units AS DOUBLE) AS gravity_max,
        victims, serial,
        100.0 * points / (8 * (SELECT count(*) FROM components)) AS total
    FROM (
        SELECT components.*, {" + ".join(f"doubled_{column}" for column in RANKED)} AS points
        FROM components {" ".join(f"JOIN {_doubled_ranks(column)} USING ({column})" for column in RANKED)}
    )
"""  # noqa: S608 (column names from RANKED, not input)


def _register_weights(con: duckdb.DuckDBPyConnection, weights: Mapping[str, object]) -> None:
    con.execute(f"CREATE TEMP TABLE weights (offence_code VARCHAR PRIMARY KEY, weight DECIMAL(18, {WEIGHT_DECIMALS}))")
    # As exact decimal text: DuckDB casts text to DECIMAL exactly (a float might round).
    rows = [(code, f"{Decimal(weight_units(weight)).scaleb(-WEIGHT_DECIMALS):f}") for code, weight in weights.items()]
    if rows:
        con.executemany(f"INSERT INTO weights VALUES (?, CAST(? AS DECIMAL(18, {WEIGHT_DECIMALS})))", rows)  # noqa: S608


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection (all cores unless ``threads``)."""
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def score_file(
    *,
    incidents: Path,
    weights: Mapping[str, object],
    as_of: date,
    output: Path,
    params: Parameters = DEFAULT,
    threads: int | None = None,
) -> EngineSummary:
    """Score the incidents in ``incidents`` (CSV or Parquet) and write the ranking to ``output`` (CSV).

    ``weights`` maps every offence code to its weight (a number). Raises ``RfgInputError`` (or
    ``UnknownOffenceCodesError``) with nothing written when the inputs cannot be scored."""
    if output.suffix.lower() != ".csv":
        raise RfgInputError(f"The output file must end .csv, not {output.name}.")
    if not output.parent.is_dir():
        raise RfgInputError(f"There is no folder {output.parent} to write {output.name} in.")
    if output.exists() and output.resolve() == incidents.resolve():
        raise RfgInputError("The output file may not be the incidents file.")
    con = connect(threads)
    try:
        _register_weights(con, weights)
        _load(con, incidents)
        rows = _check(con, as_of=as_of, params=params, name=incidents.name)
        _read(con, f"CREATE TEMP TABLE components AS {_components_sql(params)}", {"as_of": as_of}, incidents.name)
        _read(con, f"CREATE TEMP TABLE scores AS {SCORES_SQL}", {}, incidents.name)
        counted: Any = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE serial), coalesce(sum(frequency), 0) FROM scores"
        ).fetchone()
        people, serial, in_window = counted
        _write(con, output)
    finally:
        con.close()
    return EngineSummary(
        model_version=MODEL_VERSION,
        as_of=as_of,
        incidents=rows,
        incidents_in_window=int(in_window),
        people_scored=int(people),
        serial=int(serial),
        output=output,
    )


def _write(con: duckdb.DuckDBPyConnection, output: Path) -> None:
    """The scores as CSV at ``output``, all or nothing: written beside it, then moved into place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent)
    os.close(handle)
    try:
        quoted = temporary.replace("'", "''")
        columns = ", ".join(COLUMNS)
        con.execute(f"COPY (SELECT {columns} FROM scores ORDER BY rank) TO '{quoted}' (HEADER, DELIMITER ',')")  # noqa: S608
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
