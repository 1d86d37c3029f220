"""Server mode: a shared PostgreSQL ledger instead of the local file.

The URL (``postgresql+psycopg://user@host:5432/dengbao``) is kept in the settings *without* its
password; the password is asked for once and kept in the OS keyring under
``keyring.set_password("dengbao-ledger-server", url, password)``, never in the settings or on disk.
:func:`startup_url` puts the two together when the program starts (a ``--url`` on the command line
wins, then ``--db``, then the URL saved here). The choice takes effect on the next start.
"""

from __future__ import annotations

import contextlib
from typing import Any

import keyring
import keyring.errors
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.domain.identity import SERVER_KEYRING_SERVICE
from desktop.services import ledger_access as access
from desktop.services import server_info
from desktop.services.ledger_access import ServerUrlError as ServerUrlError
from desktop.ui import settings, theme
from desktop.ui.worker import run_in_pool

SERVICE = SERVER_KEYRING_SERVICE
SETTING = "ledger/server_url"


def clean_url(text: str) -> tuple[str, str | None]:
    """(URL without password, the password it carried or None); raises :class:`ServerUrlError`."""
    return access.split_server_url(text)


def saved_url() -> str:
    return str(settings.get(SETTING) or "")


def _tls_of(url: str) -> tuple[str, str]:
    if not url:
        return "", ""
    try:
        return server_info.tls_of(url)
    except Exception:  # noqa: BLE001 - a saved URL that no longer parses: start from the defaults
        return "", ""


def save(url_text: str, password: str | None) -> str:
    """Remember the server: the URL in the settings, the password (if any) in the OS keyring."""
    url, embedded = clean_url(url_text)
    password = password if password is not None else embedded
    if password:
        keyring.set_password(SERVICE, url, password)
    settings.set(SETTING, url)
    return url


def forget() -> None:
    """Back to the local ledger file at the next start; the saved password is removed too."""
    url = saved_url()
    if url:
        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(SERVICE, url)
    settings.set(SETTING, "")


def with_password(url: str) -> str:
    """``url`` with the password from the keyring put in (unchanged when none is stored)."""
    return access.with_saved_password(url)


def startup_url(cli_url: str | None, cli_db: str | None) -> str | None:
    """The server to open at start-up: ``--url``, else (without ``--db``) the one saved in 设置."""
    if cli_url:
        return with_password(cli_url)
    if cli_db:
        return None
    url = saved_url()
    return with_password(url) if url else None


def ask_password(parent: QWidget | None, url: str) -> str | None:
    """Ask for the server password (tests replace this)."""
    value, ok = QInputDialog.getText(
        parent, QCoreApplication.translate("ServerPanel", "服务器密码"),
        QCoreApplication.translate("ServerPanel", "连接 %1 的密码（保存在系统凭据管理器中）：").replace("%1", url),
        QLineEdit.EchoMode.Password,
    )
    return value if ok else None


def test_connection(url: str) -> str:
    """Connect once (in a pool thread); returns the server version text."""
    return access.server_version(with_password(url))


class ServerPanel(QWidget):
    """设置 → 服务器: the 连接服务器 field, its password, and the ledger in use now."""

    def __init__(self, ledger: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        box = QGroupBox(self.tr("连接服务器"))
        form = QFormLayout(box)
        intro = QLabel(self.tr(
            "一个部门共用台账时，可以把台账放在 PostgreSQL 服务器上。填写服务器地址（不含密码），"
            "密码只保存在本机的系统凭据管理器中。重启程序后生效；清除地址即回到本机台账文件。"
        ))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.url = QLineEdit(saved_url())
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("postgresql+psycopg://用户名@服务器:5432/dengbao")
        form.addRow(self.tr("服务器地址"), self.url)
        mode, ca_file = _tls_of(saved_url())
        self.sslmode = QComboBox()
        self.sslmode.setObjectName("serverSslMode")
        for value, label in server_info.SSL_MODES.items():
            self.sslmode.addItem(self.tr(label), value)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(mode)))
        form.addRow(self.tr("连接加密"), self.sslmode)
        ca_row = QHBoxLayout()
        self.ca_file = QLineEdit(ca_file)
        self.ca_file.setObjectName("serverCaFile")
        self.ca_file.setPlaceholderText(self.tr("验证服务器证书时必填：单位 CA 证书文件（.crt/.pem）"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._choose_ca)
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        form.addRow(self.tr("CA 证书"), ca_row)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存并设置密码…"))
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.clicked.connect(self.test)
        self.clear_button = QPushButton(self.tr("清除（使用本机文件）"))
        self.clear_button.clicked.connect(self.clear)
        row.addWidget(self.save_button)
        row.addWidget(self.test_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        form.addRow(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.status)
        layout.addWidget(box)
        info = access.describe(ledger)
        now = QLabel(
            self.tr("当前使用：服务器 %1").replace("%1", info.location)
            if info.is_server
            else self.tr("当前使用：本机文件 %1").replace("%1", info.location)
        )
        now.setWordWrap(True)
        now.setStyleSheet(f"color: {theme.css(theme.MUTED)};")
        layout.addWidget(now)
        if info.is_server:
            layout.addWidget(self._officer_box(ledger))
        layout.addStretch(1)

    def _officer_box(self, ledger: Any) -> QWidget:
        """当前登录: the server's answer to who this is (asked in a pool thread)."""
        box = QGroupBox(self.tr("当前登录"))
        form = QFormLayout(box)
        self.officer_login = QLabel(self.tr("正在询问服务器…"))
        self.officer_login.setObjectName("officerLogin")
        self.officer_role = QLabel()
        self.officer_role.setObjectName("officerRole")
        self.officer_scope = QLabel()
        self.officer_scope.setObjectName("officerScope")
        self.officer_scope.setWordWrap(True)
        self.officer_tls = QLabel()
        self.officer_tls.setObjectName("officerTls")
        form.addRow(self.tr("账户"), self.officer_login)
        form.addRow(self.tr("角色"), self.officer_role)
        form.addRow(self.tr("范围"), self.officer_scope)
        form.addRow(self.tr("连接"), self.officer_tls)

        def done(who: server_info.OfficerInfo | None) -> None:
            if who is None:
                self.officer_login.setText(self.tr("服务器未回答"))
                return
            self.officer_login.setText(who.login)
            role = who.role or self.tr("未分角色")
            self.officer_role.setText(role + (self.tr("（只读）") if who.read_only else ""))
            self.officer_scope.setText(who.scope)
            self.officer_tls.setText(self.tr(server_info.connection_security(who.tls)))

        def failed(exc: BaseException, _tb: str) -> None:
            self.officer_login.setText(self.tr("服务器未回答：%1").replace("%1", str(exc)[:80]))

        run_in_pool(lambda: server_info.officer(ledger), done, failed, owner=self)
        return box

    def _choose_ca(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择 CA 证书"), self.ca_file.text(), self.tr("证书 (*.crt *.pem *.cer);;所有文件 (*)")
        )
        if name:
            self.ca_file.setText(name)

    def _with_tls(self, url: str) -> str:
        """``url`` with the chosen encryption; raises ServerUrlError with the reason."""
        try:
            return server_info.with_tls(url, str(self.sslmode.currentData() or ""), self.ca_file.text())
        except ValueError as exc:
            raise ServerUrlError(str(exc)) from None

    def _say(self, text: str, color: Any = None) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {theme.css(color)};" if color is not None else "")

    def save(self) -> None:
        try:
            clean, embedded = clean_url(self.url.text())
            clean = self._with_tls(clean)
        except ServerUrlError as exc:
            self._say(str(exc), theme.OVERDUE)
            return
        password = embedded if embedded is not None else ask_password(self, clean)
        if password is None:
            return
        try:
            url = save(clean, password)
        except keyring.errors.KeyringError as exc:
            self._say(self.tr("无法把密码保存到系统凭据管理器：%1").replace("%1", str(exc)), theme.OVERDUE)
            return
        self.url.setText(url)
        self._say(self.tr("已保存。重启程序后连接服务器 %1。").replace("%1", url), theme.DONE)

    def clear(self) -> None:
        forget()
        self.url.clear()
        self._say(self.tr("已清除。重启程序后使用本机台账文件。"))

    def test(self) -> None:
        try:
            clean, _pw = clean_url(self.url.text())
            clean = self._with_tls(clean)
        except ServerUrlError as exc:
            self._say(str(exc), theme.OVERDUE)
            return
        self._say(self.tr("正在连接…"))
        self.test_button.setEnabled(False)

        def done(version: str) -> None:
            self.test_button.setEnabled(True)
            self._say(self.tr("连接成功：%1").replace("%1", version[:80]), theme.DONE)

        def failed(exc: BaseException, _tb: str) -> None:
            self.test_button.setEnabled(True)
            from db.domain.errors import translate

            known = translate(getattr(exc, "orig", None) or exc)
            self._say(self.tr("连接失败：%1").replace("%1", str(known or exc)), theme.OVERDUE)

        run_in_pool(lambda: test_connection(clean), done, failed, owner=self)


__all__ = ["SERVICE", "ServerPanel", "ServerUrlError", "clean_url", "forget", "save", "startup_url", "with_password"]
