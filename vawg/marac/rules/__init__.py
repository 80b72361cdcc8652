"""MARAC rules as pure functions, one module per area (no database, no clock: callers pass the dates in).
Import the module: ``from vawg.marac.rules import meetings``."""
