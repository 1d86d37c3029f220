"""Storage errors that users understand.

Known storage failures are turned into one of these, each carrying a plain Chinese
message; the window and the command line show ``str(error)`` as is.
"""

from __future__ import annotations


class LedgerError(Exception):
    """Base class: a problem with the ledger file or server the user can act on."""


class WrongKeyError(LedgerError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "无法打开台账：密钥不正确，或文件不是等保台账。文件未做任何修改。"
            + (f"（{detail}）" if detail else "")
            + "如密钥丢失，请使用打印保存的恢复密钥（设置 DENGBAO_KEY 或在启动时输入）。"
        )


class MissingKeyError(LedgerError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"台账“{path}”已加密，但在系统凭据管理器中找不到它的密钥。文件未做任何修改。"
            "请输入恢复密钥（或设置环境变量 DENGBAO_KEY）后重试。"
        )


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


class ReadOnlyLedgerError(LedgerError):
    def __init__(self, path: str = "") -> None:
        super().__init__(f"台账文件所在位置只读，无法保存修改。{path}".strip())


class DiskFullError(LedgerError):
    def __init__(self) -> None:
        super().__init__("磁盘空间不足，修改未保存。请清理磁盘后重试；台账内容未受影响。")


class CorruptLedgerError(LedgerError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "台账文件已损坏或不完整，无法打开。请从备份恢复（设置 → 备份与恢复，或 dengbao-cli restore）。"
            + (f"（{detail}）" if detail else "")
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


def translate(exc: BaseException) -> LedgerError | None:
    """Map a DB-API / OS error to a :class:`LedgerError`, or None if it is not a known storage error."""
    if isinstance(exc, LedgerError):
        return exc
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "database is locked" in text or "database is busy" in text or "database table is locked" in text:
        return LedgerBusyError()
    if "readonly" in text or "read-only" in text or "attempt to write a readonly" in text:
        return ReadOnlyLedgerError()
    if "database or disk is full" in text or "no space left" in text:
        return DiskFullError()
    if "file is not a database" in text or "file is encrypted" in text:
        return WrongKeyError()
    if "malformed" in text or "disk i/o error" in text or "database disk image" in text:
        return CorruptLedgerError(text)
    if "connection refused" in text or "could not connect" in text or "connection failed" in text:
        return ServerUnavailableError(text)
    return None
