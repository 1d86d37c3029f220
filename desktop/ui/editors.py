"""Editor dialogs for every entity: a form with inline validation, Ctrl+S, unsaved-changes prompt, history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.domain.errors import StaleRecordError
from db.domain.lifecycle import TransitionError
from db.domain.validators import ValidationError
from desktop.services import entities, views
from desktop.services import records as svc
from desktop.ui import conflict, editor_specs, messages, settings, theme
from desktop.ui.errors import show_error
from desktop.ui.forms import FormView
from desktop.ui.history import HistoryView
from desktop.ui.worker import Database

#: editors opened and not yet closed (tests and screenshots look here)
open_editors: list[EditorDialog] = []


class EditorDialog(QDialog):
    """Edit (or create, when ``record_id`` is None) one record."""

    saved = Signal(int)
    #: the record was deleted (its id)
    deleted = Signal(int)

    def __init__(
        self,
        db: Database,
        entity: str,
        record_id: int | None = None,
        parent: QWidget | None = None,
        *,
        defaults: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.entity = entity
        self.record_id = record_id
        self.defaults = defaults or {}
        self.record: dict[str, Any] = {}
        self._closing_ok = False
        self.kind_title = editor_specs.title(entity)
        self.setWindowTitle(
            self.tr("新建%1").replace("%1", self.kind_title) if record_id is None
            else self.tr("编辑%1").replace("%1", self.kind_title)
        )
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.tabs = QTabWidget()
        self.form = FormView(entity, editor_specs.sections(entity))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs.addTab(scroll, self.tr("内容"))
        self.history = HistoryView(db, self._history_entity(), record_id)
        self.tabs.addTab(self.history, self.tr("历史"))
        self.tabs.setTabEnabled(1, record_id is not None)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.extra_tabs()
        layout.addWidget(self.tabs, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip(self.tr("保存（Ctrl+S）"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("关闭"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.delete_button: QPushButton | None = None
        if entity in entities.DELETABLE:
            self.delete_button = self.buttons.addButton(self.tr("删除…"), QDialogButtonBox.ButtonRole.DestructiveRole)
            self.delete_button.setToolTip(self.tr("删除这条记录（记入审计记录，不能撤销）"))
            self.delete_button.clicked.connect(self.delete)
            self.delete_button.setVisible(record_id is not None)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(em * 44, min(em * 48, self.screen().availableGeometry().height() - 80))
        self.form.changed.connect(self._update_title)
        self._fill_lookups()
        if record_id is not None:
            # nothing typed yet: closing before the record arrives must not ask about unsaved changes
            self.form.mark_clean()
            self.load()
        else:
            self.form.load(self.defaults)
            self.form.mark_clean()
            self.form.restrict_status(None)
        open_editors.append(self)
        self.finished.connect(lambda _r: open_editors.remove(self) if self in open_editors else None)

    def _history_entity(self) -> str:
        return self.entity

    def extra_tabs(self) -> None:
        """Subclasses add tabs here."""

    # ---- loading -------------------------------------------------------------------------------

    def _fill_lookups(self) -> None:
        refs = {f.key: f.ref for f in entities.entity(self.entity).fields
                if f.kind == "fk" and f.ref and f.key in self.form.widgets}
        if not refs:
            return

        self.db.call(views.lookups, refs, on_done=self._lookups_loaded, owner=self)

    def _lookups_loaded(self, found: dict[str, list[tuple[int, str]]]) -> None:
        dirty = self.form.is_dirty()
        for key, pairs in found.items():
            if key == "parent_id" and self.record_id is not None:
                pairs = [p for p in pairs if p[0] != self.record_id]
            self.form.set_choices(key, pairs)
            spec = next((f for f in entities.entity(self.entity).fields if f.key == key), None)
            if not pairs and spec is not None and spec.required:
                # nothing to choose from: say where it comes from instead of an empty list
                self.form.show_error(key, self.tr("还没有可选的记录：请先在“%1”页新建（如本单位），再回来填写。")
                                     .replace("%1", self.tr("单位") if spec.ref == "organizations" else spec.label))
        if not dirty:
            source = self.record or self.defaults
            for key in found:
                if key in source:
                    self.form.set_value(key, source[key])
            self.form.mark_clean()

    def load(self) -> None:
        self.db.call(views.record, self.entity, self.record_id, on_done=self._loaded, owner=self)

    def _loaded(self, record: dict[str, Any]) -> None:
        self.record = record
        self.form.restrict_status(record.get("status"))
        self.form.load(record)
        self.after_load(record)
        self._update_title()

    def after_load(self, record: dict[str, Any]) -> None:
        """Subclasses fill their extra tabs."""

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.history and not self.history.loaded:
            self.history.load(self.record_id)

    def _update_title(self) -> None:
        name = self.record.get("name") or self.record.get("title") or ""
        base = (
            self.tr("新建%1").replace("%1", self.kind_title) if self.record_id is None
            else f"{self.kind_title} — {name}" if name else self.tr("编辑%1").replace("%1", self.kind_title)
        )
        self.setWindowTitle(base + (" *" if self.form.is_dirty() else ""))

    # ---- saving --------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        values = self.form.values()
        for key, value in self.defaults.items():
            if key not in values:
                values[key] = value
        return values

    def save(self, *, then_close: bool = True) -> None:
        if not self.form.check_all():
            self.banner.setText(self.tr("请先改正标红的内容。"))
            self.banner.show()
            return
        self.banner.hide()
        self.buttons.setEnabled(False)
        values = self.values()
        self.db.write(
            svc.save, self.entity, self.record_id, values,
            expected_version=self.record.get("row_version") if self.record_id is not None else None,
            on_done=lambda rid: self._saved(rid, then_close),
            on_error=self._save_failed,
            owner=self,
        )

    def _saved(self, record_id: int, then_close: bool) -> None:
        self.buttons.setEnabled(True)
        created = self.record_id is None
        self.record_id = record_id
        self.form.mark_clean()
        self.saved.emit(record_id)
        if then_close:
            self._closing_ok = True
            self.accept()
        else:
            if created:
                self.tabs.setTabEnabled(1, True)
                if self.delete_button is not None:
                    self.delete_button.setVisible(True)
            self.load()

    def _save_failed(self, exc: BaseException, tb: str) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, StaleRecordError) and self.record_id is not None:
            conflict.resolve(self)  # someone saved it meanwhile: their values, mine, field by field
            return
        if isinstance(exc, entities.FormErrors):
            placed = self.form.show_errors(exc.errors)
            self.banner.setText(self.tr("请先改正标红的内容。") if placed else "；".join(exc.errors.values()))
            self.banner.show()
            return
        field_key = getattr(exc, "field", "")
        if field_key and field_key in self.form.widgets:
            self.form.show_error(field_key, str(exc))
        self.banner.setText(str(getattr(exc, "message", None) or exc))
        self.banner.show()
        if not hasattr(exc, "message") and not isinstance(exc, ValidationError | TransitionError):
            show_error(exc, tb, self)

    # ---- deleting ------------------------------------------------------------------------------

    def delete(self) -> None:
        """Ask, then delete the record in one audited transaction; a refusal is shown in the banner."""
        if self.record_id is None:
            return
        name = self.record.get("name") or self.record.get("title") or self.record.get("text") or ""
        name = str(name).splitlines()[0][:40] if name else ""
        what = f"{self.kind_title}“{name}”" if name else self.kind_title
        if not messages.ask(
            self, self.tr("删除%1").replace("%1", self.kind_title),
            self.tr("确定删除%1吗？\n删除会记入审计记录，不能撤销。").replace("%1", what),
        ):
            return
        rid = self.record_id
        self.buttons.setEnabled(False)

        def done(_r: Any) -> None:
            self.buttons.setEnabled(True)
            self._closing_ok = True
            self.deleted.emit(rid)
            self.accept()

        self.db.write(svc.delete, self.entity, rid, on_done=done, on_error=self._save_failed, owner=self)

    # ---- closing -------------------------------------------------------------------------------

    def _confirm_discard(self) -> bool:
        if self._closing_ok or not self.form.is_dirty() or not settings.get("ui/confirm_close_dirty"):
            return True
        answer = messages.ask_unsaved(self, self.kind_title)
        if answer == messages.Answer.SAVE:
            self.save()
            return False
        return answer == messages.Answer.DISCARD

    def reject(self) -> None:
        if self._confirm_discard():
            self._closing_ok = True
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._confirm_discard():
            self._closing_ok = True
            event.accept()
        else:
            event.ignore()


#: dialogs with more than the generic form, by entity; filled by their modules (see editor_dialogs)
_DIALOGS: dict[str, Callable[..., EditorDialog]] = {}


def register_dialog(entity: str, factory: Callable[..., EditorDialog]) -> None:
    _DIALOGS[entity] = factory


def editor_for(db: Database, entity: str, record_id: int | None, parent: QWidget | None, **kw: Any) -> EditorDialog:
    """The right editor class for ``entity`` (the special dialogs register in :mod:`desktop.ui.editor_dialogs`)."""
    factory = _DIALOGS.get(entity)
    if factory is None:
        return EditorDialog(db, entity, record_id, parent, **kw)
    return factory(db, entity, record_id, parent, **kw)
