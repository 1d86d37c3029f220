"""How long do writers wait for each other on the audit chain? (Run by hand; not a test.)

    .venv/bin/python tests/benchmarks/audit_contention.py postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Two throwaway databases on the server: a plain server ledger, where each client links its events into
the chain itself (``SELECT … FOR UPDATE`` on ``audit_head`` from its first write to its commit), and one set
up by ``server init``, where the database links them at commit. ``--clients`` threads each save
``--saves`` times; every save writes a record, spends ``--think`` ms inside the transaction (a form's
second write, a slow network), then writes another. Printed: saves/s for each, and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from db.models import Organization  # noqa: E402
from db.store import server_admin  # noqa: E402
from db.store.storage import open_ledger  # noqa: E402


def _run(url: str, clients: int, saves: int, think: float) -> float:
    ledger = open_ledger(url=url)
    ledger.engine.dispose()
    ledger = open_ledger(url=url)
    barrier = threading.Barrier(clients)
    errors: list[BaseException] = []

    def client(n: int) -> None:
        try:
            barrier.wait()
            for i in range(saves):
                with ledger.session() as s:
                    s.add(Organization(name=f"客户{n}-{i}"))
                    s.flush()
                    time.sleep(think)
                    s.add(Organization(name=f"客户{n}-{i}-b"))
        except BaseException as exc:  # noqa: BLE001 - reported
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    ledger.close()
    if errors:
        raise errors[0]
    return clients * saves / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url", help="a privileged server URL (creates and drops two databases)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--saves", type=int, default=15)
    parser.add_argument("--think", type=float, default=20.0, help="ms spent inside each save's transaction")
    args = parser.parse_args()
    admin = sa.create_engine(args.url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    results = {}
    for mode in ("client-chained", "server-chained"):
        name = f"dengbao_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = sa.make_url(args.url).set(database=name).render_as_string(hide_password=False)
        try:
            open_ledger(url=url).close()
            if mode == "server-chained":
                engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
                server_admin.init(engine)
                engine.dispose()
            results[mode] = _run(url, args.clients, args.saves, args.think / 1000)
        finally:
            from db.store.server_sql import ROLE_KINDS, group_role

            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                for kind in ROLE_KINDS:
                    conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{group_role(name, kind)}"')
        print(f"{mode:15s} {args.clients} clients, {args.think:.0f} ms inside each save: {results[mode]:7.1f} saves/s")
    print(f"ratio server/client-chained: {results['server-chained'] / results['client-chained']:.1f}x")


if __name__ == "__main__":
    main()
