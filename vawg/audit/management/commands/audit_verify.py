"""``manage.py audit_verify [--expect-head SEQ:HASH]``: check the audit log's hash chain.

Prints "Audit log verified: N entries, chain intact." and the head ("Head: <seq>
<hash>") and exits 0; or prints "Audit log BROKEN at entry #<seq> (id <id>):
<reason>" and exits 1. Record the head somewhere the application cannot write;
``--expect-head`` with a recorded head then also finds a truncated or replaced log.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vawg.audit.services import ChainProblem, check_anchored_head, walk_chain

_HEAD = re.compile(r"^(?P<seq>[1-9][0-9]*):(?P<hash>[0-9a-f]{64})$")


def parse_head(value: str) -> tuple[int, str]:
    match = _HEAD.match(value.strip().lower())
    if match is None:
        raise CommandError("--expect-head must look like SEQ:HASH, for example 1234:<64 hex characters>.")
    return int(match["seq"]), match["hash"]


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and print its head."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="SEQ:HASH",
            help="a head printed by an earlier run: the log must still hold that entry with that hash",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=5000, help="entries read from the database at a time (default 5000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = parse_head(options["expect_head"]) if options["expect_head"] is not None else None
        report = walk_chain(chunk_size=options["chunk_size"])
        problem = report.problem
        if problem is None and anchor is not None:
            problem = check_anchored_head(*anchor)
        if problem is not None:
            self._broken(problem, report.count)
        self.stdout.write(f"Audit log verified: {report.count} entries, chain intact.")
        self.stdout.write(f"Head: {report.head_seq} {report.head_hash}")

    def _broken(self, problem: ChainProblem, intact: int) -> None:
        entry_id = problem.entry_id if problem.entry_id is not None else "none"
        self.stderr.write(f"Audit log BROKEN at entry #{problem.seq} (id {entry_id}): {problem.reason}")
        self.stderr.write(f"The first {intact} entries are intact.")
        sys.exit(1)
