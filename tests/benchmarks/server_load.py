"""Server load benchmark of 等保台账 (issue 14): saves and list reads of 1, 4 and 16 officers on PostgreSQL.

    python tests/benchmarks/server_load.py [--url URL] [--saves 40] [--units 2000] [--clients 1,4,16]

Not a test: it prints figures. ``--url`` (default ``DENGBAO_TEST_PG_URL``) names a server database the
script may create databases next to; it creates its own (dropped at the end):

1. a small ledger (one unit, one object, one finding per client and one they all share);
2. a province ledger (``demo --scale province``'s writer with ``--units`` units: 10 objects, 20 assessments and
   100 findings each — 2,000 units is the full 200,000-finding province).

On each, for every client count, that many processes start together; each repeats ``--saves`` times: open a
finding (read), save a new description naming the version it read (its own finding, every 8th time the
shared one), and load the 问题整改 list's first page. Printed per row: saves landed per second from the first
client's first save to the last client's last page, p50/p95 of one save (read + write) and of one list page in ms, conflicts (stale saves refused) and
other refusals.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

TODAY = date(2026, 11, 30)


def _worker(url: str, own: int, shared: int, saves: int, go: str, client: int) -> None:
    from db.domain.errors import LedgerError, StaleRecordError
    from db.repo.list_types import ListQuery
    from db.store.storage import open_ledger
    from desktop.services import records, views

    ledger = open_ledger(url=url, migrate=False)
    while not Path(go).exists():
        time.sleep(0.005)
    out: dict[str, Any] = {"save_ms": [], "list_ms": [], "conflicts": 0, "refused": 0, "landed": 0}
    out["first"] = time.time()
    for step in range(saves):
        target = shared if step % 8 == 7 else own
        t0 = time.perf_counter()
        try:
            version = views.record(ledger, "findings", target)["row_version"]
            records.save(ledger, "findings", target, {"description": f"c{client}-s{step}"}, expected_version=version)
            out["landed"] += 1
        except StaleRecordError:
            out["conflicts"] += 1
        except LedgerError:
            out["refused"] += 1
        out["save_ms"].append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        views.list_first_page(ledger, "findings", ListQuery(today=TODAY), 100)
        out["list_ms"].append((time.perf_counter() - t0) * 1000)
    out["last"] = time.time()
    ledger.close()
    print(json.dumps(out))


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _round(url: str, findings: list[int], shared: int, clients: int, saves: int, work: Path) -> dict[str, Any]:
    go = work / f"go-{uuid.uuid4().hex}"
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", url, str(findings[n % len(findings)]), str(shared), str(saves),
             str(go), str(n)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in range(clients)
    ]
    time.sleep(1.0 + 0.15 * clients)  # every client has opened the ledger
    go.touch()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=1800)
        if p.returncode != 0:
            raise SystemExit(err[-2000:])
        results.append(json.loads(out.strip().splitlines()[-1]))
    # from the first client's first save to the last client's last list page (process start and exit left out)
    wall = max(r["last"] for r in results) - min(r["first"] for r in results)
    save_ms = [v for r in results for v in r["save_ms"]]
    list_ms = [v for r in results for v in r["list_ms"]]
    landed = sum(r["landed"] for r in results)
    return {
        "clients": clients, "saves_per_s": landed / wall if wall else 0.0,
        "save_p50": _p(save_ms, 0.5), "save_p95": _p(save_ms, 0.95),
        "list_p50": _p(list_ms, 0.5), "list_p95": _p(list_ms, 0.95),
        "landed": landed, "conflicts": sum(r["conflicts"] for r in results),
        "refused": sum(r["refused"] for r in results),
    }


def _targets(ledger: Any, clients: int) -> tuple[list[int], int]:
    from db.models import Finding

    with ledger.session(write=False) as s:
        ids = list(s.scalars(sa.select(Finding.id).order_by(Finding.id).limit(clients + 1)))
    return ids[1:], ids[0]


def _small(ledger: Any, clients: int) -> None:
    from desktop.services import records

    org = records.save(ledger, "organizations", None, {"name": "负载测试单位"})
    obj = records.save(ledger, "protected_objects", None, {"organization_id": org, "name": "负载测试系统"})
    for n in range(clients + 1):
        records.save(ledger, "findings", None, {"object_id": obj, "title": f"问题{n}", "risk": "medium"})


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        url, own, shared, saves, go, client = sys.argv[2:8]
        _worker(url, int(own), int(shared), int(saves), go, int(client))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("DENGBAO_TEST_PG_URL"))
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--work", type=Path, default=Path("/tmp") if os.name != "nt" else Path.cwd())
    args = parser.parse_args()
    if not args.url:
        print("DENGBAO_TEST_PG_URL or --url is needed: no PostgreSQL server named")
        return 2
    from db.demo.province import build_province
    from db.store.storage import open_ledger

    counts = [int(c) for c in args.clients.split(",")]
    admin = sa.create_engine(args.url, isolation_level="AUTOCOMMIT")
    print(f"{'ledger':<10} {'clients':>7} {'saves/s':>8} {'save p50':>9} {'save p95':>9} {'list p50':>9} "
          f"{'list p95':>9} {'landed':>7} {'conflict':>8} {'refused':>7}")
    for kind in ("small", "province"):
        name = f"dengbao_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = sa.engine.make_url(args.url).set(database=name).render_as_string(hide_password=False)
        try:
            ledger = open_ledger(url=url)
            t0 = time.perf_counter()
            if kind == "small":
                _small(ledger, max(counts))
            else:
                build_province(ledger, today=TODAY, units=args.units)
                print(f"(province ledger: {args.units} units written in {time.perf_counter() - t0:.0f} s)")
            findings, shared = _targets(ledger, max(counts))
            ledger.close()
            for clients in counts:
                r = _round(url, findings, shared, clients, args.saves, args.work)
                print(f"{kind:<10} {r['clients']:>7} {r['saves_per_s']:>8.1f} {r['save_p50']:>7.1f}ms "
                      f"{r['save_p95']:>7.1f}ms {r['list_p50']:>7.1f}ms {r['list_p95']:>7.1f}ms {r['landed']:>7} "
                      f"{r['conflicts']:>8} {r['refused']:>7}", flush=True)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
