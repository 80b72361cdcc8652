"""Identity resolution benchmarks (docs/identity-resolution.md): ``manage.py link_people`` on generated
police and service extracts with known truth.

For each size in ``sizes`` (default 100,000 and 1,000,000 records a side) the generator
(vawg/intelligence/linkage/generate.py, fixed seed) writes the two extracts to a temporary folder; then
``link_people`` runs in a child process, as an operator would run it, with the default threshold. Reported:
seconds of the command (generation apart), peak memory of that process (its maximum resident set), the
pairs written, and precision, recall and F1 against the truth. Also FEBRL 4 (5,000 x 5,000) with and
without the twin guard.

Run alone: ``python -m bench.linkage 100000`` (sizes as arguments).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _child_env() -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "vawg.settings_test")}


def run_command(left: Path, right: Path, output: Path, *extra: str) -> tuple[float, float, str]:
    """Run link_people in a child process: (seconds, peak memory in MiB, what it printed)."""
    command = [sys.executable, str(ROOT / "manage.py"), "link_people", "--left", str(left), "--right", str(right)]
    command += ["--output", str(output), *extra]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=_child_env(), stdout=out, stderr=err)  # noqa: S603 (our own interpreter and manage.py, paths we made)
        _, status, usage = os.wait4(child.pid, 0)  # the child's own peak memory, which Popen.wait does not give
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        printed, errors = out.read(), err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"link_people failed: {(printed + errors)[-500:]}")
    return seconds, usage.ru_maxrss / 1024, printed  # ru_maxrss is in KiB on Linux


def _found(output: Path) -> Any:
    import pandas as pd

    with output.open(newline="") as stream:
        return pd.DataFrame(list(csv.DictReader(stream)), columns=["left_id", "right_id", "match_probability"])


def bench_size(size: int) -> dict[str, Any]:
    from vawg.intelligence.linkage.generate import generate
    from vawg.intelligence.linkage.model import f1_scores

    started = time.perf_counter()
    extracts = generate(size)
    generated = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="bench-linkage-") as folder:
        left, right, output = Path(folder, "left.csv"), Path(folder, "right.csv"), Path(folder, "links.csv")
        extracts.left.to_csv(left, index=False)
        extracts.right.to_csv(right, index=False)
        seconds, peak, _ = run_command(left, right, output)
        scores = f1_scores(_found(output), extracts.truth)
    result = {
        "records_a_side": size,
        "generate_seconds": round(generated, 1),
        "seconds": round(seconds, 1),
        "peak_memory_mib": round(peak),
        "pairs_written": scores["found"],
        "true_pairs": scores["true"],
        "precision": round(scores["precision"], 4),
        "recall": round(scores["recall"], 4),
        "f1": round(scores["f1"], 4),
    }
    print(f"  link_people {size:,} x {size:,}: {result}")
    return result


def bench_febrl() -> dict[str, Any]:
    from vawg.intelligence.linkage.febrl import febrl4
    from vawg.intelligence.linkage.model import f1_scores

    data = febrl4()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-febrl-") as folder:
        left, right, output = Path(folder, "4a.csv"), Path(folder, "4b.csv"), Path(folder, "links.csv")
        data.left.to_csv(left, index=False)
        data.right.to_csv(right, index=False)
        for label, extra in (("twin_guard_on", ()), ("twin_guard_off", ("--no-twin-guard",))):
            seconds, peak, _ = run_command(left, right, output, *extra)
            scores = f1_scores(_found(output), data.truth)
            results[label] = {
                "seconds": round(seconds, 1),
                "peak_memory_mib": round(peak),
                **{key: round(value, 4) for key, value in scores.items() if key in ("precision", "recall", "f1")},
            }
            print(f"  link_people FEBRL 4 ({label}): {results[label]}")
    return results


def bench_linkage(sizes: list[int]) -> dict[str, Any]:
    from vawg.intelligence.linkage import config

    print(f"Identity resolution (model {config.MODEL_VERSION}, threshold {config.DEFAULT_THRESHOLD}):")
    figures: dict[str, Any] = {"linkage_febrl4": bench_febrl()}
    for size in sizes:
        figures[f"linkage_generated_{size}"] = bench_size(size)
    return figures


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vawg.settings_test")
    django.setup()
    bench_linkage([int(size) for size in sys.argv[1:]] or [100_000])
