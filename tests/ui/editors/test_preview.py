"""The app's own invoice renderer: every template draws any client (markup and 300-character
names included) on an A4 page, thumbnails are sharp, logos decode, and a PDF is one page."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from si_desktop.core import branding, formatting
from si_desktop.core.document_words import words_for
from si_desktop.core.sample_document import sample_document
from si_desktop.ui.preview import (
    LogoArt,
    build_sample_invoice,
    export_pdf,
    paint_invoice,
    primary_contrast,
    render_thumbnail,
)
from si_desktop.ui.preview.renderer import page_rect
from si_desktop.ui.preview.widget import suggested_file_name
from tests.ui.editors.conftest import PNG

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"><rect width="200" ' \
      b'height="80" fill="#f59e0b"/></svg>'


def _entity(name: str, **settings: object) -> dict[str, object]:
    return {
        "id": "ent_" + "1" * 24, "name": name, "address": "Dunajska cesta 15",
        "post_code": "1000", "city": "Ljubljana", "country": "Slovenia", "country_code": "SI",
        "currency_code": "EUR", "locale": "sl-SI", "tax_number": "SI12345678",
        "settings": {"document_footer": "{entity_name}", **settings},
    }


def _render(invoice: object, template: str, width: int = 420) -> QImage:
    height = round(width * 297 / 210)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#808080"))
    painter = QPainter(image)
    paint_invoice(painter, QRectF(0, 0, width, height), invoice,  # type: ignore[arg-type]
                  logo=LogoArt(SVG), template=template)
    painter.end()
    return image


@pytest.mark.parametrize("template", [*branding.PDF_TEMPLATES, "timeless_modern_full_data"])
@pytest.mark.parametrize("name", ["<b>x</b> <img src=x> 😀", "Dolgo ime " * 30, ""])
def test_every_template_draws_any_client(qtbot: QtBot, template: str, name: str) -> None:
    invoice = build_sample_invoice(_entity(name, primary_color="#0f766e"), logo=SVG)
    image = _render(invoice, template)
    assert image.pixelColor(2, image.height() // 2) != QColor("#808080")  # the page is drawn
    colours = {image.pixelColor(x, y).name() for x in range(0, 420, 7) for y in range(0, 594, 7)}
    assert len(colours) > 10  # not a blank page


def test_sample_invoice_uses_the_clients_own_data() -> None:
    entity = _entity("Kovač d.o.o.", number_formats={"invoice": "R-{yyyy}-{nnn}"},
                     bank_accounts=[{"iban": "SI56", "bic": "LJBASI2X", "is_default": True}],
                     default_document_signature="Maja", primary_color="#abc")
    invoice = build_sample_invoice(entity, logo=PNG)
    assert invoice.number.startswith("R-") and invoice.number.endswith("-001")
    assert invoice.color == "#aabbcc"
    assert invoice.tax_rate == Decimal(22)
    assert invoice.money(Decimal("1064.45")) == formatting.money(Decimal("1064.45"), "EUR",
                                                                 "sl-SI")
    assert invoice.signature == "Maja" and invoice.footer == "Kovač d.o.o."
    assert "IBAN: SI56" in invoice.payment_lines
    assert "ID za DDV: SI12345678" in invoice.seller_lines
    # the country as the customers name it, not the service's English "Slovenia"
    assert formatting.territory("SI", "sl-SI") in invoice.seller_lines
    assert "Slovenia" not in invoice.seller_lines
    untaxed = build_sample_invoice({**entity, "is_tax_subject": False})
    assert untaxed.tax_rate is None and untaxed.total == untaxed.subtotal


def test_a_unit_preview_inherits_what_it_does_not_set() -> None:
    entity = _entity("Kovač", primary_color="#111111", pdf_template="classic")
    unit = {"id": "unit_" + "2" * 24, "name": "Trgovina", "numbering_index": 3,
            "city": "Maribor", "settings": {"primary_color": "#222222"}}
    invoice = build_sample_invoice(entity, unit)
    assert (invoice.color, invoice.template, invoice.unit_name) == ("#222222", "classic",
                                                                    "Trgovina")
    assert "-3-" in invoice.number
    assert invoice.seller_lines[0] == "Maribor"
    back = build_sample_invoice(entity, unit, overrides={"primary_color": None,
                                                         "pdf_template": "fashion"})
    assert (back.color, back.template) == ("#111111", "fashion")


def test_contrast_follows_where_the_template_puts_text() -> None:
    assert primary_contrast("modern", "#ffffff") == pytest.approx(1.0)
    assert primary_contrast("minimal", "#000000") == pytest.approx(21.0)
    assert primary_contrast("timeless_modern_full_data", "#ffffff") == pytest.approx(1.0)


def test_logos_decode_or_are_left_out(qtbot: QtBot) -> None:
    assert LogoArt(PNG).valid and LogoArt(PNG).aspect() == 1.0
    assert LogoArt(SVG).valid and LogoArt(SVG).aspect() == pytest.approx(2.5)
    assert not LogoArt(b"not an image").valid


def test_thumbnails_are_sharp_on_dense_screens(qtbot: QtBot) -> None:
    invoice = build_sample_invoice(_entity("Kovač"))
    pixmap = render_thumbnail(invoice, "fashion", 88, device_pixel_ratio=2.0)
    assert pixmap.width() == 176
    assert abs(pixmap.height() - 176 * 297 / 210) <= 1.5
    assert pixmap.devicePixelRatio() == 2.0


def test_page_rect_keeps_a4_proportions() -> None:
    rect = page_rect(QRectF(0, 0, 1000, 500))
    assert rect.height() == pytest.approx(500)
    assert rect.width() == pytest.approx(500 * 210 / 297, rel=1e-3)
    assert rect.center().x() == pytest.approx(500)


def test_pdf_is_one_a4_page(qtbot: QtBot, tmp_path: Path) -> None:
    invoice = build_sample_invoice(_entity("<b>x</b> 😀", pdf_template="condensed"), logo=SVG)
    target = tmp_path / "invoice.pdf"
    export_pdf(invoice, target, logo=LogoArt(SVG))
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1
    assert re.search(rb"/MediaBox \[0 0 595(\.0*)? 842(\.0*)?\]", data)
    with pytest.raises(OSError):
        export_pdf(invoice, tmp_path / "missing" / "folder" / "x.pdf")


def _drawn(invoice: object, monkeypatch: pytest.MonkeyPatch, template: str = "modern"
           ) -> list[str]:
    """Every text the page draws, in order (the renderer's one way to write text)."""
    from si_desktop.ui.preview import renderer

    drawn: list[str] = []
    real = renderer.Pen.text

    def record(self: renderer.Pen, rect: QRectF, text: str, *args: object, **kwargs: object
               ) -> float:
        drawn.append(text)
        return real(self, rect, text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(renderer.Pen, "text", record)
    _render(invoice, template)
    return drawn


CLIENTS = [  # (locale, country, currency): the clients and this market's
    ("sl-SI", "SI", "EUR"), ("en-GB", "GB", "GBP"), ("de-AT", "AT", "EUR"),
    ("ja-JP", "JP", "JPY"), ("hr-HR", "HR", "EUR"), ("it-IT", "IT", "EUR"),
    ("en-US", "US", "USD"),
]


@pytest.mark.parametrize(("locale", "country", "currency"), CLIENTS)
@pytest.mark.parametrize("template", ["modern", "condensed"])
def test_the_page_carries_the_clients_words_money_and_dates(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, locale: str, country: str, currency: str,
    template: str,
) -> None:
    today = datetime.date(2026, 3, 9)
    entity = {"id": "ent_" + "3" * 24, "name": "Client", "country_code": country,
              "currency_code": currency, "locale": locale, "tax_number": "X1",
              "settings": {"pdf_template": template}}
    invoice = build_sample_invoice(entity, today=today)
    words = words_for(locale)
    sample = sample_document(entity)
    text = "\n".join(_drawn(invoice, monkeypatch, template))
    assert words["invoice"].upper() in text
    for key in ("bill_to", "description", "quantity", "price", "amount"):
        assert words[key].upper() in text or words[key] in text, key
    if template == "modern":  # condensed writes the number beside the title, unlabelled
        assert words["number"] in text
    for key in ("subtotal", "total", "date", "due_date"):
        assert words[key] in text, key
    assert formatting.date(today, locale) in text
    assert formatting.date(today + datetime.timedelta(days=30), locale) in text
    for amount in (sample.subtotal, sample.total, *(line.total for line in sample.lines)):
        assert formatting.money(amount, currency, locale) in text
    if sample.rate is not None:
        assert f"{words['vat']} {formatting.percent(sample.rate, locale)}" in text
        assert formatting.money(sample.tax, currency, locale) in text
    else:  # no national rate (the United States): no made-up tax line
        assert words["vat"] not in text
    assert sample.customer.name in text and sample.customer.lines[-1] in text
    assert f"{words['tax_number']}: X1" in text
    assert words["page"].replace("{page}", "1").replace("{pages}", "1") in text
    if currency != "EUR":
        assert "EUR" not in text and f" {currency}" not in text  # the symbol, never the code


def test_the_exported_pdf_says_sample_in_the_clients_language(
    qtbot: QtBot, tmp_path: Path
) -> None:
    invoice = build_sample_invoice(_entity("Kovač d.o.o."))
    assert suggested_file_name(invoice).endswith("-sample.pdf")
    assert suggested_file_name(invoice).startswith("Kovač d.o.o. ")
    marked = QImage(420, 594, QImage.Format.Format_ARGB32)
    plain = QImage(420, 594, QImage.Format.Format_ARGB32)
    for image, mark in ((marked, True), (plain, False)):
        painter = QPainter(image)
        paint_invoice(painter, QRectF(0, 0, 420, 594), invoice, sample_mark=mark)
        painter.end()
    changed = sum(marked.pixelColor(x, y) != plain.pixelColor(x, y)
                  for x in range(0, 420, 3) for y in range(0, 594, 3))
    assert changed > 500  # "VZOREC" across the page
    target = tmp_path / suggested_file_name(invoice)
    export_pdf(invoice, target)
    data = target.read_bytes()  # the PDF's title, in UTF-16 ("(" is escaped in a PDF string)
    assert f"Račun {invoice.number} ".encode("utf-16-be") in data
    assert "VZOREC".encode("utf-16-be") in data
