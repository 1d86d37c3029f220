"""The subcommands of ``dengbao-cli``, by subject; each module exposes ``register(subparsers)``.

- :mod:`~desktop.cli.commands.ledger`: ``init``, ``demo``, ``list``, ``check``;
- :mod:`~desktop.cli.commands.documents`: ``print``, ``export``, ``import``;
- :mod:`~desktop.cli.commands.maintenance`: keys, backups and restore.
"""

from __future__ import annotations

from desktop.cli.commands import documents, ledger, maintenance

#: in the order ``dengbao-cli --help`` lists them
COMMAND_MODULES = (ledger, documents, maintenance)

__all__ = ["COMMAND_MODULES"]
