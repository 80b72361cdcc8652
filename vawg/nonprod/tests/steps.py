"""Leave the later parts of the demo seed out of a test that is not about them.

Each part is checked by its own module, over one seed made for it (its second run included): the
MARAC history by test_demo_marac_determinism.py and test_seed_demo_full.py; safe accommodation by
test_demo_provision.py; people causing harm, orders and programmes by
test_demo_intelligence.py. The whole demo together, at full size, is seeded by the black-box probe
in CI (scripts/probe/). Leaving them out keeps the partnership and casework tests fast.
"""

from __future__ import annotations

from typing import Any

import pytest

from vawg.nonprod.demo.intelligence import IntelligenceReport

# The seed's steps after the casework, in the order demo_data_seed runs them; and those after MARAC.
LATER_STEPS = ("marac", "provision", "intelligence", "justice", "programmes")
AFTER_MARAC = LATER_STEPS[1:]


def _nothing(**kwargs: Any) -> dict[str, int]:
    return {}


def _no_intelligence(**kwargs: Any) -> IntelligenceReport:
    return IntelligenceReport()


def leave_out(patch: pytest.MonkeyPatch, *steps: str) -> None:
    """Replace each named step of ``demo_data_seed`` (one of ``LATER_STEPS``) with one that makes nothing."""
    for step in steps:
        if step not in LATER_STEPS:
            raise ValueError(f"{step} is not a later step of the demo seed ({', '.join(LATER_STEPS)})")
        stub = _no_intelligence if step == "intelligence" else _nothing
        patch.setattr(f"vawg.nonprod.services.seed_{step}", stub)
