"""``python -m desktop.cli``: the same program as ``dengbao-cli``."""

from __future__ import annotations

from desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
