"""Registries through which apps above audit answer the audit app's questions (ADR 0009).

- ``RECORD_ACCESS_RULES``: object type ("app_label.model") -> rule(user, object_id). The "who has
  accessed this record" page asks the rule for its record type whether the user may see that record's
  accesses (holders of ``audit.view_record_access`` see every record's). The cases app registers rules
  for cases and for their victims' person records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

RECORD_ACCESS_RULES: dict[str, Callable[[Any, str], bool]] = {}
