"""Every file chooser of the window, built here so that listing a folder never reads a file.

Why: SQLite guards the open ledger with POSIX ``fcntl`` locks, and those belong to the (process,
file) pair: when *any* descriptor of a file is closed in our process, every lock the window's
connections hold on that file is gone. Listing a folder with Qt's stock icon provider opens each
file to sniff its content type (``QMimeDatabase().mimeTypeForFile``) — the ledger, its ``-wal`` and
its ``-shm`` alike; a native GTK dialog inside our process does the same. With the locks gone, another
connection (an import or export child process) believes it is the last one, checkpoints and deletes
``-wal``/``-shm``, and the window's later saves go into deleted files.

So, on every platform but Windows:

- dialogs are Qt's own widgets (``DontUseNativeDialog``); no platform (GTK) dialog helper is even
  created in our process;
- their icons and type names come from the file *name* alone (:class:`NameOnlyIconProvider`);
- the dialog's model first lists a neutral folder and only moves to the start folder after the
  name-only provider is in place (the model starts listing in a thread as soon as it exists).

On Windows the native dialogs stay: there locks belong to a file handle, and another handle of the
same file being closed does not release them.

Each purpose (``"import"``, ``"export"``, ``"backup"``…) remembers its last folder (QSettings);
without one the dialog starts in 文档 (Documents), never in the ledger's data folder.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileInfo, QMimeDatabase, QMimeType, QStandardPaths, Qt
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

from desktop.filenames import safe_filename
from desktop.ui import settings

#: POSIX locks are per process: only Windows may use its native dialogs (locks per handle there)
USE_NATIVE = sys.platform == "win32"
_PATTERN = re.compile(r"\*\.([A-Za-z0-9_]+)")


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names decided by the file name (suffix) only; no file is ever opened.

    Qt calls this from the file system model's gatherer thread, so the generic icons are made once
    on the main thread and suffix icons are cached.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setOptions(QAbstractFileIconProvider.Option.DontUseCustomDirectoryIcons)
        self._generic = {t: QFileIconProvider.icon(self, t) for t in QAbstractFileIconProvider.IconType}
        self._by_suffix: dict[str, QIcon] = {}

    def icon(self, what: QAbstractFileIconProvider.IconType | QFileInfo) -> QIcon:
        IconType = QAbstractFileIconProvider.IconType  # noqa: N806 - Qt's name
        if isinstance(what, IconType):
            return self._generic[what]
        info = what
        if info.isRoot():
            return self._generic[IconType.Drive]
        if info.isDir():
            return self._generic[IconType.Folder]
        suffix = info.suffix().lower()
        found = self._by_suffix.get(suffix)
        if found is None:
            found = self._generic[IconType.File]
            mime = _mime_by_name(info.fileName())
            if mime is not None:
                for name in (mime.iconName(), mime.genericIconName()):
                    themed = QIcon.fromTheme(name) if name else QIcon()
                    if not themed.isNull():
                        found = themed
                        break
            self._by_suffix[suffix] = found
        return found

    def type(self, info: QFileInfo) -> str:
        if info.isFile():
            mime = _mime_by_name(info.fileName()) or QMimeDatabase().mimeTypeForName("application/octet-stream")
            return mime.comment() or mime.name()
        # folders, drives, broken links: Qt's own text, which never opens anything
        return super().type(info)


def _mime_by_name(name: str) -> QMimeType | None:
    """The content type the file *name* suggests (glob patterns only); None if it suggests none."""
    found = QMimeDatabase().mimeTypesForFileName(name)
    return found[0] if found else None


# ---- folders -----------------------------------------------------------------------------------


def _state_key(purpose: str) -> str:
    return f"filedialogs/{purpose}"


def remembered_folder(purpose: str) -> str | None:
    value = settings.restore_state(_state_key(purpose))
    return str(value) if value else None


def remember_folder(purpose: str, folder: str | Path) -> None:
    settings.save_state(_state_key(purpose), str(folder))  # type: ignore[arg-type]


def documents_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def start_folder(purpose: str, start_dir: str | Path | None = None) -> str:
    """The caller's folder if it exists, else this purpose's last folder, else 文档 (or home)."""
    for candidate in (start_dir, remembered_folder(purpose)):
        if candidate and Path(candidate).is_dir():
            return str(candidate)
    return str(documents_folder())


def _neutral_folder() -> str:
    """Where the model may list before the name-only provider is set: nothing in it is a ledger."""
    return QFileInfo("/").absoluteFilePath() if not USE_NATIVE else str(Path.home())


# ---- the dialog --------------------------------------------------------------------------------


def make_dialog(
    parent: QWidget | None,
    title: str,
    filter: str = "",  # noqa: A002 - Qt's word
    *,
    purpose: str,
    mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile,
    save: bool = False,
    start_dir: str | Path | None = None,
    suggested_name: str = "",
) -> QFileDialog:
    """A configured, not yet shown dialog (the functions below run it; tests may show it)."""
    if USE_NATIVE:
        dialog = QFileDialog(parent, title, _neutral_folder(), filter)
    else:
        # set while constructing: Qt then makes no platform (GTK) dialog helper at all
        attr = Qt.ApplicationAttribute.AA_DontUseNativeDialogs
        before = QCoreApplication.testAttribute(attr)
        QCoreApplication.setAttribute(attr, True)
        try:
            dialog = QFileDialog(parent, title, _neutral_folder(), filter)
        finally:
            QCoreApplication.setAttribute(attr, before)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    # the dialog does not own the provider: keep it alive as long as the dialog
    dialog._name_only_icons = provider  # type: ignore[attr-defined]  # ad-hoc Python attribute
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        # the dialog asks before an existing file is replaced: that answer is the window's --force
        # (the writer, desktop.services.outputs, still refuses the ledger and files of another type)
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, False)
        _follow_suffix(dialog, dialog.selectedNameFilter())
        dialog.filterSelected.connect(lambda chosen: _follow_suffix(dialog, chosen))
    dialog.setDirectory(start_folder(purpose, start_dir))
    if suggested_name:
        dialog.selectFile(suggested_name)
    return dialog


def _follow_suffix(dialog: QFileDialog, name_filter: str) -> None:
    """A typed name without a suffix gets the chosen filter's (``*.xlsx`` → ``.xlsx``)."""
    found = _PATTERN.search(name_filter or "")
    dialog.setDefaultSuffix(found.group(1) if found else "")


def _run(dialog: QFileDialog, purpose: str) -> list[str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        chosen = [f for f in dialog.selectedFiles() if f]
        if chosen:
            folder = chosen[0] if dialog.fileMode() == QFileDialog.FileMode.Directory else str(Path(chosen[0]).parent)
            remember_folder(purpose, folder)
        return chosen
    finally:
        dialog.deleteLater()


def open_file(
    parent: QWidget | None, title: str, filter: str = "", start_dir: str | Path | None = None,  # noqa: A002
    *, purpose: str = "open",
) -> str | None:
    """One existing file, or None when cancelled."""
    chosen = _run(make_dialog(parent, title, filter, purpose=purpose, start_dir=start_dir), purpose)
    return chosen[0] if chosen else None


def open_files(
    parent: QWidget | None, title: str, filter: str = "", start_dir: str | Path | None = None,  # noqa: A002
    *, purpose: str = "open",
) -> list[str]:
    """Existing files (empty when cancelled)."""
    mode = QFileDialog.FileMode.ExistingFiles
    return _run(make_dialog(parent, title, filter, purpose=purpose, mode=mode, start_dir=start_dir), purpose)


def save_file(
    parent: QWidget | None, title: str, suggested_name: str, filter: str = "",  # noqa: A002
    start_dir: str | Path | None = None, *, purpose: str = "save",
) -> str | None:
    """Where to write a new file, or None. ``suggested_name`` is a file name (made safe for Windows
    with :func:`desktop.filenames.safe_filename`); a full path also names the folder to start in."""
    suggested = Path(suggested_name)
    if suggested.is_absolute() or suggested.parent != Path("."):
        start_dir = start_dir or suggested.parent
    dialog = make_dialog(
        parent, title, filter, purpose=purpose, mode=QFileDialog.FileMode.AnyFile, save=True,
        start_dir=start_dir, suggested_name=safe_filename(suggested.name) if suggested.name else "",
    )
    chosen = _run(dialog, purpose)
    return chosen[0] if chosen else None


def existing_dir(
    parent: QWidget | None, title: str, start_dir: str | Path | None = None, *, purpose: str = "folder",
) -> str | None:
    """An existing folder, or None."""
    mode = QFileDialog.FileMode.Directory
    chosen = _run(make_dialog(parent, title, purpose=purpose, mode=mode, start_dir=start_dir), purpose)
    return chosen[0] if chosen else None
