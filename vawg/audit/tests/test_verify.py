"""audit_verify finds every kind of tampering, and names the first broken entry."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.audit.services import verify_chain
from vawg.audit.tests.conftest import build_chain, raw

pytestmark = pytest.mark.usefixtures("tamperable")


def run_verify(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def first_broken_seq() -> int | None:
    problem = verify_chain()
    return None if problem is None else problem.seq


def test_it_verifies_an_intact_chain_and_prints_its_head(chain: Callable[[int], list[AuditEntry]]) -> None:
    entries = chain(12)

    code, out, _ = run_verify()

    assert code == 0
    assert "Audit log verified: 12 entries, chain intact." in out
    assert f"Head: 12 {entries[-1].entry_hash}" in out


def test_it_verifies_an_empty_log(db: None) -> None:
    code, out, _ = run_verify()
    assert code == 0
    assert "Audit log verified: 0 entries, chain intact." in out


def test_it_finds_an_edited_entry(chain: Callable[[int], list[AuditEntry]]) -> None:
    entries = chain(10)
    raw("UPDATE audit_auditentry SET purpose = %s WHERE seq = 6", ["a different purpose"])

    code, out, err = run_verify()

    assert code == 1
    assert f"Audit log BROKEN at entry #6 (id {entries[5].pk}): content does not match its hash" in err
    assert "verified" not in out


def test_it_finds_a_deleted_entry(chain: Callable[[int], list[AuditEntry]]) -> None:
    entries = chain(10)
    raw("DELETE FROM audit_auditentry WHERE seq = 4")

    code, _, err = run_verify()

    assert code == 1
    assert f"Audit log BROKEN at entry #5 (id {entries[4].pk}): expected entry 4 here, found 5" in err


def test_it_finds_an_inserted_forged_entry(chain: Callable[[int], list[AuditEntry]]) -> None:
    entries = chain(10)
    # Make room at seq 4 (two steps, so the unique index never sees a clash), then forge an entry there
    # that links to entry 3 as a real one would.
    raw("UPDATE audit_auditentry SET seq = -seq WHERE seq >= 4")
    raw("UPDATE audit_auditentry SET seq = 1 - seq WHERE seq < 0")
    forged = AuditEntry(
        seq=4,
        at=entries[3].at,
        action="test.entry.forge",
        system_job="test_job",
        prev_hash=entries[2].entry_hash,
        entry_hash=secrets.token_hex(32),
    )
    forged.save()

    code, _, err = run_verify()

    assert code == 1
    assert f"Audit log BROKEN at entry #4 (id {forged.pk}): content does not match its hash" in err


def test_it_finds_two_reordered_entries(chain: Callable[[int], list[AuditEntry]]) -> None:
    entries = chain(10)
    raw("UPDATE audit_auditentry SET seq = -1 WHERE seq = 3")
    raw("UPDATE audit_auditentry SET seq = 3 WHERE seq = 7")
    raw("UPDATE audit_auditentry SET seq = 7 WHERE seq = -1")

    code, _, err = run_verify()

    assert code == 1
    # Position 3 now holds what was entry 7.
    assert f"Audit log BROKEN at entry #3 (id {entries[6].pk})" in err


def test_it_finds_a_truncated_tail_against_the_anchored_head(chain: Callable[[int], list[AuditEntry]]) -> None:
    entries = chain(10)
    anchor = f"10:{entries[-1].entry_hash}"
    assert run_verify("--expect-head", anchor)[0] == 0
    raw("DELETE FROM audit_auditentry WHERE seq > 7")

    plain_code, plain_out, _ = run_verify()
    code, _, err = run_verify("--expect-head", anchor)

    assert plain_code == 0 and "7 entries, chain intact" in plain_out  # without the anchor it cannot tell
    assert code == 1
    assert "Audit log BROKEN at entry #10 (id none): the anchored head is missing: the log holds 7 entries" in err


def test_it_finds_a_replaced_log_against_the_anchored_head(chain: Callable[[int], list[AuditEntry]]) -> None:
    entries = chain(5)
    anchor = f"3:{entries[2].entry_hash}"
    raw("DELETE FROM audit_auditentry")
    replacement = build_chain(5)  # a whole new, self-consistent log written with the key

    code, _, err = run_verify("--expect-head", anchor)

    assert code == 1
    assert f"Audit log BROKEN at entry #3 (id {replacement[2].pk}): its hash differs from the anchored head" in err


def test_it_accepts_an_anchor_behind_the_current_head(chain: Callable[[int], list[AuditEntry]]) -> None:
    entries = chain(6)
    code, out, _ = run_verify("--expect-head", f"4:{entries[3].entry_hash.upper()}")
    assert code == 0 and "6 entries, chain intact" in out


@pytest.mark.parametrize("anchor", ["", "10", "x:abc", "0:" + "a" * 64, "3:" + "g" * 64, "3:" + "a" * 63])
def test_it_refuses_a_malformed_anchor(db: None, anchor: str) -> None:
    with pytest.raises(CommandError, match="SEQ:HASH"):
        call_command("audit_verify", "--expect-head", anchor, stdout=StringIO())


class _UndoError(Exception):
    """Raised to roll one trial's tampering back."""


EDITABLE = {
    "action": "'test.other'",
    "actor_label": "'mallory@example.invalid'",
    "system_job": "'another_job'",
    "object_type": "'cases.case'",
    "object_id": "'someone-else'",
    "agency_id": "'agency-x'",
    "purpose": "'made up'",
    "ip": "'203.0.113.66'",
    "details": "'{\"n\": -1}'",
    "at": "'2001-01-01 00:00:00'",
    "prev_hash": "'" + "f" * 64 + "'",
    "entry_hash": "'" + "e" * 64 + "'",
}


def _tamper(rng: random.Random, length: int) -> tuple[str, int]:
    """Damage the chain in one random way; return what was done and the seq verify must report."""
    kind = rng.choice(["edit", "delete", "insert", "append", "reorder"])
    if kind == "edit":
        seq, field = rng.randint(1, length), rng.choice(sorted(EDITABLE))
        raw(f"UPDATE audit_auditentry SET {field} = {EDITABLE[field]} WHERE seq = %s", [seq])  # noqa: S608 (fixed values)
        return f"edit {field} of #{seq}", seq
    if kind == "delete":
        seq = rng.randint(1, length - 1)  # deleting the last entry is truncation: see the anchored-head tests
        raw("DELETE FROM audit_auditentry WHERE seq = %s", [seq])
        return f"delete #{seq}", seq + 1
    if kind in ("insert", "append"):
        seq = rng.randint(1, length) if kind == "insert" else length + 1
        raw("UPDATE audit_auditentry SET seq = -seq WHERE seq >= %s", [seq])
        raw("UPDATE audit_auditentry SET seq = 1 - seq WHERE seq < 0")
        previous = AuditEntry.objects.filter(seq=seq - 1).values_list("entry_hash", flat=True).first()
        AuditEntry(
            seq=seq,
            at=AuditEntry.objects.get(seq=1).at,
            action="test.entry.forge",
            system_job="test_job",
            prev_hash=previous or "0" * 64,
            entry_hash=secrets.token_hex(32),
        ).save()
        return f"{kind} forged #{seq}", seq
    first, second = sorted(rng.sample(range(1, length + 1), 2))
    raw("UPDATE audit_auditentry SET seq = -1 WHERE seq = %s", [first])
    raw("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", [first, second])
    raw("UPDATE audit_auditentry SET seq = %s WHERE seq = -1", [second])
    return f"swap #{first} and #{second}", first


def test_it_reports_the_exact_first_broken_entry_over_random_tampering(idva_a: User) -> None:
    length, trials, seed = 30, 200, 20261127
    build_chain(length, actor=idva_a)
    assert first_broken_seq() is None
    rng = random.Random(seed)
    missed: list[str] = []
    for trial in range(trials):
        try:
            with transaction.atomic():
                done, expected = _tamper(rng, length)
                found = first_broken_seq()
                if found != expected:
                    missed.append(f"trial {trial} ({done}): expected #{expected}, verify reported {found}")
                raise _UndoError
        except _UndoError:
            pass
    assert first_broken_seq() is None
    assert not missed, f"seed {seed}: " + "; ".join(missed)
