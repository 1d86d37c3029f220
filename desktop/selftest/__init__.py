"""``dengbao --self-test``: prove that this installation (frozen or from source) has what it needs.

    dengbao --self-test [--self-test-log FILE]
    python -m desktop.selftest [--log FILE]

Everything happens in a temporary folder with a throwaway key: ``DENGBAO_KEY``, ``DENGBAO_DB_URL``
and ``DENGBAO_PORTABLE_DIR`` point there while the test runs and Qt settings go to an INI file
there, so the user's ledger, settings and keyring entries are never read or written (the keyring
step only asks which backend is in use).

One line per step, ``OK``/``WARN``/``FAIL name: detail``; the exit status is 0 only when every
required step passed. A ``WARN`` is reported but does not fail (e.g. no keyring backend on a
Linux build machine, no PostgreSQL driver).

- :mod:`~desktop.selftest.context`: the run's context, isolation, the throwaway keyring;
- :mod:`~desktop.selftest.bundle`, :mod:`~desktop.selftest.storage`, :mod:`~desktop.selftest.documents`,
  :mod:`~desktop.selftest.qt`: the steps, by subject;
- :mod:`~desktop.selftest.runner`: their order, the run and the command-line entry.
"""

from __future__ import annotations

from desktop.selftest.context import Context, StepResult, ThrowawayKeyring, Warn, isolated
from desktop.selftest.qt import qsettings_restorer
from desktop.selftest.runner import STEPS, main, run_self_test

__all__ = [
    "STEPS",
    "Context",
    "StepResult",
    "ThrowawayKeyring",
    "Warn",
    "isolated",
    "main",
    "qsettings_restorer",
    "run_self_test",
]
