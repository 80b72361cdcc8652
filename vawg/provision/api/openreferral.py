"""API operations: openreferral."""

from __future__ import annotations

from ninja import Router

router = Router()
