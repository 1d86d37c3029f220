"""``python -m desktop.selftest [--log FILE]``."""

from __future__ import annotations

import sys

from desktop.selftest import main

if __name__ == "__main__":
    sys.exit(main())
