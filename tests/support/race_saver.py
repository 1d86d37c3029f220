"""A client process for the concurrency tests: saves findings like the window does, a bounded number of times.

    race_saver.py (--url URL | --db PATH) --client N --saves K --shared ID [--own ID] [--status ID] [--seed S]
                  [--go FILE]

Each save loads the finding (one read transaction, as an editor opens its form), then saves a new
``description`` through the window's service path (:func:`desktop.services.records.save`) naming the
``row_version`` it loaded — the shared finding half the time, the client's own finding otherwise. With
``--status`` every third step moves that finding to a random status instead, without naming a version (as
two officers clicking 状态 buttons at once), so only the row lock stands between the race and a forbidden
move. Every attempt prints one JSON line:

    {"client": N, "op": "save"|"status", "id": ID, "value": TEXT, "loaded": V, "result": R}

R is ``ok`` (landed), ``conflict`` (refused as stale: :class:`db.domain.errors.StaleRecordError`),
``refused`` (another refusal the user is told about: lifecycle, timeout), or ``error`` (anything else,
a defect). ``--go FILE``: wait until FILE exists before the first save, so all clients start together.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from db.domain.errors import LedgerError, StaleRecordError  # noqa: E402
from db.domain.lifecycle import TransitionError  # noqa: E402
from db.store.storage import open_ledger  # noqa: E402
from desktop.services import findings, records, views  # noqa: E402

STATES = ("in_progress", "fixed", "verified")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--db")
    parser.add_argument("--client", type=int, required=True)
    parser.add_argument("--saves", type=int, required=True)
    parser.add_argument("--shared", type=int, required=True)
    parser.add_argument("--own", type=int)
    parser.add_argument("--status", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--go")
    args = parser.parse_args()
    rnd = random.Random(args.seed * 1000 + args.client)
    ledger = open_ledger(url=args.url) if args.url else open_ledger(args.db, encryption=False)
    if args.go:
        while not Path(args.go).exists():
            time.sleep(0.01)
    try:
        for step in range(args.saves):
            if args.status is not None and step % 3 == 2:
                _status(ledger, args.client, args.status, rnd.choice(STATES))
                continue
            target = args.shared if args.own is None or rnd.random() < 0.5 else args.own
            _save(ledger, args.client, target, f"c{args.client}-s{step}")
    finally:
        ledger.close()
    return 0


def _emit(**fields: object) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def _save(ledger: object, client: int, record_id: int, value: str) -> None:
    loaded = None
    try:
        form = views.record(ledger, "findings", record_id)
        loaded = form["row_version"]
        records.save(ledger, "findings", record_id, {"description": value}, expected_version=loaded)
        result = "ok"
    except StaleRecordError:
        result = "conflict"
    except (LedgerError, TransitionError) as exc:
        result = f"refused {type(exc).__name__}"
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        result = f"error {type(exc).__name__}: {exc}"
    _emit(client=client, op="save", id=record_id, value=value, loaded=loaded, result=result)


def _status(ledger: object, client: int, record_id: int, state: str) -> None:
    try:
        findings.change_finding_status(ledger, record_id, state, verifier=f"验证人{client}")
        result = "ok"
    except StaleRecordError:
        result = "conflict"
    except (LedgerError, TransitionError) as exc:
        result = f"refused {type(exc).__name__}"
    except Exception as exc:  # noqa: BLE001
        result = f"error {type(exc).__name__}: {exc}"
    _emit(client=client, op="status", id=record_id, value=state, loaded=None, result=result)


if __name__ == "__main__":
    sys.exit(main())
