"""The PDF viewer: the service's bytes page by page, zoom and navigation, a clear message for
anything that is not a readable PDF, bounded work on a 300-page or 10 MB file, and Save,
Open and Print of exactly the bytes that came."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from si_desktop.ui.pdf import viewer as viewer_module
from si_desktop.ui.pdf.viewer import CACHED_PAGES, PdfViewer, ViewerState
from tests.fixtures.pdf import pdf_pages, simple_pdf

TIMEOUT = 10_000  # ms: a busy machine; nothing asserts a time


@pytest.fixture
def opened(qtbot: QtBot) -> list[QUrl]:
    return []


@pytest.fixture
def viewer(qtbot: QtBot, opened: list[QUrl]) -> PdfViewer:
    widget = PdfViewer(open_url=lambda url: opened.append(url) or True)
    qtbot.addWidget(widget)
    widget.resize(800, 900)
    widget.show()
    return widget


def show(qtbot: QtBot, viewer: PdfViewer, data: bytes, name: str = "Račun 2026-1.pdf") -> None:
    with qtbot.waitSignal(viewer.page_changed, timeout=TIMEOUT):
        viewer.set_pdf(data, name)


def test_the_first_page_shows_and_pages_turn(qtbot: QtBot, viewer: PdfViewer) -> None:
    show(qtbot, viewer, simple_pdf(3))
    assert viewer.state is ViewerState.SHOWING and viewer.page_count == 3
    assert viewer.current_page == 0 and not viewer.page_label.pixmap().isNull()
    assert viewer.page_count_label.text() == "of 3"
    assert not viewer.previous_button.isEnabled() and viewer.next_button.isEnabled()
    with qtbot.waitSignal(viewer.page_changed, timeout=TIMEOUT) as shown:
        viewer.next_page()
    assert shown.args == [1] and viewer.page_box.value() == 2
    with qtbot.waitSignal(viewer.page_changed, timeout=TIMEOUT):
        viewer.page_box.setValue(3)
    assert viewer.current_page == 2 and not viewer.next_button.isEnabled()
    viewer.next_page()  # past the end: stays
    assert viewer.current_page == 2


def test_zoom_renders_larger_and_fit_width_follows_the_window(qtbot: QtBot,
                                                             viewer: PdfViewer) -> None:
    show(qtbot, viewer, simple_pdf(1))
    fitted = viewer.page_label.pixmap().width()
    with qtbot.waitSignal(viewer.page_changed, timeout=TIMEOUT):
        viewer.set_zoom(2.0)
    assert viewer.zoom == 2.0 and viewer.zoom_label.text() == "200 %"
    assert viewer.page_label.pixmap().width() > fitted
    with qtbot.waitSignal(viewer.page_changed, timeout=TIMEOUT):
        viewer.zoom_out()
    assert viewer.zoom == 1.75
    with qtbot.waitSignal(viewer.page_changed, timeout=TIMEOUT):
        viewer.fit_width()
    assert abs(viewer.page_label.pixmap().width() - fitted) <= 2


@pytest.mark.parametrize(("data", "says"), [
    (b"", "empty file"),
    (b"   \n", "empty file"),
    (b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "web page"),
    (b"PK\x03\x04 a zip file", "not a PDF"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "cannot be read"),
])
def test_what_is_not_a_readable_pdf_says_so(qtbot: QtBot, viewer: PdfViewer, data: bytes,
                                            says: str) -> None:
    with qtbot.waitSignal(viewer.state_changed, timeout=TIMEOUT,
                          check_params_cb=lambda state: state == "message"):
        viewer.set_pdf(data, "x.pdf")
    assert says in viewer.message_label.text()
    assert viewer.retry_button.isVisible() and not viewer.print_button.isEnabled()


def test_a_damaged_pdf_says_so_and_the_next_one_shows(qtbot: QtBot, viewer: PdfViewer) -> None:
    good = simple_pdf(2)
    with qtbot.waitSignal(viewer.state_changed, timeout=TIMEOUT,
                          check_params_cb=lambda state: state == "message"):
        viewer.set_pdf(good[: len(good) // 3], "x.pdf")
    show(qtbot, viewer, good)
    assert viewer.page_count == 2


def test_a_300_page_pdf_opens_at_page_one_and_renders_only_what_is_near(
    qtbot: QtBot, viewer: PdfViewer
) -> None:
    show(qtbot, viewer, simple_pdf(300))
    assert viewer.page_count == 300 and viewer.page_count_label.text() == "of 300"
    with qtbot.waitSignal(viewer.page_changed, timeout=TIMEOUT):
        viewer.go_to_page(299)
    assert viewer.current_page == 299
    qtbot.wait(200)
    assert len(viewer._cache) <= CACHED_PAGES


@pytest.mark.slow
def test_a_10_mb_pdf_shows(qtbot: QtBot, viewer: PdfViewer) -> None:
    data = simple_pdf(2, noise_bytes=10 * 1024 * 1024)
    assert len(data) > 9_000_000
    show(qtbot, viewer, data)
    assert viewer.state is ViewerState.SHOWING and viewer.page_count == 2


def test_offline_and_loading_states(qtbot: QtBot, viewer: PdfViewer) -> None:
    viewer.show_unavailable_offline()
    assert viewer.state is ViewerState.OFFLINE
    assert "not available offline yet" in viewer.message_label.text()
    assert viewer.retry_button.isVisible() and not viewer.save_button.isEnabled()
    with qtbot.waitSignal(viewer.retry_requested):
        viewer.retry_button.click()
    viewer.show_loading()
    assert viewer.state is ViewerState.LOADING and not viewer.retry_button.isVisible()


def test_an_answer_for_a_replaced_pdf_never_shows(qtbot: QtBot, viewer: PdfViewer) -> None:
    viewer.set_pdf(simple_pdf(4, "Old"), "old.pdf")
    viewer.show_unavailable_offline()  # the user moved on before it opened
    qtbot.wait(300)
    assert viewer.state is ViewerState.OFFLINE and viewer.page_count == 0


def test_save_writes_the_bytes_as_they_came_under_the_customers_name(
    qtbot: QtBot, viewer: PdfViewer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = simple_pdf(2)
    show(qtbot, viewer, data, "Račun 2026-00143.pdf")
    asked: list[str] = []

    def fake_dialog(parent: Any, title: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "Račun 2026-00143"), filters

    monkeypatch.setattr(viewer_module.QFileDialog, "getSaveFileName", fake_dialog)
    path = viewer.save_pdf()
    assert asked and Path(asked[0]).name == "Račun 2026-00143.pdf"
    assert path == tmp_path / "Račun 2026-00143.pdf" and path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left


def test_open_in_the_system_viewer_hands_over_a_copy(qtbot: QtBot, viewer: PdfViewer,
                                                     opened: list[QUrl]) -> None:
    data = simple_pdf(1)
    show(qtbot, viewer, data, "Rechnung INV-7.pdf")
    assert viewer.open_externally()
    (url,) = opened
    path = Path(url.toLocalFile())
    assert path.name == "Rechnung INV-7.pdf" and path.read_bytes() == data


def test_print_sends_every_page_to_the_printer(qtbot: QtBot, viewer: PdfViewer,
                                               tmp_path: Path) -> None:
    show(qtbot, viewer, simple_pdf(3, "Stran"))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert viewer.print_to(printer)
    assert len(pdf_pages((tmp_path / "printed.pdf").read_bytes())) == 3
