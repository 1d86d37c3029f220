"""What every self-test step shares: the run's context, and the isolation that keeps the user's data out.

Everything happens in a temporary folder with a throwaway key: ``DENGBAO_KEY``, ``DENGBAO_DB_URL``
and ``DENGBAO_PORTABLE_DIR`` point there while the test runs (:func:`isolated`), and the keyring is
swapped for :class:`ThrowawayKeyring`, so the user's ledger and keyring entries are never read or
written.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from keyring.backend import KeyringBackend
from keyring.compat import properties

SAMPLE_TEXT = "网络安全等级保护备案表 自检"
_ISOLATED_ENV = ("DENGBAO_KEY", "DENGBAO_DB_URL", "DENGBAO_PORTABLE_DIR")


class Warn(Exception):
    """Raised by a step that found something worth saying but not worth failing for."""


@dataclass
class StepResult:
    name: str
    status: str  # OK / WARN / FAIL
    detail: str
    seconds: float
    required: bool = True

    def line(self) -> str:
        sep = ": " if self.detail else ""
        return f"{self.status} {self.name}{sep}{self.detail} ({self.seconds:.1f} s)"


@dataclass
class Context:
    tmp: Path
    key_hex: str
    ledger: Any = None
    pdf: Path | None = None
    app: Any = None
    notes: dict[str, str] = field(default_factory=dict)
    cleanups: list[Callable[[], None]] = field(default_factory=list)
    real_keyring: Any = None  #: the user's keyring backend, set aside while the test runs


#: one step: a one-line detail, :class:`Warn` for a warning, any other exception for a failure
Step = Callable[[Context], str]


def frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """Where the bundled data lives: the PyInstaller ``_internal`` folder, or the repository."""
    meipass = getattr(sys, "_MEIPASS", None)
    return Path(meipass) if meipass else Path(__file__).resolve().parents[2]


class ThrowawayKeyring(KeyringBackend):
    """Stands in for the OS credential store during the self-test: keys stay in this object.

    Never chosen by keyring's own backend discovery (every subclass is a candidate there): its
    priority raises, which makes it "not viable"; only :func:`isolated` installs it, explicitly.
    """

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - a class property
        raise RuntimeError("installed explicitly by the self-test only")

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@contextlib.contextmanager
def isolated(ctx: Context) -> Iterator[None]:
    """Point every user-data location at ``ctx.tmp`` for the duration; restore afterwards.

    The keyring is swapped for a throwaway in-memory one: opening an existing ledger with a
    given key stores that key in the keyring (db.store.storage), which must not reach the user's
    Credential Manager.
    """
    import keyring

    saved = {name: os.environ.get(name) for name in _ISOLATED_ENV}
    os.environ["DENGBAO_KEY"] = ctx.key_hex
    os.environ["DENGBAO_DB_URL"] = f"sqlite:///{(ctx.tmp / 'data' / 'ledger.db').as_posix()}"
    os.environ["DENGBAO_PORTABLE_DIR"] = str(ctx.tmp)  # db.store.storage.default_data_dir() -> tmp/data
    try:
        ctx.real_keyring = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - reported by the keyring step
        ctx.real_keyring = None
    keyring.set_keyring(ThrowawayKeyring())
    try:
        yield
    finally:
        if ctx.real_keyring is not None:
            keyring.set_keyring(ctx.real_keyring)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
