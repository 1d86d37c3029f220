"""Portable mode: everything beside the program, nothing in the user profile.

A marker file ``portable.txt`` (or ``dengbao.portable``) in the folder holding ``dengbao.exe``
switches the ledger, its backups and the settings into ``<program folder>/data``:

- ``DENGBAO_PORTABLE_DIR`` is set to the program folder, which :func:`db.store.storage.default_data_dir`
  turns into ``<program folder>/data`` (ledger, copies made before upgrades, other backups);
- Qt settings go to an INI file, ``<program folder>/data/settings/<organisation>/<application>.ini``,
  instead of the registry.

Only a frozen program (``dengbao.exe``) looks for the marker, beside ``sys.executable``; running from
source never turns portable by accident (the repository or the working folder is not a marker).
``DENGBAO_PORTABLE_DIR`` set by hand is honoured either way, e.g. for a test.

Encryption keys still live in the Windows Credential Manager of the machine that created the
ledger; on another machine the ledger opens with its recovery key.

Start-up (desktop/app.py): ``from desktop import portable; portable.apply()`` before the first
``QSettings`` is created (``apply(qt=False)`` in the command line). It is a no-op when not portable.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_DIR = "DENGBAO_PORTABLE_DIR"
MARKERS = ("portable.txt", "dengbao.portable")


class PortableModeError(OSError):
    """The marker is there but the data folder beside the program cannot be written."""


@dataclass(frozen=True)
class PortablePaths:
    root: Path  #: the program folder (holds the marker)
    data_dir: Path  #: ledger, backups (= db.store.storage.default_data_dir())
    settings_dir: Path  #: QSettings INI files
    marker: Path | None  #: the marker file found, or None when DENGBAO_PORTABLE_DIR was set by hand


def program_dir() -> Path | None:
    """The folder of the frozen executable; None when running from source."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def find_marker(folder: Path) -> Path | None:
    for name in MARKERS:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def detect_portable(exe_dir: Path | None = None) -> Path | None:
    """The program folder when it holds a portable marker, else None.

    ``exe_dir`` defaults to the frozen executable's folder; from source there is none, so the
    answer is None unless a folder is given explicitly (tests).
    """
    folder = exe_dir if exe_dir is not None else program_dir()
    if folder is None:
        return None
    return folder if find_marker(folder) is not None else None


def paths_for(root: Path) -> PortablePaths:
    data = root / "data"
    return PortablePaths(root=root, data_dir=data, settings_dir=data / "settings", marker=find_marker(root))


def current() -> PortablePaths | None:
    """The portable paths in force (after :func:`apply`, or with DENGBAO_PORTABLE_DIR set), else None."""
    env = os.environ.get(ENV_DIR, "").strip()
    return paths_for(Path(env)) if env else None


def apply(exe_dir: Path | None = None, *, qt: bool = True) -> PortablePaths | None:
    """Switch to portable mode if the marker is present (or DENGBAO_PORTABLE_DIR is already set).

    Sets ``DENGBAO_PORTABLE_DIR``, creates ``data/`` and, with ``qt``, makes ``QSettings()`` use
    INI files under ``data/settings``. Returns the paths, or None (and changes nothing) when not
    portable. Raises :class:`PortableModeError` when the data folder cannot be created (the
    program was copied to a read-only place with the marker).
    """
    root = detect_portable(exe_dir)
    if root is None:
        paths = current()
        if paths is None:
            return None
    else:
        paths = paths_for(root)
        os.environ[ENV_DIR] = str(root)
    try:
        paths.settings_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PortableModeError(
            f"便携模式：无法在程序文件夹中创建数据文件夹 {paths.data_dir}（{exc.strerror or exc}）。"
            f"请把程序复制到可写的位置（如 U 盘或个人文件夹），或删除 {MARKERS[0]} 改用安装模式。"
        ) from exc
    if qt:
        _configure_qsettings(paths.settings_dir)
    return paths


def _configure_qsettings(folder: Path) -> None:
    """``QSettings()`` (no arguments) then reads and writes ``folder/<org>/<app>.ini``.

    A ``QSettings(org, app)`` constructed with explicit names always uses the native format
    (the registry), so the application must use ``QSettings()`` after setting the
    organisation and application names.
    """
    from PySide6.QtCore import QSettings  # noqa: PLC0415 - the command line needs no Qt

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
