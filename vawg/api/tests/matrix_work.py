"""Access-matrix entries for "My work" in the API (docs/my-work.md): every member of staff may ask for
their own counts; what each count covers is decided by their permissions and each record's gate."""

from __future__ import annotations

from vawg.core.tests.matrix import STAFF, Rule

API = {"GET /api/v1/me/work": Rule(allowed=STAFF)}
