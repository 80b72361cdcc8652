"""Primary and secondary small-number suppression: no hidden count can be worked out from what is shown.

The property tests solve for the hidden cells as a reader would: whether each hidden cell could take
another whole-number value, given the shown figures, every sum, and what the reader knows of hidden
cells (``reader_range``: those reading "fewer than 5" are 1 to 4, the others at least 1; a hidden 0 is
known). None may be left one value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vawg.marac import config
from vawg.marac.rules.suppression import Sum, Suppression, pinned, suppress

T = config.SUPPRESSION_THRESHOLD
YEAR = Sum("year", ("q1", "q2", "q3", "q4"))


def quarters(q1: int, q2: int, q3: int, q4: int) -> dict[str, int]:
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "year": q1 + q2 + q3 + q4}


# --- One sum, table-driven -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "small", "hidden"),
    [
        ((5, 10, 12, 15), set(), set()),  # nothing small
        ((0, 10, 12, 15), set(), set()),  # 0 is shown
        ((4, 10, 12, 15), {"q1"}, {"q1", "q2"}),  # 41 - 10 - 12 - 15 would give the 4
        ((10, 4, 15, 12), {"q2"}, {"q2", "q1"}),  # the next-smallest part, wherever it is
        ((3, 2, 12, 15), {"q1", "q2"}, {"q1", "q2"}),  # 5 splits as 1+4, 2+3, 3+2, 4+1
        ((1, 1, 12, 15), {"q1", "q2"}, {"q1", "q2", "q3"}),  # 2 splits only as 1+1
        ((4, 4, 12, 15), {"q1", "q2"}, {"q1", "q2", "q3"}),  # 8 splits only as 4+4
        ((1, 5, 12, 15), {"q1"}, {"q1", "q2"}),  # 6 splits as 1+5, ..., 4+2
        ((1, 1, 1, 1), {"q1", "q2", "q3", "q4"}, {"q1", "q2", "q3", "q4", "year"}),  # the year: "suppressed"
        ((3, 0, 0, 10), {"q1"}, {"q1", "q4"}),  # a 0 is never the second cell
        ((3, 0, 0, 0), {"q1", "year"}, {"q1", "year"}),  # both 1 to 4, equal: neither known
    ],
)
def test_it_hides_a_second_cell_when_one_could_be_worked_out(
    counts: tuple[int, int, int, int], small: set[str], hidden: set[str]
) -> None:
    result = suppress(quarters(*counts), [YEAR])

    assert result == Suppression(small=frozenset(small), hidden=frozenset(hidden))


def test_it_hides_the_total_when_no_shown_part_is_left() -> None:
    # a and b are hidden with x and y (shares show both); 4 + 4 = 8 would give both.
    values = {"a": 4, "b": 4, "c": 0, "t": 8, "x": 9, "y": 9}

    result = suppress(values, [Sum("t", ("a", "b", "c"))], together=[("a", "x"), ("b", "y")])

    assert result.hidden == {"a", "b", "x", "y", "t"}


def test_it_narrows_through_a_chain_of_sums() -> None:
    # q3 is four hidden parts of at least 1, so at least 4; the year 5 = q2 + q3 leaves q2 only 1.
    values = {"q2": 1, "q3": 4, "year": 5, "a": 1, "b": 1, "c": 1, "d": 1}
    sums = [Sum("year", ("q2", "q3")), Sum("q3", ("a", "b", "c", "d"))]
    hidden = small = {"q2", "q3", "a", "b", "c", "d"}

    assert pinned(values, sums, hidden=hidden, small=small, threshold=T) == hidden
    assert pinned(values, sums[:1], hidden=hidden, small=small, threshold=T) == set()


def test_it_hides_a_share_part_and_rest_together() -> None:
    values = {"cases": 3, "repeats": 0, "others": 3}

    result = suppress(values, [Sum("cases", ("repeats", "others"))], together=[("repeats", "others")])

    assert result.hidden == {"cases", "repeats", "others"}


@pytest.mark.parametrize(
    ("values", "hidden", "small", "found"),
    [
        (quarters(4, 10, 12, 15), {"q1"}, {"q1"}, {"q1"}),
        (quarters(4, 10, 12, 15), {"q1", "q2"}, {"q1"}, set()),
        (quarters(4, 10, 12, 15), {"q1", "year"}, {"q1"}, set()),  # the total hidden too
        (quarters(0, 10, 12, 15), {"q1"}, set(), set()),  # a hidden 0 is not protected
        (quarters(2, 2, 12, 15), {"q1", "q2"}, {"q1", "q2"}, set()),
        (quarters(4, 4, 12, 15), {"q1", "q2"}, {"q1", "q2"}, {"q1", "q2"}),
    ],
)
def test_it_finds_the_cells_a_sum_pins(
    values: dict[str, int], hidden: set[str], small: set[str], found: set[str]
) -> None:
    assert pinned(values, [YEAR], hidden=hidden, small=small, threshold=T) == found


def test_it_takes_the_threshold_from_configuration() -> None:
    assert T == 5
    assert config.SUPPRESSION_VERSION
    assert suppress(quarters(5, 10, 12, 15), [YEAR], threshold=6).small == {"q1"}


# --- The solver: every value a hidden cell could take ---------------------------------------------


def possible_values(
    values: Mapping[str, int], sums: Sequence[Sum], result: Suppression, threshold: int = T
) -> dict[str, set[int]]:
    """Each hidden non-zero cell's true value and, if there is one, another it could take (whole numbers;
    "at least 1" is capped, which can only remove solutions, so a second value found is real)."""
    unknown = sorted(cell for cell in result.hidden if values[cell] != 0)
    cap = max(values.values()) + threshold
    start = {cell: (value, value) for cell, value in values.items()}
    start |= {cell: (1, threshold - 1) if cell in result.small else (1, cap) for cell in unknown}
    seen = {cell: {values[cell]} for cell in unknown}  # the true table is one solution
    equations = [{total.total: -1, **dict.fromkeys(total.parts, 1)} for total in sums]

    def narrow(bounds: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]] | None:
        """Whole-number bounds narrowed by every sum until they hold still (None: no solution)."""
        changed = True
        while changed:
            changed = False
            for signs in equations:
                lows = {c: bounds[c][0] if sign > 0 else -bounds[c][1] for c, sign in signs.items()}
                highs = {c: bounds[c][1] if sign > 0 else -bounds[c][0] for c, sign in signs.items()}
                low_sum, high_sum = sum(lows.values()), sum(highs.values())
                for cell, sign in signs.items():
                    # sign * x = -(the others), and the others lie in [low_sum - low, high_sum - high]
                    low, high = lows[cell] - high_sum, highs[cell] - low_sum
                    low, high = (low, high) if sign > 0 else (-high, -low)
                    new = (max(bounds[cell][0], low), min(bounds[cell][1], high))
                    if new[0] > new[1]:
                        return None
                    if new != bounds[cell]:
                        bounds = {**bounds, cell: new}
                        changed = True
        return bounds

    def solution(bounds: dict[str, tuple[int, int]]) -> dict[str, int] | None:
        """Any whole-number table within ``bounds`` that satisfies every sum."""
        narrowed = narrow(bounds)
        if narrowed is None:
            return None
        free = sorted((high - low, cell) for cell, (low, high) in narrowed.items() if low < high)
        if not free:
            return {cell: low for cell, (low, _) in narrowed.items()}
        cell = free[0][1]
        near = sorted(range(narrowed[cell][0], narrowed[cell][1] + 1), key=lambda value: abs(value - values[cell]))
        for value in near:  # tables near the true one first: a second solution is found sooner
            found = solution({**narrowed, cell: (value, value)})
            if found is not None:
                return found
        return None

    for cell in unknown:
        low, high = start[cell]
        value = values[cell]
        nearest_first = ((value - 1, value - 1), (value + 1, value + 1), (low, value - 2), (value + 2, high))
        for near_low, near_high in nearest_first:
            other = (max(near_low, low), min(near_high, high))
            found = solution({**start, cell: other}) if other[0] <= other[1] else None
            if found is not None:
                seen[cell].add(found[cell])
                break
    return seen


def assert_nothing_worked_out(values: Mapping[str, int], sums: Sequence[Sum], result: Suppression) -> None:
    possible = possible_values(values, sums, result)
    for cell, found in possible.items():
        assert len(found) > 1, f"{cell} = {values[cell]} can be worked out: {sorted(result.hidden)}"


def test_it_solves_the_leak_the_primary_rule_left() -> None:
    values = quarters(4, 10, 12, 15)

    leak = possible_values(values, [YEAR], Suppression(small=frozenset({"q1"}), hidden=frozenset({"q1"})))

    assert leak == {"q1": {4}}  # only the value it has
    assert_nothing_worked_out(values, [YEAR], suppress(values, [YEAR]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 15), min_size=4, max_size=4))
def test_it_leaves_no_quarter_worked_out_from_the_year(counts: list[int]) -> None:
    values = quarters(*counts)

    assert_nothing_worked_out(values, [YEAR], suppress(values, [YEAR]))


PERIODS = ("q1", "q2", "q3", "year")


def dashboard_cells(repeats: Sequence[int], others: Sequence[int], group: int) -> dict[str, int]:
    """Three quarters and their year: cases, repeat cases and the rest; and one equality group of the year."""
    values: dict[str, int] = {}
    for period, repeat, other in zip(PERIODS[:3], repeats, others, strict=True):
        values |= {f"{period}.cases": repeat + other, f"{period}.repeats": repeat, f"{period}.others": other}
    for kind in ("cases", "repeats", "others"):
        values[f"year.{kind}"] = sum(values[f"{period}.{kind}"] for period in PERIODS[:3])
    values["year.group"] = min(group, values["year.cases"])
    values["year.not_group"] = values["year.cases"] - values["year.group"]
    return values


DASHBOARD_SUMS = [
    *(Sum(f"{period}.cases", (f"{period}.repeats", f"{period}.others")) for period in PERIODS),
    *(Sum(f"year.{kind}", tuple(f"{p}.{kind}" for p in PERIODS[:3])) for kind in ("cases", "repeats", "others")),
    Sum("year.cases", ("year.group", "year.not_group")),
]
DASHBOARD_TOGETHER = [*((f"{p}.repeats", f"{p}.others") for p in PERIODS), ("year.group", "year.not_group")]


@settings(max_examples=100, deadline=None)
@given(
    repeats=st.lists(st.integers(0, 9), min_size=3, max_size=3),
    others=st.lists(st.integers(0, 9), min_size=3, max_size=3),
    group=st.integers(0, 30),
)
def test_it_leaves_no_cell_of_a_table_with_shares_worked_out(repeats: list[int], others: list[int], group: int) -> None:
    values = dashboard_cells(repeats, others, group)

    result = suppress(values, DASHBOARD_SUMS, together=DASHBOARD_TOGETHER)

    assert_nothing_worked_out(values, DASHBOARD_SUMS, result)


def test_it_takes_hidden_counts_as_known_when_the_sums_keep_narrowing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cyclic sums can narrow a range a little on each sweep for as long as the counts are large: past
    MAX_SWEEPS every hidden count is taken as known (so more is hidden), never left as safe."""
    from vawg.marac.rules import suppression

    values = {"a": 3, "b": 40, "total": 43}
    sums = [Sum("total", ("a", "b"))]
    assert suppression.pinned(values, sums, hidden={"a", "b"}, small={"a"}, threshold=T) == frozenset()
    monkeypatch.setattr(suppression, "MAX_SWEEPS", 0)
    assert suppression.pinned(values, sums, hidden={"a", "b"}, small={"a"}, threshold=T) == {"a", "b"}
