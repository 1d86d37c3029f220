"""Every file the program writes for its user goes through :func:`write_output` (or :func:`output_file`).

Exports, printed PDFs, saved attachments, backups, the recovery-key text, the plain copies opened with
another program: one function decides whether a path may be written, and writes it so that a file
appears only when complete.

Refused (:class:`OutputRefusedError`, a :class:`db.domain.errors.LedgerError` with a Chinese message;
the command line exits 1), checked on the real path (symbolic links and ``..`` resolved):

- a ledger this process has open (by file identity, so also a hard link or another name of it), and
  every ledger named in ``protect`` — with its ``-wal``, ``-shm``, ``-journal``, ``.lock``, outside
  audit record (``.audit-head.json``) and passphrase-wrapped key (``.passphrase.json``) files;
- any file named like an SQLite companion file (``…-wal``, ``…-shm``, ``…-journal``), or like a file the
  program keeps beside a ledger (``….lock``, ``….audit-head.json``) next to an existing file: writing
  one beside a database makes SQLite read it as part of that database, or breaks the ledger's checks;
- anything inside a protected folder (a ledger's backup folder), unless the program itself chose the
  name (``own_name``: the timestamped backups);
- a folder, a device or anything else that is not a regular file;
- an existing file whose content is not what is being written (:func:`sniff`): an SQLite database
  (a plain ledger or backup), an unrecognisable binary file (an encrypted ledger looks like random
  bytes), or simply another type (a PDF where a workbook is written). Such a file is "not ours to
  replace", with or without ``--force``; a backup may replace only what its ``replaceable`` check
  accepts (an earlier backup of the same ledger, see :mod:`db.store.backup`);
- an existing file of the right type unless ``overwrite`` (``--force`` on the command line, the save
  dialog's overwrite confirmation in the window).

Writing: into a temporary file beside the target (same folder, so the rename is atomic), flushed to
disk, checked again, then renamed over the target (``os.replace``; without ``overwrite`` a hard link,
which fails when the target appeared meanwhile) and the folder flushed. On any failure the temporary
file is removed and the target is untouched. Temporary files of killed runs (``.dengbao-*.part``, over
an hour old) are removed the next time something is written into that folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from db.domain.errors import LedgerError
from db.store import audit_head, ledger_files, passphrase
from db.store.ledger_files import fsync_dir, fsync_file

T = TypeVar("T")

#: files the program keeps beside a ledger (``<ledger name><suffix>``): its use lock and its outside
#: audit record; SQLite's own companions are :data:`db.store.ledger_files.SIDECARS`
KEPT_BESIDE = (
    ledger_files.LOCK_SUFFIX,
    audit_head.SUFFIX,
    audit_head.SUFFIX + audit_head.LOCK_SUFFIX,
    passphrase.SUFFIX,
)

TEMP_PREFIX = ".dengbao-"
TEMP_SUFFIX = ".part"
#: temporary files older than this are left over from a killed run (no export takes an hour)
TEMP_MAX_AGE = timedelta(hours=1)
SNIFF_BYTES = 4096

# content classes (what :func:`sniff` finds at the start of a file)
EMPTY = "empty"
SQLITE = "sqlite"
PDF = "pdf"
ZIP = "zip"  # xlsx, docx, ofd, zip
OLE = "ole"  # old Office (.doc, .xls)
PNG = "png"
JPEG = "jpeg"
GIF = "gif"
TEXT = "text"
UNKNOWN = "unknown"

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (ledger_files.SQLITE_MAGIC, SQLITE),
    (b"%PDF-", PDF),
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
)
_CLASS_LABELS = {
    SQLITE: "数据库文件（可能是台账或台账备份）",
    PDF: "PDF 文件",
    ZIP: "Excel/Word 文档或压缩包",
    OLE: "旧版 Office 文档",
    PNG: "图片",
    JPEG: "图片",
    GIF: "图片",
    TEXT: "文本文件",
    UNKNOWN: "无法识别的文件（可能是加密的台账）",
}


@dataclass(frozen=True)
class OutputKind:
    """What is being written: its name for messages and the content classes it may replace."""

    label: str
    replaces: frozenset[str]


XLSX = OutputKind("Excel 工作簿", frozenset({ZIP}))
DOCX = OutputKind("Word 文档", frozenset({ZIP}))
PDF_FILE = OutputKind("PDF 文件", frozenset({PDF}))
CSV = OutputKind("CSV 文件", frozenset({TEXT}))
TEXT_FILE = OutputKind("文本文件", frozenset({TEXT}))
PNG_IMAGE = OutputKind("PNG 图片", frozenset({PNG}))
#: a backup replaces only what the caller's ``replaceable`` check accepts
BACKUP = OutputKind("台账备份", frozenset())


def kind_of_data(head: bytes) -> OutputKind:
    """The kind of a file whose content starts with ``head`` (an attachment being saved): it may
    replace a file of the same recognisable type only."""
    found = sniff_bytes(head)
    accepted = frozenset() if found in (SQLITE, UNKNOWN, EMPTY) else frozenset({found})
    return OutputKind(_CLASS_LABELS.get(found, "文件"), accepted)


def kind_for_suffix(path: str | Path) -> OutputKind:
    """The kind the program writes under ``path``'s suffix (list exports: .xlsx or .csv)."""
    suffix = Path(path).suffix.lower()
    return {".xlsx": XLSX, ".docx": DOCX, ".pdf": PDF_FILE, ".csv": CSV, ".txt": TEXT_FILE, ".png": PNG_IMAGE}.get(
        suffix, XLSX
    )


@dataclass(frozen=True)
class Protected:
    """Places no user-named output may go: ledger files (with their companions) and folders."""

    ledgers: tuple[Path, ...] = ()
    folders: tuple[Path, ...] = ()

    def __add__(self, other: Protected) -> Protected:
        return Protected(self.ledgers + other.ledgers, self.folders + other.folders)


class OutputRefusedError(LedgerError):
    """The program will not write this path; the message says why and what to do instead."""


class OutputWriteError(LedgerError):
    """Writing failed (no permission, file in use, disk gone); the target is unchanged."""


# ---------------------------------------------------------------------------------------------
# what is at a path
# ---------------------------------------------------------------------------------------------


def sniff_bytes(head: bytes) -> str:
    """The content class of a file that starts with ``head`` (up to :data:`SNIFF_BYTES`)."""
    if not head:
        return EMPTY
    for magic, found in _SIGNATURES:
        if head.startswith(magic):
            return found
    if b"\x00" not in head and _decodes(head):
        return TEXT
    return UNKNOWN


def _decodes(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # a multi-byte character cut off by the sniff limit still counts as text
            if exc.start >= len(head) - 4 and exc.reason.startswith(("unexpected end", "incomplete")):
                return True
    return False


def sniff(path: Path) -> str:
    """The content class of the existing file at ``path``; never reads a ledger open in this process
    (that would drop its SQLite locks, see :mod:`db.store.ledger_files`)."""
    if ledger_files.is_open_here(path):
        return SQLITE
    try:
        with path.open("rb") as fh:
            return sniff_bytes(fh.read(SNIFF_BYTES))
    except OSError:
        return UNKNOWN


def real_path(target: str | Path) -> Path:
    """``target`` made absolute with ``~``, ``..`` and symbolic links resolved (it need not exist)."""
    return Path(os.path.realpath(Path(target).expanduser()))


def _same(a: Path, b: Path) -> bool:
    if os.path.normcase(str(a)) == os.path.normcase(str(b)):
        return True
    with contextlib.suppress(OSError):
        return os.path.samefile(a, b)
    return False


def _inside(path: Path, folder: Path) -> bool:
    probe = os.path.normcase(str(path))
    base = os.path.normcase(str(folder)).rstrip("\\/")
    return probe.startswith(base + os.sep) or probe == base


# ---------------------------------------------------------------------------------------------
# the rules
# ---------------------------------------------------------------------------------------------


def check_target(
    target: str | Path,
    kind: OutputKind,
    *,
    overwrite: bool = False,
    protect: Protected = Protected(),
    replaceable: Callable[[Path], bool] | None = None,
    own_name: bool = False,
) -> Path:
    """The real path ``target`` would be written at, or :class:`OutputRefusedError` (see the module docstring)."""
    shown = str(target)
    real = real_path(target)
    _refuse_protected(real, shown, protect, own_name)
    if os.name == "nt" and ":" in real.name:
        # "L.db:x" is an alternate data stream of the file L.db: writing it changes that file
        raise OutputRefusedError(f"“{shown}”的文件名含有冒号，会写进另一个文件的内部。请换一个文件名。")
    name = real.name.lower()  # Windows names are case-insensitive; a "-WAL" name is refused everywhere
    if name.endswith(ledger_files.SIDECARS) or any(
        name.endswith(suffix) and real.with_name(real.name[: -len(suffix)]).exists() for suffix in KEPT_BESIDE
    ):
        raise OutputRefusedError(
            f"“{shown}”是数据库或台账的附属文件名（-wal、-shm、-journal、.lock、审计记录、口令文件），"
            "写入它会破坏旁边的台账。请换一个文件名。"
        )
    try:
        st = real.stat()
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise OutputRefusedError(f"无法访问“{shown}”：{exc.strerror or exc}。请换一个位置。") from exc
    if stat.S_ISDIR(st.st_mode):
        raise OutputRefusedError(f"“{shown}”是一个文件夹。请在文件夹中给出文件名，例如 {Path(shown) / '导出.xlsx'}。")
    if not stat.S_ISREG(st.st_mode):
        raise OutputRefusedError(f"“{shown}”不是普通文件（设备、管道等），拒绝写入。请换一个文件名。")
    if ledger_files.is_open_here(real):
        raise OutputRefusedError(_ledger_message(shown))
    found = sniff(real)
    if replaceable is not None:
        ours = found == EMPTY or replaceable(real)
    else:
        ours = found == EMPTY or found in kind.replaces
    if not ours:
        what = _CLASS_LABELS.get(found, "其他文件")
        raise OutputRefusedError(
            f"“{shown}”已存在，且是{what}，不是程序写出的{kind.label}，不能覆盖（确认覆盖或加 --force 也不行）。"
            "请换一个文件名。"
        )
    if not overwrite:
        raise OutputRefusedError(_exists_message(shown))
    return real


def _exists_message(shown: str) -> str:
    return f"“{shown}”已存在。请换一个文件名；确需覆盖，请在命令后加 --force。"


def _ledger_message(shown: str) -> str:
    return f"“{shown}”是台账文件本身，不能写入（会毁掉台账）。请换一个文件名。"


def _refuse_protected(real: Path, shown: str, protect: Protected, own_name: bool) -> None:
    for ledger in protect.ledgers:
        base = real_path(ledger)
        if _same(real, base):
            raise OutputRefusedError(_ledger_message(shown))
        for suffix in (*ledger_files.SIDECARS, *KEPT_BESIDE):
            if _same(real, base.with_name(base.name + suffix)):
                raise OutputRefusedError(
                    f"“{shown}”是台账的附属文件（{suffix}），写入它会毁掉台账。请换一个文件名。"
                )
    if own_name:
        return
    for folder in protect.folders:
        if _inside(real, real_path(folder)):
            raise OutputRefusedError(
                f"“{shown}”在台账的备份文件夹（{folder}）中：那里只放程序自己写的备份。请换一个文件夹。"
            )


# ---------------------------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------------------------


@contextmanager
def output_file(
    target: str | Path,
    kind: OutputKind,
    *,
    overwrite: bool = False,
    protect: Protected = Protected(),
    replaceable: Callable[[Path], bool] | None = None,
    own_name: bool = False,
    partial_suffix: str | None = None,
) -> Iterator[Path]:
    """Check ``target``, yield a temporary path beside it to write, and put the file in place when the
    block ends without error (see the module docstring). ``partial_suffix``: name the temporary file
    ``<target name><suffix>`` (backups, whose rotation cleans those up) instead of ``.dengbao-….part``."""
    shown = str(target)

    def check() -> Path:
        return check_target(
            target, kind, overwrite=overwrite, protect=protect, replaceable=replaceable, own_name=own_name
        )

    real = check()
    folder = real.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(shown, exc) from exc
    _remove_stale_temps(folder)
    tmp = _make_temp(real, partial_suffix, shown)
    try:
        yield tmp
        fsync_file(tmp)
        check()  # nothing unexpected appeared there meanwhile
        _put_in_place(tmp, real, overwrite=overwrite, shown=shown)
    except BaseException as exc:
        _discard(tmp)
        if isinstance(exc, OSError):
            raise _write_error(shown, exc) from exc
        raise
    fsync_dir(folder, quiet=True)


def write_output(
    target: str | Path,
    write: Callable[[Path], T],
    kind: OutputKind,
    *,
    overwrite: bool = False,
    protect: Protected = Protected(),
    replaceable: Callable[[Path], bool] | None = None,
    own_name: bool = False,
    partial_suffix: str | None = None,
) -> T:
    """``write(temporary path)`` then put the file at ``target``; returns what ``write`` returned."""
    with output_file(
        target, kind, overwrite=overwrite, protect=protect, replaceable=replaceable, own_name=own_name,
        partial_suffix=partial_suffix,
    ) as tmp:
        result = write(tmp)
    return result


def write_bytes(
    target: str | Path, data: bytes, kind: OutputKind, *, overwrite: bool = False, protect: Protected = Protected()
) -> Path:
    """Write ``data`` at ``target`` through :func:`write_output`; returns the real path written."""

    def put(tmp: Path) -> Path:
        with tmp.open("wb") as fh:
            fh.write(data)
        return real_path(target)

    return write_output(target, put, kind, overwrite=overwrite, protect=protect)


def _make_temp(real: Path, partial_suffix: str | None, shown: str) -> Path:
    if partial_suffix is not None:
        tmp = real.with_name(real.name + partial_suffix)
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()  # left over from an interrupted run of the same name
        candidates: Iterable[Path] = [tmp]
    else:
        candidates = (real.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}") for _ in range(5))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    last: OSError | None = None
    for tmp in candidates:
        try:
            os.close(os.open(tmp, flags, 0o666))
            return tmp
        except FileExistsError as exc:
            last = exc
        except OSError as exc:
            raise _write_error(shown, exc) from exc
    raise _write_error(shown, last or OSError(errno.EEXIST, "exists"))


def _put_in_place(tmp: Path, real: Path, *, overwrite: bool, shown: str) -> None:
    if overwrite:
        os.replace(tmp, real)
        return
    if os.name == "nt":
        try:
            os.rename(tmp, real)  # Windows' rename refuses an existing target by itself
        except FileExistsError:
            raise OutputRefusedError(_exists_message(shown)) from None
        return
    try:
        os.link(tmp, real)  # fails if the target appeared after the check: never clobbered
    except FileExistsError:
        raise OutputRefusedError(_exists_message(shown)) from None
    except OSError:
        # no hard links on this file system (FAT32 USB drives): the checks above must do
        if real.exists():
            raise OutputRefusedError(_exists_message(shown)) from None
        os.replace(tmp, real)
        return
    _discard(tmp)


def _write_error(shown: str, exc: OSError) -> LedgerError:
    if exc.errno == errno.ENOSPC:
        return OutputWriteError(f"磁盘空间不足，无法写入“{shown}”。请清理磁盘后重试；台账内容未受影响。")
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError) and os.name == "nt":
        reason += "（文件可能正被 Excel、WPS 或 PDF 阅读器打开，请关闭后重试）"
    return OutputWriteError(f"无法写入“{shown}”：{reason}。原有文件（如有）未改动。")


def _discard(tmp: Path) -> None:
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink()



def _remove_stale_temps(folder: Path, now: datetime | None = None) -> None:
    limit = (now or datetime.now()) - TEMP_MAX_AGE
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if leftover.is_file() and datetime.fromtimestamp(leftover.stat().st_mtime) < limit:
                    leftover.unlink()
