"""Only the 开办情况汇总表 import step of :mod:`run` (issue 16): the workbook, the calamine floor, the
validated dry run and the real import into a copy, as ratios to the floor.

    .venv/bin/python tests/benchmarks/import_step.py --ledger province.db [--work DIR]

The province ledger is read, never written (the real import goes into a copy in the work folder); it
must exist already (``dengbao-cli --db province.db --no-encryption demo --scale province``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]

import run  # noqa: E402 - the benchmark next to this file


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ledger", type=Path, required=True, help="an existing province ledger (read only)")
    p.add_argument(
        "--work", type=Path, help="folder for the workbook and the copy (default: a temporary one)"
    )
    args = p.parse_args()
    if not args.ledger.is_file():
        print(f"没有找到台账文件：{args.ledger}", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="dengbao-import-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DENGBAO_KEY", run.BENCH_KEY)
    ledger = run.open_ledger(args.ledger.resolve())
    try:
        metrics, info, _book = run.import_metrics(ledger, args.ledger.resolve(), work)
    finally:
        ledger.close()
    run.print_table([m.cells() for m in metrics])
    print(json.dumps(info, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
