"""The subcommands of ``dengbao-cli``, by subject; each module exposes ``register(subparsers)``.

- :mod:`~desktop.cli.commands.ledger`: ``init``, ``demo``, ``list``, ``check``;
- :mod:`~desktop.cli.commands.documents`: ``print``, ``export``, ``import``;
- :mod:`~desktop.cli.commands.records`: ``add``, ``edit``, ``show``, ``delete``, ``attach``, ``fields``,
  ``finding``, ``filing``;
- :mod:`~desktop.cli.commands.rules`: ``calendar``, ``selfcheck``;
- :mod:`~desktop.cli.commands.maintenance`: keys, backups and restore;
- :mod:`~desktop.cli.commands.server`: the department server (``server …``) and ``migrate-to``.
"""

from __future__ import annotations

from desktop.cli.commands import documents, ledger, maintenance, records, rules, server

#: in the order ``dengbao-cli --help`` lists them
COMMAND_MODULES = (ledger, records, documents, rules, maintenance, server)

__all__ = ["COMMAND_MODULES"]
