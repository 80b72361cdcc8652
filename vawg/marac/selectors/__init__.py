"""Typed, access-checked MARAC reads, one module per area. Every public function is re-exported here:
``from vawg.marac import selectors``."""

from vawg.marac.selectors.returns import (
    return_data,
    return_for,
)

__all__ = [
    "return_data",
    "return_for",
]
