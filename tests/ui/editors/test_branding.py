"""The branding editor: templates (unknown ones kept), the colour with its contrast check and
recent colours, the logo, the live preview and its PDF export, a unit's inheritance, and the
preview written in the client's language whatever the window's."""

from __future__ import annotations

import datetime
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import PySide6
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from pytestqt.qtbot import QtBot

from si_desktop.core import formatting
from si_desktop.core.document_words import words_for
from si_desktop.core.sample_document import sample_document
from si_desktop.ui import i18n
from si_desktop.ui.editors import BrandingPage
from tests.ui.editors.conftest import PNG, Sandbox, open_page, save_and_wait, validation_error


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_choosing_a_template_saves_only_that_key(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    assert page.template_buttons["modern"].isChecked()
    assert page.template_note.text() == "No template is set; documents use Modern."
    qtbot.mouseClick(page.template_buttons["fashion"], Qt.MouseButton.LeftButton)
    assert page.template_buttons["fashion"].isChecked() and page.is_dirty()
    qtbot.waitUntil(lambda: page.preview.invoice is not None
                    and page.preview.invoice.template == "fashion")
    sandbox.recorder.sent.clear()
    save_and_wait(qtbot, page)
    assert sandbox.recorder.writes() == [
        ("PATCH", f"/entities/{client['id']}", {"settings": {"pdf_template": "fashion"}})
    ]
    assert sandbox.entity(client["id"])["settings"]["pdf_template"] == "fashion"


def test_a_template_the_app_does_not_offer_is_shown_and_kept(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client()
    sandbox.update(client["id"], settings={"pdf_template": "timeless_modern_full_data"})
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    assert page.other_template.isVisible() and page.other_template.isChecked()
    assert "timeless_modern_full_data" in page.template_note.text()
    page.color_edit.setText("#123456")
    page.on_edit()
    sandbox.recorder.sent.clear()
    save_and_wait(qtbot, page)
    assert sandbox.recorder.writes()[0][2] == {"settings": {"primary_color": "#123456"}}
    assert sandbox.entity(client["id"])["settings"]["pdf_template"] == (
        "timeless_modern_full_data"
    )
    qtbot.mouseClick(page.template_buttons["classic"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.other_template, Qt.MouseButton.LeftButton)
    assert page.collect()["pdf_template"] == "timeless_modern_full_data"
    assert not page.is_dirty()


def test_a_template_name_from_the_server_shows_as_plain_text(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    """S7: Qt takes a tooltip that looks like markup for rich text; a server's template name
    must show literally, never as an image or bold text."""
    client = sandbox.client()
    hostile = "<img src=x><b>bold</b>"
    cached = sandbox.workspace.client_now(client["id"])
    assert cached is not None
    sandbox.workspace.store.entities.upsert(sandbox.workspace.scope, [
        {**cached, "settings": {**cached.get("settings", {}), "pdf_template": hostile}}
    ])  # as a server that does not check its templates would send it
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    assert page.other_template.isVisible() and page.other_template.isChecked()
    tip = page.other_template.toolTip()
    shown = tip
    if GuiQt.mightBeRichText(tip):  # what QToolTip does with it
        document = QTextDocument()
        document.setHtml(tip)
        shown = document.toPlainText()
    assert hostile in shown and "is set on the server" in shown
    assert page.template_note.textFormat() is Qt.TextFormat.PlainText
    assert hostile in page.template_note.text()


def test_colour_is_checked_and_its_contrast_reported(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    page.color_edit.setFocus()
    qtbot.keyClicks(page.color_edit, "#12")
    assert "is not a colour the documents can use" in page.color_message.text()
    assert not page.can_save()
    qtbot.keyClicks(page.color_edit, "g")
    page.color_edit.clear()
    qtbot.keyClicks(page.color_edit, "#ffd400")
    assert page.color_message.text() == ""
    assert page.can_save()
    text = page.contrast_label.text()
    assert "White text on #ffd400 in the Modern template has a contrast of 1.4:1" in text
    assert "WCAG AA asks for at least 4.5:1" in text
    qtbot.mouseClick(page.template_buttons["minimal"], Qt.MouseButton.LeftButton)
    assert page.contrast_label.text().startswith("Text in #ffd400 on white")
    page.color_edit.selectAll()
    qtbot.keyClicks(page.color_edit, "#1D4ED8")
    assert "passes WCAG AA" in page.contrast_label.text()


def test_colour_dialog_and_recent_colours(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    page.ask_color = lambda current: QColor("#0f766e")  # type: ignore[method-assign]
    qtbot.mouseClick(page.swatch, Qt.MouseButton.LeftButton)
    assert page.color_edit.text() == "#0f766e"
    assert page.recent_colors() == ["#0f766e"]
    page.color_edit.undo()
    assert page.color_edit.text() == ""
    recent = page.recent_buttons[0]
    assert recent.isVisibleTo(page)
    qtbot.mouseClick(recent, Qt.MouseButton.LeftButton)
    assert page.color_edit.text() == "#0f766e"


def test_preview_redraws_on_change_and_exports_a_one_page_pdf(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    client = sandbox.client("<b>x</b> <img src=x> 😀", tax_number="SI12345678")
    sandbox.update(client["id"], settings={
        "document_footer": "{entity_name} · {entity_tax_number}",
        "bank_accounts": [{"iban": "SI56 0201 7001 4356 205", "is_default": True}],
    })
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    canvas = page.preview.canvas
    qtbot.waitUntil(lambda: canvas.invoice is not None)
    invoice = canvas.invoice
    assert invoice.seller_name == "<b>x</b> <img src=x> 😀"
    assert invoice.footer == "<b>x</b> <img src=x> 😀 · SI12345678"
    assert "IBAN: SI56 0201 7001 4356 205" in invoice.payment_lines
    before = canvas.revision
    page.color_edit.setText("#aa0000")
    page.on_edit()
    qtbot.waitUntil(lambda: canvas.revision > before)
    assert canvas.invoice.color == "#aa0000"
    qtbot.waitUntil(lambda: canvas.painted_revision == canvas.revision)

    target = tmp_path / "preview.pdf"
    with qtbot.waitSignal(page.preview.exported):
        page.preview.export_to(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert _pages(data) == 1
    assert b"/MediaBox [0 0 595" in data


def test_zoom_steps_and_fit(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    preview = page.preview
    assert preview.canvas.fit
    qtbot.mouseClick(preview.zoom_in, Qt.MouseButton.LeftButton)
    assert not preview.canvas.fit
    zoom = preview.canvas.zoom()
    qtbot.mouseClick(preview.zoom_in, Qt.MouseButton.LeftButton)
    assert preview.canvas.zoom() > zoom
    assert preview.zoom_label.text() == f"{round(preview.canvas.zoom() * 100)} %"
    assert preview.canvas.minimumWidth() > 500
    qtbot.mouseClick(preview.fit_button, Qt.MouseButton.LeftButton)
    assert preview.canvas.fit


def test_logo_upload_checks_the_file_and_shows_it(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    client = sandbox.client()
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    assert page.logo_view.text() == "No logo yet."
    assert not page.remove_logo_button.isVisibleTo(page)

    big = tmp_path / "big.png"
    with big.open("wb") as handle:
        handle.write(PNG)
        handle.truncate(5 * 1024 * 1024 + 1)
    assert not page.upload_logo_file(big)
    assert "a logo can be at most 5 MB" in page.logo_message.text()
    gif = tmp_path / "logo.gif"
    gif.write_bytes(b"GIF89a")
    assert not page.upload_logo_file(gif)
    assert page.logo_message.text() == "A logo must be a PNG, JPEG, WEBP or SVG image."

    svg = tmp_path / "logo.svg"
    svg.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                    b'<rect width="40" height="20" fill="#f59e0b"/></svg>')
    assert page.upload_logo_file(svg)
    qtbot.waitUntil(lambda: page.logo_message.text() == "Logo uploaded.", timeout=5000)
    assert page.logo_view.pixmap() is not None and not page.logo_view.pixmap().isNull()
    assert page.remove_logo_button.isVisibleTo(page)
    assert page.scale_spin.isEnabled()
    qtbot.waitUntil(lambda: page.preview.invoice is not None
                    and page.preview.invoice.logo is not None)
    assert sandbox.entity(client["id"])["settings"]["has_logo"] is True
    assert not page.is_dirty()

    page.scale_spin.setValue(150)
    assert page.collect()["logo_scale_percent"] == 150
    qtbot.mouseClick(page.remove_logo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.logo_message.text() == "Logo removed.", timeout=5000)
    assert page.logo_view.text() == "No logo yet."
    assert sandbox.entity(client["id"])["settings"]["has_logo"] is False
    assert page.is_dirty()  # the size typed before is still there to save


def test_a_unit_inherits_overrides_and_goes_back_to_the_client(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client("Kovač d.o.o.")
    sandbox.update(client["id"], settings={"primary_color": "#0f766e", "pdf_template": "classic"})
    unit = sandbox.unit(client["id"], "Trgovina Center")
    sandbox.update_unit(client["id"], unit["id"], settings={"logo_scale_percent": 110})
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"], unit_id=unit["id"])
    assert page.color_edit.text() == "#0f766e"
    assert page.color_bar.label.text() == "Inherited from Kovač d.o.o."
    assert not page.color_bar.button.isVisibleTo(page)
    assert page.scale_bar.label.text() == "Set for this unit"
    assert page.scale_spin.value() == 110
    assert page.template_buttons["classic"].isChecked()

    page.color_edit.setFocus()
    page.color_edit.selectAll()
    qtbot.keyClicks(page.color_edit, "#b91c1c")
    assert page.color_bar.label.text() == "Set for this unit"
    assert page.color_bar.button.isVisibleTo(page)
    qtbot.waitUntil(lambda: page.preview.invoice is not None
                    and page.preview.invoice.color == "#b91c1c")
    sandbox.recorder.sent.clear()
    save_and_wait(qtbot, page)
    assert sandbox.recorder.writes() == [
        ("PATCH", f"/business-units/{unit['id']}", {"settings": {"primary_color": "#b91c1c"}})
    ]

    qtbot.mouseClick(page.scale_bar.button, Qt.MouseButton.LeftButton)
    assert page.scale_bar.label.text().startswith("Inherited from")
    qtbot.mouseClick(page.color_bar.button, Qt.MouseButton.LeftButton)
    assert page.color_edit.text() == "#0f766e"
    sandbox.recorder.sent.clear()
    save_and_wait(qtbot, page)
    body = sandbox.recorder.writes()[0][2]
    assert body == {"settings": {"primary_color": None, "logo_scale_percent": None}}
    settings = sandbox.unit_now(client["id"], unit["id"])["settings"]
    assert "primary_color" not in settings and "logo_scale_percent" not in settings


def test_a_422_on_the_colour_shows_under_the_colour(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    page.color_edit.setText("#abcdef")
    page.on_edit()
    sandbox.recorder.fail_next = validation_error(["settings", "primary_color"], "No pastel.")
    save_and_wait(qtbot, page)
    assert page.color_message.text() == "No pastel."
    qtbot.waitUntil(page.color_edit.hasFocus)


@pytest.fixture
def slovenian_interface(tmp_path: Path) -> Iterator[None]:
    """The bookkeeper's window in Slovenian (the catalog compiled afresh)."""
    folder = Path(PySide6.__file__).parent
    tool = next((str(p) for p in (folder / "lrelease", folder / "lrelease.exe") if p.is_file()),
                None)
    if tool is None:
        pytest.skip("PySide6's lrelease is not installed")
    qm = tmp_path / "si-desktop_sl_SI.qm"
    catalog = Path(__file__).resolve().parents[3] / "resources" / "translations" / (
        "si-desktop_sl_SI.ts")
    subprocess.run([tool, "-silent", str(catalog), "-qm", str(qm)], check=True,
                   capture_output=True, timeout=120)
    translator = i18n.CatalogTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        yield
    finally:
        QCoreApplication.removeTranslator(translator)


def _page_words(page: BrandingPage) -> tuple[str, str, str, str, str]:
    invoice = page.preview.canvas.invoice
    assert invoice is not None
    return (invoice.title, invoice.label("bill_to"), invoice.money(invoice.total),
            invoice.facts[0][1], page.preview.note.text())


def test_a_slovenian_window_shows_a_british_clients_preview_in_english(
    qtbot: QtBot, sandbox: Sandbox, slovenian_interface: None
) -> None:
    client = sandbox.client("Oak Ltd", country="United Kingdom")
    assert (client["locale"], client["currency_code"]) == ("en-GB", "GBP")
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    qtbot.waitUntil(lambda: page.preview.canvas.invoice is not None)
    assert page.preview.export_button.text() == "Izvozi predogled v PDF …"  # the window
    title, bill_to, total, date, note = _page_words(page)  # the client's customers' page
    sample = sample_document(client)
    assert (title, bill_to) == ("Invoice", "Bill to")
    assert total == formatting.money(sample.total, "GBP", "en-GB") and total.startswith("£")
    assert date == formatting.date(datetime.date.today(), "en-GB")
    assert note == words_for("en-GB")["approximate"]
    assert page.preview.canvas.invoice.label("vat") == "VAT"


def test_an_english_window_shows_a_slovenian_clients_preview_in_slovenian(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client("Kovač d.o.o.")
    assert client["locale"] == "sl-SI"
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    qtbot.waitUntil(lambda: page.preview.canvas.invoice is not None)
    assert page.preview.export_button.text() == "Export preview as PDF…"
    title, bill_to, total, date, note = _page_words(page)
    sample = sample_document(client)
    assert (title, bill_to) == ("Račun", "Kupec")
    assert total == formatting.money(sample.total, "EUR", "sl-SI") and total.endswith("€")
    assert date == formatting.date(datetime.date.today(), "sl-SI")
    assert note == words_for("sl-SI")["approximate"]
    assert page.preview.canvas.invoice.label("vat") == "DDV"


def test_the_last_real_invoice_is_shown_beside_the_sample(qtbot: QtBot,
                                                          sandbox: Sandbox) -> None:
    client = sandbox.client("Kras d.o.o.")
    page = open_page(qtbot, BrandingPage, sandbox.context, client["id"])
    assert "no issued invoice" in page.last_invoice.caption.text()

    async def issue() -> dict[str, Any]:
        saved = await sandbox.workspace.create_document(
            client["id"], "invoice", {"items": [{"name": "Svetovanje", "price": 100}]},
            issue=True)
        await sandbox.workspace.create_document(  # a later draft is not a real invoice
            client["id"], "invoice", {"items": [{"name": "Osnutek", "price": 5}]},
            issue=False)
        return saved.record()

    invoice = sandbox.call(issue())
    page.load_last_invoice()
    qtbot.waitUntil(lambda: not page.last_invoice.thumbnail.isHidden(), timeout=10_000)
    assert page.last_invoice.caption.text() == (
        f"Račun {invoice['number']}, as Space Invoices rendered it")
    assert page.last_invoice.file_name == f"Račun {invoice['number']}.pdf"
    assert page.last_invoice.data.startswith(b"%PDF-")


def test_a_hidden_branding_page_asks_for_no_pdf_until_shown(qtbot: QtBot,
                                                           sandbox: Sandbox) -> None:
    client = sandbox.client("Kras d.o.o.")
    sandbox.call(sandbox.workspace.create_document(
        client["id"], "invoice", {"items": [{"name": "Svetovanje", "price": 100}]},
        issue=True))
    page = BrandingPage(sandbox.context)
    qtbot.addWidget(page)
    page.set_client(client["id"])
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading, timeout=5000)
    qtbot.wait(100)
    assert not [r for r in sandbox.recorder.sent if r[1].endswith("/pdf")]
    page.show()
    qtbot.waitUntil(lambda: not page.last_invoice.thumbnail.isHidden(), timeout=10_000)
    assert len([r for r in sandbox.recorder.sent if r[1].endswith("/pdf")]) == 1
