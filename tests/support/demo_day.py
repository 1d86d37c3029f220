"""The day the demonstration ledger is built as of, so tests do not depend on the clock."""

from datetime import date

DEMO_TODAY = date(2026, 11, 21)
