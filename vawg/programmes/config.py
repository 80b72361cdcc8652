"""Permissions and parameters of behaviour-change programmes (docs/programmes.md).

The attendance rule's numbers are each programme's own (``Programme.max_missed`` and
``max_missed_in_a_row``): the defaults below are what a new programme starts with, a provider's choice
rather than a national standard (UNCONFIRMED: no public standard fixes them).
"""

from __future__ import annotations

RUN_PROGRAMMES = "programmes.run_programmes"
REFER_TO_PROGRAMME = "programmes.refer_to_programme"

# A new programme's attendance rule (docs/programmes.md#attendance-rule).
DEFAULT_MAX_MISSED = 3
DEFAULT_MAX_MISSED_IN_A_ROW = 2


# A queue page's length.
QUEUE_PAGE_SIZE = 50
