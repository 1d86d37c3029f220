"""Where the program keeps its per-user files: the data folder (ledger, backups, outside audit records)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from db.domain.identity import APP_AUTHOR as APP_AUTHOR
from db.domain.identity import APP_NAME as APP_NAME

#: portable mode (a ``portable`` marker beside the executable) points this at the program's folder
ENV_PORTABLE_DIR = "DENGBAO_PORTABLE_DIR"


def default_data_dir() -> Path:
    """Per-user data folder, or the program folder's ``data`` in portable mode."""
    portable = os.environ.get(ENV_PORTABLE_DIR)
    if portable:
        return Path(portable) / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def default_ledger_path() -> Path:
    return default_data_dir() / "ledger.db"


def real_ledger_path(path: Path) -> Path:
    """``path`` made absolute with ``~``, ``..`` and symbolic links resolved: the one name of a ledger file
    that backups, restore, locks and the outside audit record all use, however the ledger was reached."""
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):  # a symbolic-link loop: keep the name, opening it says what is wrong
        return path.expanduser().absolute()
