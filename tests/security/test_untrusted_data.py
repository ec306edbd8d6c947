"""Every string from the service is shown as plain text, and none of them breaks the layout.

A sandbox client whose name, address, metadata, footer and e-mail templates hold HTML, an
image pointing at a local file, a link, right-to-left overrides, emoji and 300-character words
is opened on every page of the window, in both unit dialogs and in the quick switcher. No
label, tooltip, item or text editor may interpret any of it, the texts must appear literally,
and the window must not grow past a laptop screen because of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from si_desktop.sandbox import create_app
from si_desktop.sync.connection import Connection
from si_desktop.sync.workspace import Workspace
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pages.units import BusinessUnitsPage
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.painted import wait_painted

SANDBOX_KEY = "sk_sandbox_" + "5e" * 16
LONG = "Ž" + "W" * 299  # one 300-character word
BOLD = "<b>x</b>"
IMAGE = "<img src=file:///etc/passwd>"
LINK = "<a href=https://evil.example/steal>click</a>"
RTL = "\u202egnp.exe\u202c"
EMOJI = "😀🧾"
EVIL = f"{BOLD} {IMAGE} {LINK} {RTL} {EMOJI} {LONG}"
RAW_MARKUP = (BOLD, "<img", "<a href")
LITERAL_MARKERS = (BOLD, IMAGE, "<a href=", "\u202e", LONG[:60])
MAX_WIDTH = 1280  # a laptop screen


@pytest.fixture
def evil_app() -> Iterator[Starlette]:
    app = create_app(api_key=SANDBOX_KEY)
    yield app
    app.state.sandbox.close()


@pytest.fixture
def window(
    qtbot: QtBot, context: AppContext, evil_app: Starlette
) -> Iterator[tuple[MainWindow, dict[str, Any]]]:
    import httpx

    workspace = Workspace.in_memory(
            Connection(base_url=ASGI_BASE_URL, api_key=SANDBOX_KEY),
        transport=httpx.ASGITransport(app=evil_app),
    )
    call = context.bridge.call
    body = EVIL[:1900]
    entity = call(
        workspace.create_client(
            name=EVIL,
            country="Slovenia",
            address=EVIL[:500],
            city=f"{BOLD} {RTL} {EMOJI}",
            metadata={"note": EVIL[:250], "html": IMAGE, "link": LINK},
            settings={
                "document_footer": EVIL[:500],
                "email_defaults": {
                    "invoice_subject": f"{BOLD} {{document_number}} {IMAGE}",
                    "invoice_body": body,
                    "estimate_subject": LINK,
                    "estimate_body": f"{RTL} {LONG}",
                },
            },
        ),
        timeout=10,
    ).view
    unit = call(workspace.create_unit(entity.id, {"name": EVIL[:200]}), timeout=10).view
    context.set_workspace(workspace)
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.resize(MAX_WIDTH, 800)
    win.show()
    qtbot.waitUntil(lambda: context.current_client_id == entity.id, timeout=10000)
    qtbot.waitUntil(
        lambda: all(not p.is_loading and p.data is not None for p in win.pages), timeout=10000
    )
    yield win, {"entity": entity.data, "unit": unit.data}


def _model_texts(model: QAbstractItemModel) -> Iterator[tuple[int, str]]:
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)

    def columns(parent: QModelIndex) -> int:
        try:
            return int(model.columnCount(parent))
        except TypeError:  # a list model keeps columnCount to itself: one column
            return 1

    def walk(parent: QModelIndex) -> Iterator[tuple[int, str]]:
        for row in range(min(model.rowCount(parent), 200)):
            for column in range(columns(parent)):
                index = model.index(row, column, parent)
                for role in roles:
                    value = index.data(role)
                    if isinstance(value, str):
                        yield role, value
                if column == 0 and model.rowCount(index) > 0:
                    yield from walk(index)

    yield from walk(QModelIndex())


def _tooltip_is_safe(tip: str) -> bool:
    """A tooltip Qt would render as HTML must not carry the client's markup raw."""
    if not tip or not GuiQt.mightBeRichText(tip):
        return True
    return not any(marker in tip for marker in RAW_MARKUP)


def assert_nothing_interpreted(root: QWidget) -> list[str]:
    """Every widget under `root`; returns the client texts seen, for the literal check."""
    seen: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        name = f"{type(widget).__name__}#{widget.objectName()}"
        assert _tooltip_is_safe(widget.toolTip()), f"{name} tooltip: {widget.toolTip()[:120]}"
        if isinstance(widget, QLabel):
            text = widget.text()
            if any(marker in text for marker in LITERAL_MARKERS):
                assert widget.textFormat() == Qt.TextFormat.PlainText, f"{name}: {text[:120]}"
                seen.append(text)
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
            seen.append(text)
        elif isinstance(widget, QTextEdit):
            html = widget.toHtml()
            assert "<img" not in html and "<a href" not in html, f"{name} renders client HTML"
            seen.append(widget.toPlainText())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            for role, text in _model_texts(widget.model()):
                if role == Qt.ItemDataRole.ToolTipRole:
                    assert _tooltip_is_safe(text), f"{name} item tooltip: {text[:120]}"
                seen.append(text)
    return seen


def _fits(widget: QWidget) -> None:
    hint = widget.minimumSizeHint().width()
    assert hint <= MAX_WIDTH, f"{type(widget).__name__} wants {hint} px"
    assert widget.width() <= MAX_WIDTH + 1


def test_every_page_shows_client_text_literally_and_within_the_window(
    qtbot: QtBot, window: tuple[MainWindow, dict[str, Any]]
) -> None:
    win, _records = window
    assert win.client_title.text() == EVIL
    all_seen: list[str] = []
    for page in win.pages:
        win.tabs.setCurrentWidget(page)
        wait_painted(qtbot, page)
        all_seen += assert_nothing_interpreted(win)
        _fits(win)
    joined = "\n".join(all_seen)
    for literal in (BOLD, IMAGE, LINK, RTL, EMOJI, LONG[:100]):
        assert literal in joined, f"{literal!r} is not shown literally anywhere"
    assert any(text == EVIL for text in all_seen)  # the Overview's name field, whole


def test_both_unit_dialogs(qtbot: QtBot, window: tuple[MainWindow, dict[str, Any]]) -> None:
    win, _records = window
    units = next(p for p in win.pages if isinstance(p, BusinessUnitsPage))
    win.tabs.setCurrentWidget(units)
    qtbot.waitUntil(lambda: units.model.rowCount() == 1, timeout=5000)
    units.view.selectRow(0)
    checked: list[str] = []

    def inspect(dialog: QDialog) -> bool:
        dialog.resize(900, 700)
        dialog.show()
        pages = getattr(dialog, "pages", [])
        qtbot.waitUntil(
            lambda: all(p.data is not None and not p.is_loading for p in pages), timeout=10000
        )
        tabs = getattr(dialog, "tabs", None)
        for index in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(index)
                wait_painted(qtbot, tabs.currentWidget())
            seen = assert_nothing_interpreted(dialog)
            _fits(dialog)
            assert any(BOLD in text for text in seen)
        checked.append(type(dialog).__name__)
        dialog.reject()
        return False

    units.open_dialog = inspect  # type: ignore[method-assign]
    units.open_settings_dialog = inspect  # type: ignore[method-assign]
    units.edit_selected()
    units.edit_settings_selected()
    assert checked == ["UnitDialog", "UnitSettingsDialog"]


def test_the_quick_switcher(qtbot: QtBot, window: tuple[MainWindow, dict[str, Any]]) -> None:
    win, _records = window
    win.open_quick_switcher()
    quick = win.quick
    assert quick is not None
    quick.input.setText("x")
    wait_painted(qtbot, quick.view.viewport())
    seen = assert_nothing_interpreted(quick)
    assert any(BOLD in text for text in seen)
    assert quick.width() <= MAX_WIDTH
    quick.close()
