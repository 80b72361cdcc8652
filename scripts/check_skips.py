"""Fail unless every test skipped in one CI run passed in another.

CI runs the suite twice (SQLite, then PostgreSQL). PostgreSQL-only tests skip in
the SQLite run and must pass in the PostgreSQL run; nothing else may skip at all.
Usage: python scripts/check_skips.py var/ci/sqlite.xml var/ci/postgres.xml
Reads the JUnit XML files pytest writes with --junitxml. Standard library only.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

PASSED, SKIPPED, FAILED, XFAILED = "passed", "skipped", "failed", "xfailed"


def outcomes(path: Path) -> dict[str, tuple[str, str]]:
    """Test id -> (outcome, message) for every test case in one JUnit XML file."""
    results: dict[str, tuple[str, str]] = {}
    for case in ET.parse(path).getroot().iter("testcase"):  # noqa: S314
        test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
        outcome, message = PASSED, ""
        for child in case:
            if child.tag in {"failure", "error"}:
                outcome, message = FAILED, child.get("message", "")
                break
            if child.tag == "skipped":
                kind = XFAILED if child.get("type") == "pytest.xfail" else SKIPPED
                outcome, message = kind, child.get("message", "")
        results[test_id] = (outcome, message)
    return results


def problems(runs: dict[str, dict[str, tuple[str, str]]]) -> list[str]:
    found: list[str] = []
    for run_name, results in runs.items():
        for test_id, (outcome, reason) in sorted(results.items()):
            if outcome != SKIPPED:
                continue
            passed_elsewhere = any(
                res.get(test_id, ("", ""))[0] == PASSED for other, res in runs.items() if other != run_name
            )
            if not passed_elsewhere:
                found.append(f"{test_id}: skipped in {run_name} ({reason}) and passed in no other run")
    return found


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        sys.stderr.write(__doc__ or "")
        return 2
    runs = {Path(name).stem: outcomes(Path(name)) for name in argv[1:]}
    skipped = sum(1 for results in runs.values() for outcome, _ in results.values() if outcome == SKIPPED)
    found = problems(runs)
    if found:
        sys.stderr.write(f"{len(found)} test(s) skipped without running anywhere:\n")
        for line in found:
            sys.stderr.write(f"  {line}\n")
        return 1
    totals = ", ".join(f"{name}: {len(results)} tests" for name, results in runs.items())
    sys.stdout.write(f"Skip check passed ({totals}; {skipped} skip(s), each passed in the other run).\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
