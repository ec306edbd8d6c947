"""Save PDFs… for several documents: one file each, in order, a PDF that is not available
offline skipped and named, nothing replaced without asking (No by default, "to all"
answers remembered), stoppable midway; and the branding page's "Last real invoice"."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from si_desktop.ui.bridge import AsyncBridge
from si_desktop.ui.pdf.save_many import PdfToSave, SavePdfsRun, SaveReport, summary
from si_desktop.ui.pdf.thumbnail import LastInvoicePreview
from tests.fixtures.pdf import simple_pdf

TIMEOUT = 10_000


@pytest.fixture
def bridge() -> Iterator[AsyncBridge]:
    found = AsyncBridge()
    yield found
    found.close()


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def item(name: str, data: bytes | None, delay: float = 0.0) -> PdfToSave:
    async def fetch() -> bytes | None:
        await asyncio.sleep(delay)
        return data

    return PdfToSave(name, fetch)


def run(qtbot: QtBot, bridge: AsyncBridge, folder: Path, items: list[PdfToSave],
        parent: QWidget, answers: list[str] | None = None) -> SaveReport:
    saver = SavePdfsRun(bridge, folder, items, parent)
    asked: list[str] = []
    if answers is not None:
        def answer(path: Path) -> str:
            asked.append(path.name)
            return answers.pop(0)
        saver.ask_overwrite = answer  # type: ignore[method-assign]
    with qtbot.waitSignal(saver.finished, timeout=TIMEOUT) as done:
        saver.start()
    report = done.args[0]
    assert isinstance(report, SaveReport)
    report.asked = asked  # type: ignore[attr-defined]
    return report


def test_each_document_is_saved_under_its_name_and_unavailable_ones_are_named(
    qtbot: QtBot, bridge: AsyncBridge, parent: QWidget, tmp_path: Path
) -> None:
    first, second = simple_pdf(1, "A"), simple_pdf(1, "B")
    report = run(qtbot, bridge, tmp_path, [
        item("Račun 2026-1.pdf", first), item("Račun 2026-2.pdf", None),
        item("Račun 2026-3.pdf", second), item("Račun 2026-3.pdf", first)], parent)
    assert [p.name for p in report.saved] == ["Račun 2026-1.pdf", "Račun 2026-3.pdf",
                                              "Račun 2026-3 (2).pdf"]
    assert (tmp_path / "Račun 2026-3.pdf").read_bytes() == second
    assert report.unavailable == ["Račun 2026-2.pdf"] and not report.cancelled
    text = summary(report, tmp_path)
    assert "Saved 3 of them" in text and "Not available offline yet: Račun 2026-2.pdf" in text


def test_nothing_is_replaced_without_asking_and_to_all_is_remembered(
    qtbot: QtBot, bridge: AsyncBridge, parent: QWidget, tmp_path: Path
) -> None:
    for name in ("1.pdf", "2.pdf", "3.pdf", "4.pdf"):
        (tmp_path / name).write_bytes(b"old")
    new = simple_pdf(1)
    report = run(qtbot, bridge, tmp_path, [item(n, new) for n in
                                           ("1.pdf", "2.pdf", "3.pdf", "4.pdf")], parent,
                 answers=["no", "yes", "none"])
    assert report.asked == ["1.pdf", "2.pdf", "3.pdf"]  # type: ignore[attr-defined]
    assert report.skipped == ["1.pdf", "3.pdf", "4.pdf"]
    assert [p.name for p in report.saved] == ["2.pdf"]
    assert (tmp_path / "1.pdf").read_bytes() == b"old" and (tmp_path / "2.pdf").read_bytes() == new


def test_the_question_defaults_to_no(qtbot: QtBot, bridge: AsyncBridge, parent: QWidget,
                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from si_desktop.ui.pdf import save_many

    seen: list[Any] = []

    def fake_exec(box: Any) -> int:
        seen.append(box.defaultButton())
        return int(box.standardButton(box.defaultButton()).value)

    monkeypatch.setattr(save_many.QMessageBox, "exec", fake_exec)
    (tmp_path / "1.pdf").write_bytes(b"old")
    report = run(qtbot, bridge, tmp_path, [item("1.pdf", simple_pdf(1))], parent)
    assert seen and report.skipped == ["1.pdf"] and (tmp_path / "1.pdf").read_bytes() == b"old"


def test_stop_ends_the_run_and_keeps_what_was_saved(
    qtbot: QtBot, bridge: AsyncBridge, parent: QWidget, tmp_path: Path
) -> None:
    data = simple_pdf(1)
    saver = SavePdfsRun(bridge, tmp_path, [item(f"{n}.pdf", data, delay=0.05)
                                           for n in range(20)], parent)
    with qtbot.waitSignal(saver.finished, timeout=TIMEOUT) as done:
        saver.start()
        qtbot.waitUntil(lambda: len(saver.report.saved) >= 2, timeout=TIMEOUT)
        saver.progress.cancel()
    report = done.args[0]
    assert report.cancelled and 2 <= len(report.saved) < 20
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in report.saved)


def test_the_last_real_invoice_shows_its_first_page_and_opens(qtbot: QtBot) -> None:
    preview = LastInvoicePreview()
    qtbot.addWidget(preview)
    assert "no issued invoice" in preview.caption.text() and not preview.open_button.isEnabled()
    preview.set_pdf(simple_pdf(2), "Invoice 2026-00017.pdf",
                    "Invoice 2026-00017, as Space Invoices rendered it")
    qtbot.waitUntil(lambda: not preview.thumbnail.isHidden(), timeout=TIMEOUT)
    assert preview.thumbnail.pixmap().width() > 100 and preview.open_button.isEnabled()
    dialog = preview.open_viewer()
    assert dialog is not None
    qtbot.addWidget(dialog)
    preview.show_unavailable_offline()
    assert "not available offline" in preview.caption.text() and preview.thumbnail.isHidden()
    preview.set_pdf(b"<html>oops</html>", "x.pdf", "x")
    qtbot.waitUntil(lambda: "web page" in preview.caption.text(), timeout=TIMEOUT)
