"""Storage errors that users understand.

Known storage failures are turned into one of these, each carrying a plain Chinese
message; the window and the command line show ``str(error)`` as is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


class LedgerError(Exception):
    """Base class: a problem with the ledger file or server the user can act on."""


def _backup_hint(backup: str | Path) -> str:
    return f'最近的备份：{backup}。可在“设置 → 备份与恢复”中恢复，或运行 dengbao-cli restore "{backup}"。'


class WrongKeyError(LedgerError):
    """The key does not open the file (or the file is not a ledger). ``backup``: newest backup, if any."""

    def __init__(self, detail: str = "", *, backup: str | Path | None = None) -> None:
        self.backup = Path(backup) if backup is not None else None
        super().__init__(
            "无法打开台账：密钥不正确，或文件不是等保台账。文件未做任何修改。"
            + (f"（{detail}）" if detail else "")
            + "如密钥丢失，请使用打印保存的恢复密钥（设置 DENGBAO_KEY 或运行 dengbao-cli unlock）。"
            + (f"如文件已损坏，{_backup_hint(backup)}" if backup is not None else "")
        )


class MissingKeyError(LedgerError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"台账“{path}”已加密，但在系统凭据管理器中找不到它的密钥。文件未做任何修改。"
            "请输入恢复密钥（运行 dengbao-cli unlock，或设置环境变量 DENGBAO_KEY）后重试。"
        )


class NotALedgerFileError(LedgerError):
    def __init__(self, path: str) -> None:
        super().__init__(f"台账路径“{path}”是一个文件夹，不是台账文件。请选择台账文件（.db）。")


class KeyringUnavailableError(LedgerError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "系统凭据管理器不可用，无法保存台账密钥。"
            "请设置环境变量 DENGBAO_KEY（64位十六进制或恢复密钥），或使用 --no-encryption 创建不加密的台账。"
            + (f"（{detail}）" if detail else "")
        )


class LedgerBusyError(LedgerError):
    def __init__(self) -> None:
        super().__init__("台账正被另一个程序（或另一个窗口、命令行）使用，请稍后再试，或关闭另一个程序。")


class LockLostError(LedgerError):
    def __init__(self, *, committed: bool = False) -> None:
        #: True when the commit ran but went to a -wal file another program had already deleted
        self.committed = committed
        super().__init__(
            "本次修改没有保存：台账文件的锁被本机的其他操作打断（例如文件对话框读取了台账文件）。"
            + ("修改写入了已被删除的日志文件，未能进入台账；" if committed else "为免写入已失效的文件，修改已撤销；")
            + "连接已重新建立，请再保存一次。"
        )

    def __reduce__(self) -> tuple[Callable[[bool], LockLostError], tuple[bool]]:
        return (_lock_lost, (self.committed,))


def _lock_lost(committed: bool) -> LockLostError:
    """Rebuilds a LockLostError sent back from a job process (its message comes from ``committed``)."""
    return LockLostError(committed=committed)


class LedgerAccessError(LedgerError):
    def __init__(self, path: str = "") -> None:
        super().__init__(
            f"没有读取台账文件的权限：{path}。文件未做任何修改。请检查文件权限，或以有权限的用户身份运行。"
        )


class ReadOnlyLedgerError(LedgerError):
    def __init__(self, path: str = "") -> None:
        where = f"（{path}）" if path else ""
        super().__init__(
            f"台账文件或其所在文件夹只读{where}，无法保存修改。"
            "请检查文件属性和文件夹权限，或把台账复制到可写的位置后再打开。"
        )


class NotPermittedError(LedgerError):
    """A department server refused the change: the officer's role or scope does not allow it."""

    def __init__(self) -> None:
        super().__init__(
            "服务器拒绝了这项修改：您的账户没有这个权限（只读审计账户不能修改，单位账户只能修改本单位及下属单位的记录）。"
            "修改未保存。"
        )


class DiskFullError(LedgerError):
    def __init__(self) -> None:
        super().__init__("磁盘空间不足，修改未保存。请清理磁盘后重试；台账内容未受影响。")


class StorageIOError(LedgerError):
    """A read or write failed below SQLite (removed drive, network share gone, failing disk)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "读写台账文件时出错（磁盘、U盘或网络共享故障），本次修改未保存。"
            "请检查存储设备后重试；如反复出现，请运行 dengbao-cli check 检查台账。"
            + (f"（{detail}）" if detail else "")
        )


class CorruptLedgerError(LedgerError):
    """The file is damaged or not a ledger. ``backup``: the newest backup, if one was found."""

    def __init__(self, detail: str = "", *, backup: str | Path | None = None) -> None:
        self.backup = Path(backup) if backup is not None else None
        super().__init__(
            "台账文件已损坏或不完整，无法打开。文件未做任何修改。"
            + (f"（{detail}）" if detail else "")
            + (
                _backup_hint(backup)
                if backup is not None
                else "请从备份恢复（设置 → 备份与恢复，或 dengbao-cli restore）。"
            )
        )


class NewerLedgerError(LedgerError):
    def __init__(self, revision: str) -> None:
        super().__init__(
            f"此台账由更新版本的等保台账写入（数据结构版本 {revision}），当前程序无法打开。请升级程序后再打开。"
        )


class ServerUnavailableError(LedgerError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "无法连接台账服务器（PostgreSQL）。请检查网络和服务器地址。" + (f"（{detail}）" if detail else "")
        )


class StaleRecordError(LedgerError):
    """The record was saved by someone else (another officer, window or command) after this form loaded it.

    ``expected``/``found``: the version the form was loaded with and the stored one (None when unknown,
    e.g. a racing write caught by the UPDATE's version check)."""

    def __init__(
        self, entity: str = "", record_id: int | None = None, *, expected: int | None = None, found: int | None = None
    ) -> None:
        self.entity, self.record_id, self.expected, self.found = entity, record_id, expected, found
        super().__init__(
            "记录已被他人修改：打开此表单后，另一位操作员（或另一个窗口、命令行）保存了这条记录。"
            "本次修改没有保存；请重新载入后再改，或逐项比较后决定保留哪些值。"
        )

    def __reduce__(self) -> tuple[Callable[..., StaleRecordError], tuple[str, int | None, int | None, int | None]]:
        return (_stale, (self.entity, self.record_id, self.expected, self.found))


def _stale(entity: str, record_id: int | None, expected: int | None, found: int | None) -> StaleRecordError:
    """Rebuilds a StaleRecordError sent back from a job process."""
    return StaleRecordError(entity, record_id, expected=expected, found=found)


class ServerTimeoutError(LedgerError):
    """The server gave up waiting: a row lock held too long by another officer, a statement that ran too
    long, or this connection left idle inside a transaction. ``kind``: lock, statement or idle."""

    MESSAGES = {
        "lock": "另一位操作员正在修改同一条记录，等待超时，本次修改没有保存。请稍后再试。",
        "statement": "服务器执行查询超时，操作已取消，台账未做修改。请缩小查询范围或稍后再试。",
        "idle": "与服务器的连接在未完成的操作中停留过久，已被服务器断开，本次修改没有保存。请重试。",
        "deadlock": "与另一位操作员的保存相互等待，服务器已取消本次保存，台账未做修改。请再保存一次。",
    }

    def __init__(self, kind: str = "lock") -> None:
        self.kind = kind
        super().__init__(self.MESSAGES.get(kind, self.MESSAGES["lock"]))

    def __reduce__(self) -> tuple[Callable[[str], ServerTimeoutError], tuple[str]]:
        return (ServerTimeoutError, (self.kind,))


def translate(exc: BaseException) -> LedgerError | None:
    """Map a DB-API / OS error to a :class:`LedgerError`, or None if it is not a known storage error."""
    if isinstance(exc, LedgerError):
        return exc
    if type(exc).__name__ == "StaleDataError":  # SQLAlchemy's: an UPDATE/DELETE matched no row of that version
        return StaleRecordError()
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "lock timeout" in text:
        return ServerTimeoutError("lock")
    if "statement timeout" in text:
        return ServerTimeoutError("statement")
    if "idle-in-transaction" in text or "idle_in_transaction" in text:
        return ServerTimeoutError("idle")
    if "deadlock detected" in text:
        return ServerTimeoutError("deadlock")
    if "database is locked" in text or "database is busy" in text or "database table is locked" in text:
        return LedgerBusyError()
    if "readonly" in text or "read-only" in text or "attempt to write a readonly" in text:
        return ReadOnlyLedgerError()
    if "database or disk is full" in text or "no space left" in text:
        return DiskFullError()
    if "file is not a database" in text or "file is encrypted" in text:
        return WrongKeyError()
    if "malformed" in text or "database disk image" in text:
        return CorruptLedgerError(text)
    if "disk i/o error" in text:
        return StorageIOError(text)
    if "connection refused" in text or "could not connect" in text or "connection failed" in text:
        return ServerUnavailableError(text)
    if getattr(getattr(exc, "orig", None) or exc, "sqlstate", None) == "42501":  # PostgreSQL: privilege or policy
        return NotPermittedError()
    return None
