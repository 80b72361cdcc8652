"""``/api/v1/justice``: the attrition funnel."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Justice"])
