"""The 体检 before the preview: the list, each line opening its record, 仍然打印 audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.gui


def _blocked_object(ledger) -> tuple[int, str]:
    from db.models import Filing
    from desktop.services import preflight as pre

    with ledger.session(write=False) as s:
        oids = s.scalars(sa.select(Filing.object_id).order_by(Filing.object_id)).all()
    for oid in oids:
        checked = pre.load_checked(ledger, "filing", oid, today=date.today())
        if any(p.rule == "accepted-before-submitted" for p in checked.problems):
            return oid, checked.form
    raise AssertionError("the demo has no filing accepted before it was made")


def test_preflight_list_opens_records_and_print_anyway_is_audited(qtbot, ledger, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    from db.demo.unit import build_demo
    from db.models import PrintOverride
    from desktop.ui import printing
    from desktop.ui.fonts import setup_fonts
    from desktop.ui.worker import Database

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    setup_fonts(app)  # the bundled CJK font, for the screenshot
    build_demo(ledger)
    oid, form = _blocked_object(ledger)
    opened: list[tuple[str, int, object]] = []
    errors: list[BaseException] = []
    db = Database(ledger, lambda exc, _tb: errors.append(exc))
    parent = QWidget()
    parent.open_record = lambda entity, rid, obj=None: opened.append((entity, rid, obj))  # type: ignore[attr-defined]
    qtbot.addWidget(parent)
    try:
        printing.preview_document(parent, db, "filing", oid, "备案材料")
        qtbot.waitUntil(lambda: bool(printing.open_checks) or bool(errors), timeout=60000)
        assert not errors and not printing.open_previews
        dlg = printing.open_checks[-1]
        assert dlg.list.count() == len(dlg.checked.problems) >= 1
        assert dlg.print_button.text() == "仍然打印"
        assert dlg.form.currentData() == form
        dlg.resize(900, 420)
        dlg.grab().save(str(tmp_path / "preflight.png"))
        first = dlg.list.item(0)
        dlg.list.setCurrentItem(first)
        dlg.open_button.click()
        assert opened and opened[0][0] == "filings" and opened[0][2] == oid
        dlg.print_button.click()
        qtbot.waitUntil(lambda: bool(printing.open_previews) or bool(errors), timeout=60000)
        assert not errors
        with ledger.session(write=False) as s:
            row = s.scalars(sa.select(PrintOverride)).one()
        assert row.object_id == oid and row.output == "预览" and row.blocking >= 1
        printing.open_previews[-1].close()
    finally:
        db.shutdown()
