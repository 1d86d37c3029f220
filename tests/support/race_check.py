"""Set-up and verdict of the concurrency tests: clients (``race_saver.py`` processes) racing on findings.

:func:`seed` writes a unit, an object and findings to race on; :func:`run_clients` starts the clients
together and collects their JSON lines; :func:`verdict` checks that no save was silently lost:

- every attempt was answered (landed, refused as a conflict, or refused with another message), none crashed;
- the saves that landed on a record were each made from a different version, one after another (1, 2, 3…),
  and the record's version counted exactly those (plus its status moves);
- the stored value is the last landed one, and the audit trail holds one event per landed save whose
  "before" value is the value of the save before it — never a value that was not there;
- every status move in the audit trail is one the lifecycle table allows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from db.domain.enums import FindingStatus
from db.domain.lifecycle import can_move
from db.models import AuditEvent, Finding, Organization, ProtectedObject, RectificationAction

SAVER = Path(__file__).with_name("race_saver.py")
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Seeded:
    shared: int
    own: list[int]
    status: int
    initial: dict[int, tuple[int, str | None]] = field(default_factory=dict)


def seed(ledger: Any, clients: int) -> Seeded:
    """A unit with one object, a finding all clients share, one per client and one to move between states."""
    with ledger.session() as s:
        org = Organization(name="并发测试单位")
        s.add(org)
        s.flush()
        obj = ProtectedObject(name="并发测试系统", organization_id=org.id)
        s.add(obj)
        s.flush()
        made = [Finding(object_id=obj.id, title=f"问题{i}", risk="medium", description="初始") for i in range(clients + 2)]
        s.add_all(made)
        s.flush()
        status = made[-1]
        status.status = FindingStatus.IN_PROGRESS
        s.add(RectificationAction(finding_id=status.id, action="加固配置", evidence="整改报告第3页"))
        s.flush()
        ids = [f.id for f in made]
    with ledger.session(write=False) as s:
        initial = {f.id: (f.row_version, f.description) for f in s.scalars(sa.select(Finding))}
    return Seeded(shared=ids[0], own=ids[1:-1], status=ids[-1], initial=initial)


def run_clients(target: list[str], seeded: Seeded, clients: int, saves: int, tmp: Path,
                *, status: bool = True, timeout: float = 600) -> list[dict[str, Any]]:
    """Start ``clients`` saver processes (``target``: ``--url U`` or ``--db P``), release them together, and
    return every line they printed. A client that exits non-zero fails the test with its stderr."""
    go = tmp / f"go-{time.monotonic_ns()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = []
    for n in range(clients):
        cmd = [sys.executable, str(SAVER), *target, "--client", str(n), "--saves", str(saves),
               "--shared", str(seeded.shared), "--own", str(seeded.own[n % len(seeded.own)]), "--go", str(go)]
        if status:
            cmd += ["--status", str(seeded.status)]
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
    time.sleep(0.5)
    go.touch()
    lines: list[dict[str, Any]] = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, err[-3000:]
        lines += [json.loads(line) for line in out.splitlines() if line.strip()]
    return lines


def verdict(ledger: Any, seeded: Seeded, lines: list[dict[str, Any]], attempted: int) -> dict[str, int]:
    """Assert the properties in the module docstring; return counts (landed, conflicts, refused)."""
    crashed = [ln for ln in lines if ln["result"].startswith("error")]
    assert not crashed, crashed[:5]
    assert len(lines) == attempted, f"{len(lines)} answers for {attempted} attempts"
    landed: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for ln in lines:
        if ln["op"] == "save" and ln["result"] == "ok":
            landed[ln["id"]].append(ln)
    status_moves = sum(1 for ln in lines if ln["op"] == "status" and ln["result"] == "ok")
    with ledger.session(write=False) as s:
        stored = {f.id: f for f in s.scalars(sa.select(Finding))}
        events = list(s.scalars(sa.select(AuditEvent).where(AuditEvent.entity == "findings").order_by(AuditEvent.id)))
    for record_id, (v0, first) in seeded.initial.items():
        if record_id == seeded.status:
            continue
        ok = sorted(landed.get(record_id, []), key=lambda ln: ln["loaded"])
        assert [ln["loaded"] for ln in ok] == list(range(v0, v0 + len(ok))), f"#{record_id}: two saves from one version"
        assert stored[record_id].row_version == v0 + len(ok)
        values = [ln["value"] for ln in ok]
        assert stored[record_id].description == (values[-1] if values else first)
        trail = [e for e in events if e.entity_id == record_id and e.field == "description"]
        assert [json.loads(e.new_value) for e in trail] == values, f"#{record_id}: audit differs from landed saves"
        assert [json.loads(e.old_value) for e in trail] == [first, *values[:-1]], f"#{record_id}: false before"
    moves = [e for e in events if e.entity_id == seeded.status and e.field == "status"]
    for e in moves:
        old, new = FindingStatus(json.loads(e.old_value)), FindingStatus(json.loads(e.new_value))
        assert can_move(old, new), f"forbidden move stored: {old.value}→{new.value}"
    assert len(moves) <= status_moves  # a move to the status it already has stores no event
    if moves:
        assert stored[seeded.status].status.value == json.loads(moves[-1].new_value)
    conflicts = sum(1 for ln in lines if ln["result"] == "conflict")
    refused = sum(1 for ln in lines if ln["result"].startswith("refused"))
    total_landed = sum(len(v) for v in landed.values()) + status_moves
    assert total_landed + conflicts + refused == attempted
    kinds: dict[str, int] = defaultdict(int)
    for ln in lines:
        if ln["result"].startswith("refused"):
            kinds[f'{ln["op"]}:{ln["result"].split()[1]}'] += 1
    return {"landed": total_landed, "conflicts": conflicts, "refused": refused, "status_moves": status_moves,
            **kinds}


def assert_check_passes(report: Any) -> None:
    """``check``'s verdict on what concurrency can break: integrity, foreign keys, the audit chain and the
    trail's coverage of the data (the schema comparison is another subject's, and is printed if it fails)."""
    assert not report.integrity and not report.foreign_keys, report
    assert report.chain is not None and report.chain.ok, report.chain
    assert report.coverage is None or report.coverage.ok, report.coverage
    if not report.ok:
        print("check (schema):", report.schema)
