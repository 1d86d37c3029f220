"""Opening the ledger for the window: first run, the recovery key, restore at start, server URLs.

The dialogs of :mod:`desktop.ui.firstrun`, :mod:`desktop.ui.unlock` and :mod:`desktop.ui.serverconn`
ask the user; the work is done here, through :func:`db.store.storage.open_ledger` (the one function every
process opens a ledger with), :mod:`db.store.keys` and :func:`db.store.restore.restore_backup`.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from db.domain.errors import KeyringUnavailableError
from db.store import keys
from db.store.storage import Ledger as Ledger
from db.store.storage import open_ledger

# --------------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------------


def keyring_available() -> bool:
    """True when this machine has an OS credential store the key can be kept in."""
    return keys.keyring_available()


def key_can_be_found() -> bool:
    """True when a new ledger's key will be found at the next start without typing it: an OS
    credential store, or a key given in the environment (``DENGBAO_KEY``)."""
    return keys.keyring_available() or bool(os.environ.get(keys.ENV_KEY))


def new_key() -> bytes:
    return keys.new_key()


def recovery_key(key: bytes) -> str:
    """The recovery key the user keeps (grouped, with a checksum) for the raw ``key``."""
    return keys.recovery_key(key)


def parse_key(text: str) -> bytes:
    """The raw key of a typed recovery key; raises ValueError (Chinese message) when it is not one."""
    return keys.parse_key(text)


def keep_key(path: Path, key: bytes) -> bool:
    """Store ``key`` for ``path`` in the OS credential store; False (no error) where there is none."""
    with suppress(KeyringUnavailableError):
        keys.store_key(path, key)
        return True
    return False


# --------------------------------------------------------------------------------------------------
# Opening
# --------------------------------------------------------------------------------------------------


def create(path: Path, *, encrypt: bool, key: bytes | None = None) -> Ledger:
    """Create (or open) the ledger file at ``path``.

    Encrypted without ``key``: a new key is made and kept in the OS credential store
    (raises :class:`db.domain.errors.KeyringUnavailableError` where there is none). A ``key`` handed in is
    used, never stored: without a credential store it must be typed at each start.
    """
    if not encrypt:
        return open_ledger(path, encryption=False)
    return open_ledger(path, encryption=True, key=key)


def open_existing(path: Path, key: bytes | None = None) -> Ledger:
    """Open the existing ledger at ``path`` (with ``key``, else the stored one); never creates one.

    Raises :class:`db.domain.errors.MissingKeyError` when no key is found, :class:`db.domain.errors.WrongKeyError`
    when ``key`` does not open it.
    """
    return open_ledger(path, key=key, create=False)


def restore_at_start(path: Path, backup: Path) -> Ledger:
    """Replace the damaged ledger at ``path`` with ``backup`` (the damaged file is kept and the backup
    verified first, see :func:`db.store.restore.restore_backup`), then open it."""
    from db.store.restore import restore_backup  # needed only after a failed start

    restore_backup(Path(path), Path(backup))
    return open_ledger(Path(path), create=False)


@dataclass(frozen=True)
class LedgerInfo:
    """Where the open ledger is and how it is protected, for the status bar and 设置."""

    is_server: bool
    #: the file path, or the server URL without its password
    location: str
    encrypted: bool
    actor: str


def describe(ledger: Any) -> LedgerInfo:
    """What the window says about ``ledger`` (no database work)."""
    is_server = bool(getattr(ledger, "is_server", False))
    if is_server:
        location = ledger.engine.url.render_as_string(hide_password=True)
    else:
        location = str(getattr(ledger, "path", "") or "")
    return LedgerInfo(
        is_server=is_server,
        location=location,
        encrypted=bool(getattr(ledger, "encrypted", False)),
        actor=str(getattr(ledger, "actor", "") or ""),
    )


# --------------------------------------------------------------------------------------------------
# Server URLs
# --------------------------------------------------------------------------------------------------


class ServerUrlError(ValueError):
    """The URL is not a PostgreSQL URL the program can use; the message says why (Chinese)."""


def split_server_url(text: str) -> tuple[str, str | None]:
    """(URL without password, the password it carried or None); raises :class:`ServerUrlError`.

    A bare ``postgresql://`` gets the ``psycopg`` driver the program ships with.
    """
    text = text.strip()
    if not text:
        raise ServerUrlError("请填写服务器地址")
    try:
        url = sa.engine.make_url(text)
    except Exception as exc:  # noqa: BLE001 - sqlalchemy raises ArgumentError and ValueError
        raise ServerUrlError(f"地址格式不正确：{exc}") from None
    if not url.drivername.startswith("postgresql"):
        raise ServerUrlError("只支持 PostgreSQL 服务器，地址应以 postgresql+psycopg:// 开头")
    if not url.host or not url.database:
        raise ServerUrlError("地址应包含服务器和数据库名，如 postgresql+psycopg://用户名@服务器:5432/dengbao")
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    password = url.password
    bare = sa.engine.URL.create(
        url.drivername, username=url.username, host=url.host, port=url.port, database=url.database,
        query=url.query,
    )
    return bare.render_as_string(hide_password=False), (str(password) if password is not None else None)


def url_with_password(url: str, password: str) -> str:
    """``url`` (without a password) with ``password`` put in."""
    return sa.engine.make_url(url).set(password=password).render_as_string(hide_password=False)


def with_saved_password(url: str) -> str:
    """``url`` with the password the window saved for it in the OS keyring put in; unchanged when
    it carries one or none is saved (the server may then take ``PGPASSWORD`` or ``~/.pgpass``).
    The window and the command line connect with the same saved password."""
    import keyring
    import keyring.errors

    from db.domain.identity import SERVER_KEYRING_SERVICE

    try:
        clean, embedded = split_server_url(url)
    except ServerUrlError:
        return url  # opening it says what is wrong with it
    if embedded:
        return url
    try:
        password = keyring.get_password(SERVER_KEYRING_SERVICE, clean)
    except keyring.errors.KeyringError:
        password = None
    return url_with_password(clean, password) if password else clean


def server_version(url: str) -> str:
    """Connect once to the server at ``url`` (password included) and return its version text."""
    engine = sa.create_engine(url, pool_pre_ping=False)
    try:
        with engine.connect() as conn:
            return str(conn.exec_driver_sql("SELECT version()").scalar() or "")
    finally:
        engine.dispose()


def recovery_key_pending(ledger: Ledger) -> bool:
    """True when this encrypted ledger's recovery key was never confirmed as shown (see db.store.recovery)."""
    from db.store import recovery

    return recovery.recovery_key_pending(ledger)


def mark_recovery_key_shown(ledger: Ledger) -> None:
    from db.store import recovery

    recovery.mark_recovery_key_shown(ledger)
