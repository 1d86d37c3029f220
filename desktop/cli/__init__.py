"""``dengbao-cli``: headless commands on the ledger (``python -m desktop.cli`` runs it too).

- :mod:`desktop.cli.program`: the parser, running one command, exit codes and one-line errors;
- :mod:`desktop.cli.support`: Chinese ``argparse``, argument types, where the ledger is, the error log;
- :mod:`desktop.cli.commands`: the subcommands.
"""

from __future__ import annotations

from desktop.cli.program import build_parser, main

__all__ = ["build_parser", "main"]
