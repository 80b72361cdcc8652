"""The RFG model as a pure function (vawg/intelligence/rules/rfg.py): table-driven edges and cases, and
invariants that hold for any incidents (hypothesis)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vawg.intelligence.rules.rfg import (
    COLUMNS,
    DEFAULT,
    MODEL_VERSION,
    Incident,
    Parameters,
    RfgInputError,
    Score,
    UnknownOffenceCodesError,
    doubled_average_ranks,
    score,
    weight_units,
)

AS_OF = date(2026, 6, 30)
WEIGHTS = {"MINOR": 1, "MID": 10, "GRAVE": 1000}
_ids = itertools.count()


def incident(perpetrator: str, days_ago: int, code: str = "MINOR", victim: str = "v1") -> Incident:
    return Incident(
        incident_id=f"i{next(_ids)}",
        perpetrator_id=perpetrator,
        victim_id=victim,
        occurred_on=AS_OF - timedelta(days=days_ago),
        offence_code=code,
    )


def one(incidents: list[Incident], weights: dict[str, object] | None = None) -> Score:
    """The score of person "p" among ``incidents``."""
    return next(s for s in score(incidents, weights or WEIGHTS, AS_OF) if s.perpetrator_id == "p")


@pytest.mark.parametrize(
    ("days_ago", "recency"),
    [
        (0, 5),
        (30, 5),
        (31, 4),
        (91, 4),
        (92, 3),
        (182, 3),
        (183, 2),
        (365, 2),
        (366, 1),
        (729, 1),
    ],
)
def test_it_gives_recency_points_by_band_edges(days_ago: int, recency: int) -> None:
    assert one([incident("p", days_ago)]).recency == recency


@pytest.mark.parametrize(("days_ago", "counted"), [(-1, False), (0, True), (729, True), (730, False), (1094, False)])
def test_it_counts_only_incidents_in_the_730_day_window(days_ago: int, counted: bool) -> None:
    scores = score([incident("p", days_ago)], WEIGHTS, AS_OF)
    assert [s.perpetrator_id for s in scores] == (["p"] if counted else [])


@pytest.mark.parametrize(("days_ago", "in_12m"), [(364, 1), (365, 1), (366, 0)])
def test_it_counts_frequency_in_the_last_12_months_up_to_365_days(days_ago: int, in_12m: int) -> None:
    scored = one([incident("p", 0), incident("p", days_ago)])
    assert (scored.frequency, scored.frequency_12m) == (2, 1 + in_12m)


@pytest.mark.parametrize(
    ("second_victim_days_ago", "serial"),
    [(0, True), (729, True), (730, True), (1094, True), (1095, False), (-1, False)],
)
def test_it_flags_serial_on_2_victims_within_1095_days(second_victim_days_ago: int, serial: bool) -> None:
    scored = one([incident("p", 10, victim="v1"), incident("p", second_victim_days_ago, victim="v2")])
    assert scored.serial is serial
    # Victims counts the window only; serial looks back further.
    assert scored.victims == (2 if 0 <= second_victim_days_ago < 730 else 1)


def test_it_is_not_serial_with_one_victim_however_many_incidents() -> None:
    scored = one([incident("p", days, victim="v1") for days in range(0, 1000, 50)])
    assert scored.serial is False
    assert scored.victims == 1


def test_it_scores_nobody_for_an_empty_window() -> None:
    assert score([], WEIGHTS, AS_OF) == []
    assert score([incident("p", 800), incident("q", -5)], WEIGHTS, AS_OF) == []


def test_it_ignores_incidents_after_the_as_of_date() -> None:
    scored = one([incident("p", 100), incident("p", -1, "GRAVE"), incident("p", -400)])
    assert (scored.frequency, scored.gravity, scored.recency) == (1, 1.0, 3)


def test_it_ranks_one_grave_incident_against_many_minor_ones_by_all_four_components() -> None:
    grave = [incident("grave", 200, "GRAVE")]
    minor = [incident("minor", days) for days in (5, 40, 100, 150, 300, 400, 500)]
    scores = {s.perpetrator_id: s for s in score(grave + minor, WEIGHTS, AS_OF)}
    assert scores["grave"].gravity == 1000.0
    assert scores["grave"].gravity_max == 1000.0
    assert scores["minor"].gravity == 7.0
    assert scores["minor"].gravity_max == 1.0
    assert scores["minor"].frequency == 7
    # Minor: recency, frequency above, gravity below, victims tied -> (1 + 1 + 0.5 + 0.75) / 4.
    assert scores["minor"].total == pytest.approx(100 * (1 + 1 + 0.5 + 0.75) / 4)
    assert scores["grave"].total == pytest.approx(100 * (0.5 + 0.5 + 1 + 0.75) / 4)
    assert scores["minor"].rank == 1


def test_it_gives_tied_people_the_same_total_and_orders_them_by_id() -> None:
    scores = score([incident("b", 10), incident("a", 10), incident("c", 10)], WEIGHTS, AS_OF)
    assert [(s.rank, s.perpetrator_id) for s in scores] == [(1, "a"), (2, "b"), (3, "c")]
    # All tied: average rank 2 of 3 on every component.
    assert [s.total for s in scores] == pytest.approx([100 * 2 / 3] * 3)


def test_it_ranks_percentiles_as_pandas_average_pct() -> None:
    # pandas: Series([1, 2, 2, 5]).rank(method="average", pct=True) == [0.25, 0.625, 0.625, 1.0]
    assert [points / 2 / 4 for points in doubled_average_ranks([1, 2, 2, 5])] == [0.25, 0.625, 0.625, 1.0]


def test_it_scores_a_single_person_100() -> None:
    assert one([incident("p", 400, "MID")]).total == 100.0


def test_it_adds_up_sums_exactly_whatever_the_order() -> None:
    weights = {"A": "0.1", "B": "0.2", "C": "0.3"}
    forward = [incident("p", 1, "A"), incident("p", 2, "B"), incident("q", 3, "C")]
    backward = list(reversed(forward))
    assert score(forward, weights, AS_OF) == score(backward, weights, AS_OF)
    # 0.1 + 0.2 == 0.3 exactly here (in floats it is not), so p and q tie on gravity.
    scores = {s.perpetrator_id: s for s in score(forward, weights, AS_OF)}
    assert scores["p"].gravity == scores["q"].gravity == 0.3


def test_it_names_every_offence_code_without_a_weight() -> None:
    with pytest.raises(UnknownOffenceCodesError) as raised:
        score([incident("p", 1, "X9"), incident("q", 2000, "A1"), incident("p", 2, "MINOR")], WEIGHTS, AS_OF)
    assert raised.value.codes == ["A1", "X9"]
    assert "A1, X9" in str(raised.value)


def test_it_refuses_an_incident_id_that_counts_twice() -> None:
    first = incident("p", 1)
    with pytest.raises(RfgInputError, match=first.incident_id):
        score([first, replace(first, perpetrator_id="q")], WEIGHTS, AS_OF)
    old = incident("p", 2000)
    assert len(score([first, old, replace(old, occurred_on=old.occurred_on - timedelta(days=1))], WEIGHTS, AS_OF)) == 1


@pytest.mark.parametrize(
    ("weight", "units"),
    [(0, 0), (1, 1_000_000), ("2.5", 2_500_000), (0.1, 100_000), (Decimal("0.000001"), 1), ("1e3", 1_000_000_000)],
)
def test_it_reads_weights_as_exact_millionths(weight: object, units: int) -> None:
    assert weight_units(weight) == units


@pytest.mark.parametrize("weight", ["-1", "abc", "", "nan", "inf", "0.0000001", True, "1e12"])
def test_it_refuses_a_weight_that_is_not_a_small_non_negative_number(weight: object) -> None:
    with pytest.raises(RfgInputError):
        weight_units(weight)


def test_it_has_a_version_and_its_parameters_as_data() -> None:
    assert MODEL_VERSION
    assert DEFAULT.as_dict() == {
        "window_days": 730,
        "serial_window_days": 1095,
        "twelve_month_days": 365,
        "recency_bands": [[30, 5], [91, 4], [182, 3], [365, 2]],
        "recency_otherwise": 1,
    }
    assert COLUMNS == (
        "rank",
        "perpetrator_id",
        "recency",
        "frequency",
        "frequency_12m",
        "gravity",
        "gravity_max",
        "victims",
        "serial",
        "total",
    )


@pytest.mark.parametrize(
    "changes",
    [{"recency_bands": ((91, 4), (30, 5))}, {"twelve_month_days": 800}, {"serial_window_days": 700}],
)
def test_it_refuses_parameters_that_do_not_make_sense(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must"):
        Parameters(**changes)  # type: ignore[arg-type]


# --- Invariants ---------------------------------------------------------------------------------------------

CODES = st.sampled_from(sorted(WEIGHTS))
PEOPLE = st.sampled_from(["p", "q", "r", "s", "t"])
VICTIMS = st.sampled_from(["v1", "v2", "v3"])


@st.composite
def incidents(draw: st.DrawFn, max_size: int = 30) -> list[Incident]:
    rows = draw(
        st.lists(st.tuples(PEOPLE, st.integers(min_value=-30, max_value=1200), CODES, VICTIMS), max_size=max_size)
    )
    return [
        Incident(f"i{n}", person, victim, AS_OF - timedelta(days=days), code)
        for n, (person, days, code, victim) in enumerate(rows)
    ]


@settings(max_examples=60, deadline=None)
@given(incidents(), PEOPLE, st.integers(min_value=-30, max_value=1200), CODES, VICTIMS)
def test_it_never_lowers_frequency_or_gravity_when_an_incident_is_added(
    rows: list[Incident], person: str, days: int, code: str, victim: str
) -> None:
    before = {s.perpetrator_id: s for s in score(rows, WEIGHTS, AS_OF)}
    added = Incident("new", person, victim, AS_OF - timedelta(days=days), code)
    after = {s.perpetrator_id: s for s in score([*rows, added], WEIGHTS, AS_OF)}
    assert set(before) <= set(after)
    for key, old in before.items():
        assert after[key].frequency >= old.frequency
        assert after[key].gravity >= old.gravity
        assert after[key].gravity_max >= old.gravity_max
        assert after[key].victims >= old.victims


@settings(max_examples=60, deadline=None)
@given(incidents())
def test_it_keeps_totals_within_0_and_100_and_ranks_without_gaps(rows: list[Incident]) -> None:
    scores = score(rows, WEIGHTS, AS_OF)
    assert [s.rank for s in scores] == list(range(1, len(scores) + 1))
    assert all(0 < s.total <= 100 for s in scores)
    assert [(-s.total, s.perpetrator_id) for s in scores] == sorted((-s.total, s.perpetrator_id) for s in scores)
    assert all(s.frequency_12m <= s.frequency and s.gravity_max <= s.gravity for s in scores)
    assert all(1 <= s.victims <= s.frequency for s in scores)


@settings(max_examples=60, deadline=None)
@given(incidents(), incidents())
def test_it_never_lets_other_people_change_a_persons_components(rows: list[Incident], others: list[Incident]) -> None:
    mine = [row for row in rows if row.perpetrator_id == "p"]
    theirs = [replace(row, incident_id=f"o{row.incident_id}") for row in others if row.perpetrator_id != "p"]
    alone = {s.perpetrator_id: s for s in score(mine, WEIGHTS, AS_OF)}
    together = {s.perpetrator_id: s for s in score(mine + theirs, WEIGHTS, AS_OF)}
    if "p" in alone:
        keep = ("recency", "frequency", "frequency_12m", "gravity", "gravity_max", "victims", "serial")
        assert [getattr(alone["p"], name) for name in keep] == [getattr(together["p"], name) for name in keep]
    else:
        assert "p" not in together
