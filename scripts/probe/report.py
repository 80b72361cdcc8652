"""The probe's output: one PASS or FAIL line per probe, and the run's results."""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str


RESULTS: list[Outcome] = []


def report(name: str, ok: bool, detail: str) -> None:
    RESULTS.append(Outcome(name, ok, detail))
    out(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def say(text: str) -> None:
    out(f"probe: {text}")


class ProbeError(Exception):
    """A probe could not go on; its message is the FAIL reason."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise ProbeError(message)


def run_probe(name: str, probe: Callable[[], str]) -> None:
    """Run one probe: PASS with what it returns, FAIL with the reason it raised."""
    started = time.monotonic()
    try:
        detail = probe()
    except ProbeError as exc:
        report(name, False, str(exc))
    except Exception as exc:  # a crash in a probe is a failure of that probe, not of the run
        where = traceback.extract_tb(exc.__traceback__)[-1]
        source = os.path.basename(where.filename)
        report(name, False, f"error: {type(exc).__name__}: {exc} ({source} line {where.lineno})")
    else:
        report(name, True, f"{detail} [{time.monotonic() - started:.1f}s]")
