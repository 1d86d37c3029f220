"""Issue 19: at 150 % on an 800×600 screen (533×400 logical pixels) the window's minimum size fits
the screen whichever page is shown; rows of filters and buttons wrap, pages larger than the window
scroll, and nothing an officer needs lies outside what can be seen or scrolled to."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QComboBox, QLineEdit, QScrollArea, QWidget

from desktop.ui import fonts, messages
from desktop.ui.mainwindow import MainWindow
from desktop.ui.windowfit import FRAME_ALLOWANCE
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui

#: 800×600 at 150 %, in logical pixels
SMALL = QSize(533, 400)
#: the window manager's frame around the window (title bar above, a few pixels at the sides)
ROOM = QSize(SMALL.width() - FRAME_ALLOWANCE // 4, SMALL.height() - FRAME_ALLOWANCE)
PAGES = ("dashboard", "organizations", "objects", "gradings", "filings", "assessments", "findings",
         "emergency", "notices", "export", "settings")


@pytest.fixture(autouse=True)
def never_block(monkeypatch) -> None:
    monkeypatch.setattr(messages, "ask_unsaved", lambda _p, _w: messages.Answer.DISCARD)


@pytest.fixture
def window(qtbot, qapp, demo_ledger):
    fonts.setup_fonts(qapp)  # as the program starts: the bundled CJK font sets the text's size
    db = Database(demo_ledger)
    win = MainWindow(db=db)
    qtbot.addWidget(win)
    win.show()
    win.nav.setCurrentRow(0)
    yield win
    win.close()
    db.shutdown()


def settle(qtbot: Any, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: win.db.pending == 0, timeout=15000)
    qtbot.wait(80)
    qtbot.waitUntil(lambda: win.db.pending == 0, timeout=15000)


def effective_minimum(win: MainWindow) -> QSize:
    return win.minimumSizeHint().expandedTo(win.minimumSize())


def fits(size: QSize) -> bool:
    return size.width() <= ROOM.width() and size.height() <= ROOM.height()


def scroller(win: MainWindow) -> QScrollArea:
    area = win.stack.currentWidget().findChild(QScrollArea, "pageScroller")
    assert area is not None
    return area


@pytest.fixture
def english(qapp):
    """The window in English (longer navigation labels), the translator removed afterwards."""
    from PySide6.QtCore import QTranslator

    from desktop.ui import i18n

    tr = QTranslator()
    assert tr.load("dengbao_en", str(i18n.translations_dir()))
    qapp.installTranslator(tr)
    yield
    qapp.removeTranslator(tr)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_minimum_size_fits_a_small_screen_on_every_page(qtbot, request, lang, demo_ledger) -> None:
    if lang == "en":
        request.getfixturevalue("english")
    win = request.getfixturevalue("window")
    if lang == "en":
        assert win.nav.item(2).text() != "网站与信息系统"
    sizes = {}
    for key in PAGES:
        win.go_to(key)
        settle(qtbot, win)
        sizes[key] = effective_minimum(win)
    win.open_object(1)
    settle(qtbot, win)
    for tab in range(win.object_page.tabs.count()):
        win.object_page.tabs.setCurrentIndex(tab)
        settle(qtbot, win)
        sizes[f"object tab {tab}"] = effective_minimum(win)
    # the stack keeps every page it has built: what it asks now is the most any page asks
    for key in PAGES:
        win.go_to(key)
    settle(qtbot, win)
    sizes["all pages built"] = effective_minimum(win)
    too_big = {k: (s.width(), s.height()) for k, s in sizes.items() if not fits(s)}
    assert not too_big, f"larger than {ROOM.width()}×{ROOM.height()}: {too_big}"


@pytest.mark.parametrize("key", ["objects", "findings", "assessments"])
def test_list_pages_at_the_minimum_wrap_their_filters_without_sideways_scrolling(qtbot, window, key) -> None:
    win = window
    page = win.go_to(key)
    settle(qtbot, win)
    win.resize(effective_minimum(win))
    settle(qtbot, win)
    area = scroller(win)
    assert area.horizontalScrollBar().maximum() == 0, "the page is wider than the window"
    bar = [w for w in page.findChildren(QWidget) if isinstance(w, (QLineEdit, QComboBox, QAbstractButton))
           and w.isVisible() and not isinstance(w.parentWidget(), QAbstractScrollArea)]
    assert bar
    outside = [w.objectName() or type(w).__name__ for w in bar
               if w.mapTo(area.viewport(), w.rect().bottomRight()).x() >= area.viewport().width()]
    assert not outside, f"right of the page's visible part: {outside}"


def test_dashboard_and_object_page_need_no_sideways_scrolling_at_the_minimum(qtbot, window) -> None:
    win = window
    win.go_to("dashboard")
    settle(qtbot, win)
    win.resize(effective_minimum(win))
    win.open_object(1)
    settle(qtbot, win)
    assert scroller(win).horizontalScrollBar().maximum() == 0
    # the header's filing line wraps, the certificate number only after its hyphen (its end was cut off)
    filing = win.object_page.header.filing
    number = filing.text().split()[-1]
    assert number[:4].isdigit(), filing.text()
    widest = max(filing.fontMetrics().horizontalAdvance(part) for part in number.split("\u200b"))
    assert filing.width() >= widest, (filing.width(), number)
    win.go_to("dashboard")
    settle(qtbot, win)
    qtbot.wait(100)
    assert scroller(win).horizontalScrollBar().maximum() == 0


def test_the_object_page_does_not_scroll_at_the_default_size(qtbot, window) -> None:
    """The page scroller only scrolls what does not fit: at the default size the object page fits."""
    win = window
    win.resize(win.fontMetrics().horizontalAdvance("中") * 90, win.fontMetrics().horizontalAdvance("中") * 56)
    win.open_object(1)
    settle(qtbot, win)
    assert scroller(win).verticalScrollBar().maximum() == 0
    assert scroller(win).horizontalScrollBar().maximum() == 0
