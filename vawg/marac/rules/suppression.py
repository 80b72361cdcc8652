"""Small-number suppression for aggregate views, primary and secondary (docs/marac.md#small-number-suppression).

Cells are named whole-number counts. A ``Sum`` says one cell is the sum of others: the rolling 12
months and its four quarters, a period's cases and its repeat plus non-repeat cases. Cells in one
``together`` group are shown or hidden as one (a share shows both its part and the rest).

- Primary: a count from 1 to ``threshold - 1`` is hidden. 0 is shown: it identifies nobody.
- Secondary: while a reader could work a hidden non-zero count out to a single value, one more cell
  of a sum it is in is hidden: the smallest non-zero shown part, else the total; when every cell is
  already hidden, the count no longer reads "fewer than 5" but only "suppressed".

The reader this protects against knows every figure shown, the threshold, which hidden counts read
"fewer than 5" (1 to threshold - 1), that every other hidden count is a whole number of at least 1
(a hidden 0 counts as known: it identifies nobody), and every sum. They narrow each hidden cell's
range sum by sum (``reader_ranges``): one hidden part, two small parts adding up to 2, or a chain
of sums leaving one value all pin a cell.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from vawg.marac import config

Range = tuple[float, float]


@dataclass(frozen=True)
class Sum:
    """``total`` is the sum of ``parts`` (cell names)."""

    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Suppression:
    small: frozenset[str]  # hidden because the count is from 1 to threshold - 1
    hidden: frozenset[str]  # everything hidden: the small counts and the secondary cells


def is_small(count: int, threshold: int | None = None) -> bool:
    """A count from 1 to threshold - 1 could identify someone (0 is shown)."""
    return 1 <= count < (config.SUPPRESSION_THRESHOLD if threshold is None else threshold)


# Sweeps over the sums before the reader's ranges are taken as settled (see reader_ranges).
MAX_SWEEPS = 50


def reader_range(value: int, *, small: bool, threshold: int) -> Range:
    """What the reader knows of a hidden cell (``value`` only tells which kind of hidden cell it is)."""
    if small:
        return (1, threshold - 1)
    if value == 0:
        return (0, 0)
    return (1, math.inf)


def _signs(total: Sum) -> dict[str, int]:
    return {total.total: -1, **dict.fromkeys(total.parts, 1)}  # parts - total = 0


def reader_ranges(
    values: Mapping[str, int], sums: Iterable[Sum], *, hidden: Iterable[str], small: Iterable[str], threshold: int
) -> dict[str, Range]:
    """Each hidden cell's range as the reader narrows it, sum by sum, until nothing narrows further."""
    small = set(small)
    ranges = {cell: reader_range(values[cell], small=cell in small, threshold=threshold) for cell in hidden}
    equations = [_signs(total) for total in sums]
    changed = True
    sweeps = 0
    while changed:
        sweeps += 1
        if sweeps > MAX_SWEEPS:
            # Cyclic sums can narrow a range by a little on each sweep, for as many sweeps as the counts are
            # large. Rather than wait, take every hidden count as known: safe, as more is hidden.
            return {cell: (values[cell], values[cell]) for cell in ranges}
        changed = False
        for signs in equations:
            unknown = [cell for cell in signs if cell in ranges]
            known = sum(signs[cell] * values[cell] for cell in signs if cell not in ranges)
            for cell in unknown:
                others = [_signed(ranges[other], signs[other]) for other in unknown if other != cell]
                # signs[cell] * x = -known - (the others)
                low = -known - sum(high for _, high in others)
                high = -known - sum(low for low, _ in others)
                if signs[cell] < 0:
                    low, high = -high, -low
                old_low, old_high = ranges[cell]
                new = (max(old_low, low), min(old_high, high))
                if new[0] > new[1]:
                    new = (new[0], new[0])  # inconsistent figures: treat the cell as known
                if new != (old_low, old_high):
                    ranges[cell] = new
                    changed = True
    return ranges


def _signed(bounds: Range, sign: int) -> Range:
    low, high = bounds
    return (low, high) if sign > 0 else (-high, -low)


def pinned(
    values: Mapping[str, int], sums: Iterable[Sum], *, hidden: Iterable[str], small: Iterable[str], threshold: int
) -> frozenset[str]:
    """Hidden non-zero cells the reader can narrow to a single value."""
    ranges = reader_ranges(values, sums, hidden=hidden, small=small, threshold=threshold)
    return frozenset(cell for cell, (low, high) in ranges.items() if values[cell] and low >= high)


def suppress(
    values: Mapping[str, int],
    sums: Iterable[Sum],
    *,
    together: Iterable[Iterable[str]] = (),
    threshold: int | None = None,
) -> Suppression:
    """The cells to hide so that no hidden non-zero count can be worked out from the sums."""
    threshold = config.SUPPRESSION_THRESHOLD if threshold is None else threshold
    sums, groups = list(sums), [frozenset(group) for group in together]
    small = {cell for cell, value in values.items() if is_small(value, threshold)}
    hidden: set[str] = set()

    def hide(cell: str) -> None:
        hidden.add(cell)
        for group in groups:
            if hidden & group:
                hidden.update(group)

    for cell in sorted(small):
        hide(cell)
    while _protect_one(values, sums, hidden=hidden, small=small, threshold=threshold, hide=hide):
        pass
    return Suppression(small=frozenset(small), hidden=frozenset(hidden))


def _protect_one(
    values: Mapping[str, int],
    sums: list[Sum],
    *,
    hidden: set[str],
    small: set[str],
    threshold: int,
    hide: Callable[[str], None],
) -> bool:
    """Hide one more cell (or drop one "fewer than 5" reading) for a pinned cell; False when none is pinned."""
    found = pinned(values, sums, hidden=hidden, small=small, threshold=threshold)
    for cell in sorted(found):
        around = [total for total in sums if cell in _signs(total)]
        parts = sorted(
            (values[part], part) for total in around for part in total.parts if part not in hidden and values[part]
        )
        totals = sorted(total.total for total in around if total.total not in hidden)
        if parts or totals:
            hide(parts[0][1] if parts else totals[0])
            return True
    # Every cell around them is hidden already: drop a "fewer than 5" reading, a total's first.
    readings = sorted(found & small, key=lambda cell: (not any(total.total == cell for total in sums), cell))
    if readings:
        small.discard(readings[0])
        return True
    return False
