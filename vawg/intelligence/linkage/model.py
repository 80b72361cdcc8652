"""The Splink model on DuckDB: comparisons, training without labels, prediction
(docs/identity-resolution.md). Pure: pandas in, pandas out, no Django and no network.

Splink is imported inside the functions that use it: it is heavy (over a second to import), and the
pages and services that never link should not pay for it.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from vawg.intelligence.linkage import config
from vawg.intelligence.linkage.normalise import normalise

FIELDS = tuple(config.LEVEL_NAMES)

# Each field's levels after "missing", best first: (SQL over the normalised columns, chart label).
_LEVEL_SQL: dict[str, tuple[tuple[str, str], ...]] = {
    "given_name": (
        ("given_name_l = given_name_r", "Exact"),
        ("list_has_any(given_canons_l, given_canons_r)", "Nickname of the same name"),
        (
            "jaro_winkler_similarity(given_name_l, family_name_r) >= 0.9"
            " and jaro_winkler_similarity(family_name_l, given_name_r) >= 0.9",
            "Given and family names reversed",
        ),
        (
            "damerau_levenshtein(given_name_l, given_name_r) <= 1"
            " or jaro_winkler_similarity(given_name_l, given_name_r) >= 0.92",
            "Close (typing error)",
        ),
        ("jaro_winkler_similarity(given_name_l, given_name_r) >= 0.8", "Similar"),
        ("ELSE", "Disagree"),
    ),
    "family_name": (
        ("family_name_l = family_name_r", "Exact"),
        (
            "damerau_levenshtein(family_name_l, family_name_r) <= 1"
            " or jaro_winkler_similarity(family_name_l, family_name_r) >= 0.92",
            "Close (typing error)",
        ),
        (
            "(length(family_name_l) >= 3 and length(family_name_r) >= 3)"
            " and (contains(family_name_l, family_name_r) or contains(family_name_r, family_name_l))",
            "One contains the other (double-barrelled)",
        ),
        ("ELSE", "Disagree (or changed)"),
    ),
    "date_of_birth": (
        ("dob_l = dob_r", "Exact"),
        ("dob_l = dob_swapped_r", "Day and month swapped"),
        ("damerau_levenshtein(dob_l, dob_r) <= 1", "One digit wrong or two swapped"),
        ("ELSE", "Disagree"),
    ),
    "postcode": (
        ("postcode_l = postcode_r", "Exact"),
        ("postcode_sector_l = postcode_sector_r", "Same sector"),
        ("postcode_district_l = postcode_district_r", "Same district"),
        ("ELSE", "Disagree"),
    ),
    "phone": (
        ("phone_l = phone_r", "Exact"),
        ("damerau_levenshtein(phone_l, phone_r) <= 1", "One digit wrong or two swapped"),
        ("ELSE", "Disagree"),
    ),
}
_NULL_SQL = {
    "given_name": "given_name_l is null or given_name_r is null",
    "family_name": "family_name_l is null or family_name_r is null",
    "date_of_birth": "dob_l is null or dob_r is null",
    "postcode": "postcode_l is null or postcode_r is null",
    "phone": "phone_l is null or phone_r is null",
}


def _comparison(field: str) -> dict[str, Any]:
    levels: list[dict[str, Any]] = [
        {"sql_condition": _NULL_SQL[field], "label_for_charts": "Missing", "is_null_level": True}
    ]
    for (sql, label), (m, u) in zip(_LEVEL_SQL[field], config.PRIORS[field], strict=True):
        level: dict[str, Any] = {
            "sql_condition": sql,
            "label_for_charts": label,
            "m_probability": m,
            "u_probability": u,
        }
        if field == "family_name" and label == "Exact":
            # Smith agreeing is weaker evidence than Quartermaine agreeing.
            level.update({"tf_adjustment_column": "family_name", "tf_adjustment_weight": 1.0})
        levels.append(level)
    return {"output_column_name": field, "comparison_description": field, "comparison_levels": levels}


def settings(*, probability_two_random_records_match: float, details: bool = False) -> Any:
    from splink import SettingsCreator  # heavy: imported only when linking

    return SettingsCreator(
        link_type="link_only",
        comparisons=[_comparison(field) for field in FIELDS],
        blocking_rules_to_generate_predictions=[{"blocking_rule": rule} for rule in config.BLOCKING_RULES],
        probability_two_random_records_match=probability_two_random_records_match,
        # Needed for each field's level (gamma_ columns): the rule on given names reads it.
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=details,
        max_iterations=20,
    )


@dataclass(frozen=True)
class LinkRun:
    """What one run of the model found."""

    pairs: pd.DataFrame  # left_id, right_id, match_probability (and, with details, each field's level and weight)
    threshold: float
    trained: bool
    model_version: str
    chart_path: Path | None


def _offline_connection() -> Any:
    """An in-memory DuckDB that never downloads an extension (everything the model uses is built in)."""
    import duckdb  # heavy: imported only when linking

    connection = duckdb.connect(":memory:")
    connection.execute("SET autoinstall_known_extensions = false")
    return connection


def _quiet_splink() -> None:
    for name in ("splink", "sqlglot"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _train(linker: Any, *, rows_per_side: int) -> None:
    from splink import block_on  # heavy: imported only when linking

    linker.training.estimate_probability_two_random_records_match(
        list(config.DETERMINISTIC_RULES), recall=config.DETERMINISTIC_RECALL
    )
    u_pairs = min(config.U_MAX_PAIRS, config.U_PAIRS_PER_RECORD * rows_per_side)
    # Small samples in one pass: Splink's probe in chunks only pays for itself on large ones.
    chunks = 1 if u_pairs < 1_000_000 else 10
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=config.SEED, num_chunks=chunks)
    proportion = min(1.0, config.EM_RECORDS / max(rows_per_side, 1))
    for rule in (block_on("dob"), block_on("given_canon", "family_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule, record_sample_proportion=proportion)


def link(
    left: pd.DataFrame,
    right: pd.DataFrame,
    *,
    threshold: float = config.DEFAULT_THRESHOLD,
    train: bool | None = None,
    one_to_one: bool = True,
    details: bool = False,
    chart_path: Path | None = None,
    twin_guard: bool = config.TWIN_GUARD,
    prior: float | None = None,
) -> LinkRun:
    """Pairs (one record of ``left``, one of ``right``) the model scores at or above ``threshold``.

    ``left`` and ``right`` hold the input columns (``normalise.INPUT_COLUMNS``); record ids must be
    unique within each side. ``train``: None trains when both sides hold at least
    ``config.MIN_RECORDS_TO_TRAIN`` records and uses the fixed priors otherwise. ``one_to_one`` keeps a
    pair only when it is the best of both its records (ties go to the smaller ids). ``details`` adds each
    field's comparison level and match weight. ``twin_guard`` drops every pair whose given names
    disagree outright (config.TWIN_GUARD). ``chart_path`` writes the match-weights chart there
    (self-contained HTML: it loads nothing from the network).
    """
    from splink import DuckDBAPI, Linker  # heavy: imported only when linking

    _quiet_splink()
    left_n, right_n = normalise(left), normalise(right)
    if train is None:
        train = min(len(left_n), len(right_n)) >= config.MIN_RECORDS_TO_TRAIN
    if prior is None:
        prior = config.PRIOR_MATCHED_SHARE / max(len(left_n), len(right_n), 1)
    db_api = DuckDBAPI(connection=_offline_connection())
    tables = [
        db_api.register(left_n, dataset_display_name="a_left"),
        db_api.register(right_n, dataset_display_name="b_right"),
    ]
    linker = Linker(
        tables,
        settings(probability_two_random_records_match=min(prior, 0.5), details=details),
        log_level=logging.ERROR,
    )
    if train:
        _train(linker, rows_per_side=max(len(left_n), len(right_n)))
    predicted = linker.inference.predict(threshold_match_probability=threshold)
    scored: pd.DataFrame = predicted.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    pairs = _oriented(scored)
    if twin_guard and len(pairs):
        pairs = pairs[pairs["gamma_given_name"] != 0]
    pairs = pairs[pairs["match_probability"] >= threshold]
    if one_to_one:
        pairs = best_of_both(pairs)
    if chart_path is not None:
        linker.visualisations.match_weights_chart().save_offline_chart(str(chart_path), overwrite=True, print_msg=False)
    return LinkRun(
        pairs=_columns(pairs, details=details).reset_index(drop=True),
        threshold=threshold,
        trained=train,
        model_version=config.MODEL_VERSION,
        chart_path=chart_path,
    )


def _oriented(scored: pd.DataFrame) -> pd.DataFrame:
    """Rename Splink's l/r columns to left/right by source, whatever order Splink put them in."""
    if scored.empty:
        return scored.assign(left_id=pd.Series(dtype=object), right_id=pd.Series(dtype=object))
    flipped = scored["source_dataset_l"] != "a_left"
    out = scored.copy()
    out["left_id"] = scored["unique_id_l"].where(~flipped, scored["unique_id_r"])
    out["right_id"] = scored["unique_id_r"].where(~flipped, scored["unique_id_l"])
    return out


def best_of_both(pairs: pd.DataFrame) -> pd.DataFrame:
    """Only the pairs that are the best match of their left record and of their right record."""
    ordered = pairs.sort_values(["match_probability", "left_id", "right_id"], ascending=[False, True, True])
    best = ~ordered.duplicated("left_id") & ~ordered.duplicated("right_id")
    return ordered[best]


def _columns(pairs: pd.DataFrame, *, details: bool) -> pd.DataFrame:
    base = ["left_id", "right_id", "match_probability"]
    out = pairs[base].copy() if len(pairs) else pd.DataFrame(columns=base)
    if details:
        out["comparison"] = [field_comparison(row) for _, row in pairs.iterrows()] if len(pairs) else []
    return out


def field_comparison(row: pd.Series) -> dict[str, dict[str, Any]]:
    """Each field's level name and match weight (log2 of its Bayes factor) for one scored pair."""
    result: dict[str, dict[str, Any]] = {}
    for field in FIELDS:
        gamma = int(row[f"gamma_{field}"])
        names = config.LEVEL_NAMES[field]
        # Splink numbers levels from the worst (0) up; -1 is the missing level.
        level = names[0] if gamma < 0 else names[len(names) - 1 - gamma]
        weight = float(row.get(f"mw_{field}", 0.0)) + float(row.get(f"mw_tf_adj_{field}", 0.0))
        result[field] = {"level": level, "weight": round(weight, 2) if math.isfinite(weight) else None}
    return result


def f1_scores(found: pd.DataFrame, truth: set[tuple[str, str]]) -> dict[str, float]:
    """Precision, recall and F1 of ``found`` (left_id, right_id) against the true pairs."""
    pairs = set(zip(found["left_id"].astype(str), found["right_id"].astype(str), strict=True))
    hits = len(pairs & truth)
    precision = hits / len(pairs) if pairs else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "found": len(pairs), "true": len(truth)}
