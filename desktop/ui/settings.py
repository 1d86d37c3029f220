"""Every user setting declared once (key, type, default, label), stored with QSettings.

Window geometry, splitter sizes and table header states are remembered with :func:`save_state` /
:func:`restore_state` under ``state/…`` keys (not shown in 设置).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings

from db.domain.identity import APP_AUTHOR, APP_NAME

ORG = APP_AUTHOR
APP = APP_NAME



@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    label: str
    choices: tuple[tuple[Any, str], ...] = ()
    minimum: int = 0
    maximum: int = 0

    def tr_label(self) -> str:
        return QCoreApplication.translate("Settings", self.label)


def QT_TRANSLATE_NOOP(_context: str, text: str) -> str:  # noqa: N802 - Qt's name, read by lupdate
    return text


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "ui/language",
        str,
        "zh_CN",
        QT_TRANSLATE_NOOP("Settings", "界面语言（重启后生效）"),
        (("zh_CN", "简体中文"), ("en", "English")),
    ),
    Setting(
        "dashboard/horizon_days",
        int,
        30,
        QT_TRANSLATE_NOOP("Settings", "工作台显示多少天内到期的事项"),
        minimum=7,
        maximum=180,
    ),
    Setting(
        "attachments/max_mb",
        int,
        50,
        QT_TRANSLATE_NOOP("Settings", "附件大小上限（MB）"),
        minimum=1,
        maximum=1024,
    ),
    Setting("ledger/last_path", str, "", QT_TRANSLATE_NOOP("Settings", "上次打开的台账")),
    #: a PostgreSQL URL without its password (the password is in the OS keyring); set in 设置 → 服务器
    Setting("ledger/server_url", str, "", QT_TRANSLATE_NOOP("Settings", "连接服务器（重启后生效）")),
    Setting(
        "ui/confirm_close_dirty",
        bool,
        True,
        QT_TRANSLATE_NOOP("Settings", "关闭有未保存修改的编辑窗口时提示"),
    ),
)
_BY_KEY = {s.key: s for s in SETTINGS}


def qsettings() -> QSettings:
    """``QSettings()`` honours the default format and path (portable mode, tests); names set once here."""
    if not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName(ORG)
    if not QCoreApplication.applicationName() or QCoreApplication.applicationName().startswith("python"):
        QCoreApplication.setApplicationName(APP)
    return QSettings()


def get(key: str) -> Any:
    spec = _BY_KEY[key]
    raw = qsettings().value(key, spec.default)
    if raw is None:
        return spec.default
    try:
        if spec.type is bool:
            return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes")
        return spec.type(raw)
    except (TypeError, ValueError):
        return spec.default


def set(key: str, value: Any) -> None:  # noqa: A001 - settings.set reads well
    spec = _BY_KEY[key]
    qsettings().setValue(key, spec.type(value))


def save_state(key: str, value: QByteArray | list[int]) -> None:
    qsettings().setValue(f"state/{key}", value)


def restore_state(key: str) -> Any:
    return qsettings().value(f"state/{key}")


def remove_state(key: str) -> None:
    qsettings().remove(f"state/{key}")
