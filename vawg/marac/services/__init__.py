"""MARAC writes, one module per area (house style: keyword-only typed ``<entity>_<verb>()`` functions,
``transaction.atomic``, ``full_clean()`` and an explicit audit entry). Import from the module:
``from vawg.marac.services.meetings import meeting_schedule``."""
