"""The app's own invoice renderer: five templates drawn with QPainter on an A4 page.

Everything is laid out in a fixed page space of 2100 × 2970 units (tenths of a millimetre)
with fonts sized in the same units, and the painter is scaled to the target. So the same
drawing is crisp in a small thumbnail, on a zoomed screen and in a PDF, and a preview looks
the same at every size. Text is laid out with QTextLayout as plain text: a client's name
with `<b>` in it prints the brackets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QTextLayout,
    QTextLine,
    QTextOption,
)
from PySide6.QtSvg import QSvgRenderer

from si_desktop.core import branding
from si_desktop.ui.preview.sample import SampleInvoice

PAGE_WIDTH = 2100.0
PAGE_HEIGHT = 2970.0
PAGE_SIZE = QSizeF(PAGE_WIDTH, PAGE_HEIGHT)
MM = 10.0
PT = 3.5278
"""One typographic point in page units."""

INK = QColor("#1f2328")
MUTED = QColor("#5f6670")
RULE = QColor("#d0d4da")
WHITE = QColor("#ffffff")
LOGO_BOX = QSizeF(520.0, 200.0)
"""The logo's box at 100 %: 52 × 20 mm; the logo keeps its proportions inside."""


# --- template styles -----------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateStyle:
    """What a template does with the primary colour, for the contrast warning."""

    name: str
    text_on_primary: bool
    """True: the template prints white text on a primary-coloured fill; False: it prints
    text in the primary colour on the white page."""

    def contrast_pair(self, color: str) -> tuple[str, str]:
        """(text colour, background colour) where the primary colour meets text."""
        if self.text_on_primary:
            return branding.WHITE, color
        return color, branding.WHITE


STYLES: dict[str, TemplateStyle] = {
    "modern": TemplateStyle("modern", True),
    "classic": TemplateStyle("classic", False),
    "condensed": TemplateStyle("condensed", True),
    "minimal": TemplateStyle("minimal", False),
    "fashion": TemplateStyle("fashion", True),
}


def style_for(template: str) -> TemplateStyle:
    """The template's style; a template the app cannot draw is previewed as Modern."""
    return STYLES.get(template, STYLES["modern"])


def can_draw(template: str) -> bool:
    return template in STYLES


def primary_contrast(template: str, color: str) -> float:
    """The WCAG contrast where the template puts text and the primary colour together."""
    text, background = style_for(template).contrast_pair(color)
    return branding.contrast_ratio(text, background)


# --- logos ---------------------------------------------------------------------------------


class LogoArt:
    """A logo decoded once: vector for SVG (crisp at any zoom), an image otherwise."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._svg: QSvgRenderer | None = None
        self._image: QImage | None = None
        head = data[:512].lstrip().lower()
        if head.startswith(b"<") or b"<svg" in head:
            renderer = QSvgRenderer(QByteArray(data))
            if renderer.isValid():
                self._svg = renderer
        else:
            image = QImage.fromData(QByteArray(data))
            if not image.isNull():
                self._image = image

    @property
    def valid(self) -> bool:
        return self._svg is not None or self._image is not None

    def aspect(self) -> float:
        if self._svg is not None:
            size = self._svg.defaultSize()
            if size.width() > 0 and size.height() > 0:
                return size.width() / size.height()
            box = self._svg.viewBoxF()
            return box.width() / box.height() if box.height() > 0 else 1.0
        if self._image is not None and self._image.height() > 0:
            return self._image.width() / self._image.height()
        return 1.0

    def fitted(self, box: QRectF, align: Qt.AlignmentFlag) -> QRectF:
        """The largest rectangle of the logo's proportions inside `box`, aligned."""
        aspect = self.aspect()
        width = min(box.width(), box.height() * aspect)
        height = width / aspect if aspect else box.height()
        x = box.left()
        if align & Qt.AlignmentFlag.AlignHCenter:
            x = box.center().x() - width / 2
        elif align & Qt.AlignmentFlag.AlignRight:
            x = box.right() - width
        return QRectF(x, box.top(), width, height)

    def draw(self, painter: QPainter, target: QRectF) -> None:
        if self._svg is not None:
            self._svg.render(painter, target)
        elif self._image is not None:
            painter.drawImage(target, self._image)


class LogoCache:
    """Keeps the last decoded logo, so a redraw does not decode it again."""

    def __init__(self) -> None:
        self._art: LogoArt | None = None

    def get(self, data: bytes | None) -> LogoArt | None:
        if not data:
            return None
        if self._art is None or (self._art.data is not data and self._art.data != data):
            self._art = LogoArt(data)
        return self._art if self._art.valid else None


# --- drawing helpers -----------------------------------------------------------------------


def _font(size_pt: float, *, bold: bool = False, serif: bool = False, light: bool = False) -> QFont:
    font = QFont("DejaVu Serif" if serif else "DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.Serif if serif else QFont.StyleHint.SansSerif)
    font.setPixelSize(max(1, round(size_pt * PT)))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(True)
    if bold:
        font.setWeight(QFont.Weight.Bold)
    elif light:
        font.setWeight(QFont.Weight.Light)
    return font


def _tint(color: QColor, amount: float) -> QColor:
    """`color` mixed with white (`amount` 0: unchanged, 1: white)."""
    return QColor(
        round(color.red() + (255 - color.red()) * amount),
        round(color.green() + (255 - color.green()) * amount),
        round(color.blue() + (255 - color.blue()) * amount),
    )


class Pen:
    """Plain-text drawing in page units: wrapped, clipped to a number of lines, elided."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter

    @staticmethod
    def _layout(
        text: str, font: QFont, width: float, align: Qt.AlignmentFlag, lines: int
    ) -> tuple[QTextLayout, list[QTextLine], float, bool]:
        layout = QTextLayout(text, font)
        option = QTextOption(align)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        made: list[QTextLine] = []
        y = 0.0
        while len(made) < lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0.0, y))
            y += line.height()
            made.append(line)
        layout.endLayout()
        cut = bool(made) and made[-1].textStart() + made[-1].textLength() < len(text)
        return layout, made, y, cut

    @staticmethod
    def _plain(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\n", "\u2028")

    def measure(self, width: float, text: str, font: QFont, *, lines: int = 1) -> float:
        """The height `text()` would use."""
        if not text or width <= 0:
            return 0.0
        return self._layout(self._plain(text), font, width, Qt.AlignmentFlag.AlignLeft, lines)[2]

    def width(self, text: str, font: QFont) -> float:
        return QFontMetricsF(font).horizontalAdvance(text)

    def text(
        self,
        rect: QRectF,
        text: str,
        font: QFont,
        color: QColor,
        *,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        lines: int = 1,
    ) -> float:
        """Draw `text` in `rect` (top-anchored, at most `lines` lines, the last one elided)
        and return the height used."""
        if not text or rect.width() <= 0:
            return 0.0
        text = self._plain(text)
        _layout, made, height, cut = self._layout(text, font, rect.width(), align, lines)
        if not made:
            return 0.0
        self.painter.setPen(color)
        origin = rect.topLeft()
        for line in made[:-1] if cut else made:
            line.draw(self.painter, origin)
        if cut:
            last = made[-1]
            rest = text[last.textStart() :].replace("\u2028", " ")
            metrics = QFontMetricsF(font)
            elided = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, rect.width())
            self.painter.setFont(font)
            flags = int(align | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextSingleLine)
            self.painter.drawText(
                QRectF(rect.left(), rect.top() + last.y(), rect.width(), last.height() * 1.2),
                flags,
                elided,
            )
        return height

    def line(self, font: QFont) -> float:
        return QFontMetricsF(font).lineSpacing()

    def rule(self, x1: float, y: float, x2: float, color: QColor, width: float = 3.0) -> None:
        self.painter.setPen(QPen(color, width))
        self.painter.drawLine(QPointF(x1, y), QPointF(x2, y))

    def fill(self, rect: QRectF, color: QColor) -> None:
        self.painter.fillRect(rect, color)


# --- the templates -------------------------------------------------------------------------


@dataclass
class Look:
    """How the shared parts (table, totals, payment, footer) are drawn by a template."""

    accent: QColor
    serif: bool = False
    scale: float = 1.0
    header_fill: bool = True
    stripes: bool = False
    rules: QColor = field(default_factory=lambda: QColor(RULE))
    total_fill: bool = False


class _Page:
    """One drawing of one invoice: the templates share its parts."""

    def __init__(self, painter: QPainter, invoice: SampleInvoice, logo: LogoArt | None) -> None:
        self.p = painter
        self.pen = Pen(painter)
        self.inv = invoice
        self.logo = logo
        self.accent = QColor(invoice.color)

    def f(self, size: float, look: Look | None = None, **kwargs: bool) -> QFont:
        scale = look.scale if look is not None else 1.0
        serif = look.serif if look is not None else False
        return _font(size * scale, serif=kwargs.pop("serif", serif), **kwargs)

    def logo_height(self, align: Qt.AlignmentFlag) -> float:
        """The height `logo_box` will use."""
        if self.logo is None:
            return 0.0
        scale = self.inv.logo_scale / 100
        box = QRectF(0, 0, LOGO_BOX.width() * scale, LOGO_BOX.height() * scale)
        return self.logo.fitted(box, align).height()

    def logo_box(self, x: float, y: float, align: Qt.AlignmentFlag) -> float:
        """Draw the logo at its scale in a box whose top-left (or top-right, for a right
        alignment) is (x, y); return the height used."""
        if self.logo is None:
            return 0.0
        scale = self.inv.logo_scale / 100
        box = QRectF(0, 0, LOGO_BOX.width() * scale, LOGO_BOX.height() * scale)
        if align & Qt.AlignmentFlag.AlignRight:
            box.moveTopRight(QPointF(x, y))
        elif align & Qt.AlignmentFlag.AlignHCenter:
            box.moveTopLeft(QPointF(x - box.width() / 2, y))
        else:
            box.moveTopLeft(QPointF(x, y))
        target = self.logo.fitted(box, align)
        self.logo.draw(self.p, target)
        return target.height()

    def block(
        self,
        x: float,
        y: float,
        width: float,
        title: str,
        name: str,
        lines: tuple[str, ...],
        look: Look,
        *,
        color: QColor = INK,
        muted: QColor = MUTED,
        title_color: QColor | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> float:
        """A labelled address block; returns its height."""
        top = y
        if title:
            y += self.pen.text(
                QRectF(x, y, width, 80), title.upper(), self.f(7, look, bold=True),
                title_color or muted, align=align,
            ) + 8
        y += self.pen.text(
            QRectF(x, y, width, 200), name, self.f(10, look, bold=True), color, align=align,
            lines=2,
        )
        for line in lines:
            y += self.pen.text(QRectF(x, y, width, 80), line, self.f(8.5, look), muted,
                               align=align, lines=1)
        return y - top

    def facts(self, x: float, y: float, width: float, look: Look, *,
              color: QColor = INK, muted: QColor = MUTED) -> float:
        """Number, date and due date as label/value rows, right-aligned; returns height."""
        top = y
        rows = [(self.inv.label("number"), self.inv.number), *self.inv.facts]
        label_font, value_font = self.f(8, look), self.f(8.5, look, bold=True)
        for label, value in rows:
            height = self.pen.line(value_font) * 1.15
            self.pen.text(QRectF(x, y, width * 0.45, height), label, label_font, muted)
            self.pen.text(QRectF(x + width * 0.45, y, width * 0.55, height), value, value_font,
                          color, align=Qt.AlignmentFlag.AlignRight)
            y += height
        return y - top

    def table(self, x: float, y: float, width: float, look: Look) -> float:
        """The item lines; returns the y below the table."""
        inv = self.inv
        head_font, cell_font = self.f(7.5, look, bold=True), self.f(9, look)
        pad = 24.0 * look.scale
        rows = [
            [
                line.description,
                f"{inv.quantity(line.quantity)} {line.unit}",
                inv.money(line.price),
                inv.money(line.amount),
            ]
            for line in inv.lines
        ]
        heads = [inv.label(key).upper() for key in ("description", "quantity", "price", "amount")]
        widths = [0.0]
        for index in range(1, 4):
            needed = max(
                [self.pen.width(heads[index], head_font)]
                + [self.pen.width(row[index], cell_font) for row in rows]
            )
            widths.append(needed + 2 * pad + 8)
        widths[0] = max(width * 0.3, width - sum(widths[1:]))
        aligns = [Qt.AlignmentFlag.AlignLeft] + [Qt.AlignmentFlag.AlignRight] * 3
        head_height = self.pen.line(head_font) + 2 * pad
        if look.header_fill:
            self.pen.fill(QRectF(x, y, width, head_height), self.accent)
            head_color = WHITE
        else:
            head_color = self.accent
            self.pen.rule(x, y + head_height, x + width, self.accent, 5)
        left = x
        for title, share, align in zip(heads, widths, aligns, strict=True):
            self.pen.text(QRectF(left + pad, y + pad, share - 2 * pad, head_height),
                          title, head_font, head_color, align=align)
            left += share
        y += head_height
        for index, cells in enumerate(rows):
            text_height = max(
                self.pen.line(cell_font),
                self.pen.measure(widths[0] - 2 * pad, cells[0], cell_font, lines=2),
            )
            row_height = text_height + 2 * pad
            if look.stripes and index % 2 == 1:
                self.pen.fill(QRectF(x, y, width, row_height), _tint(self.accent, 0.92))
            left = x
            for column, (share, align, cell) in enumerate(zip(widths, aligns, cells, strict=True)):
                self.pen.text(QRectF(left + pad, y + pad, share - 2 * pad, row_height),
                              cell, cell_font, INK, align=align, lines=2 if column == 0 else 1)
                left += share
            y += row_height
            self.pen.rule(x, y, x + width, look.rules, 2)
        return y

    def totals(self, right: float, y: float, width: float, look: Look) -> float:
        inv = self.inv
        label_font, value_font = self.f(9, look), self.f(9, look)
        rows = [(inv.label("subtotal"), inv.money(inv.subtotal))]
        if inv.tax_rate is not None:
            rows.append((f"{inv.label('vat')} {inv.percent(inv.tax_rate)}", inv.money(inv.tax)))
        x = right - width
        y += 30 * look.scale
        gap = 40.0
        for label, value in rows:
            height = self.pen.line(value_font) * 1.3
            # the label takes what the amount leaves: words differ in length by language
            room = max(width * 0.3, width - self.pen.width(value, value_font) - gap)
            self.pen.text(QRectF(x, y, room, height), label, label_font, MUTED)
            self.pen.text(QRectF(x + width * 0.3, y, width * 0.7, height), value, value_font,
                          INK, align=Qt.AlignmentFlag.AlignRight)
            y += height
        total_font = self.f(12, look, bold=True)
        height = self.pen.line(total_font) * 1.5
        if look.total_fill:
            self.pen.fill(QRectF(x, y, width, height), self.accent)
            color = WHITE
            inset = 20.0
        else:
            self.pen.rule(x, y, right, self.accent, 5)
            color = self.accent
            inset = 0.0
        pad = height * 0.17
        total = inv.money(inv.total)
        room = max(width * 0.3, width - 2 * inset - self.pen.width(total, total_font) - gap)
        self.pen.text(QRectF(x + inset, y + pad, room, height), inv.label("total"),
                      total_font, color)
        self.pen.text(QRectF(x + width * 0.3, y + pad, width * 0.7 - inset, height),
                      total, total_font, color, align=Qt.AlignmentFlag.AlignRight)
        return y + height

    def notes(self, x: float, y: float, width: float, look: Look, *,
              show_payment: bool = True) -> float:
        """Note, payment terms and bank details; returns the y below them."""
        inv = self.inv
        body = self.f(8.5, look)
        title_font = self.f(7, look, bold=True)
        for text in (inv.note, inv.payment_terms):
            if text:
                y += self.pen.text(QRectF(x, y, width, 400), text, body, INK, lines=4) + 20
        if show_payment and inv.payment_lines:
            y += 20
            y += self.pen.text(QRectF(x, y, width, 80), inv.label("payment").upper(), title_font,
                               MUTED) + 8
            for line in inv.payment_lines:
                y += self.pen.text(QRectF(x, y, width, 80), line, body, INK)
        return y

    def signature(self, right: float, bottom: float, width: float, look: Look) -> None:
        if not self.inv.signature:
            return
        font = self.f(9, look)
        x = right - width
        self.pen.rule(x, bottom, right, MUTED, 2)
        self.pen.text(QRectF(x, bottom + 14, width, 160), self.inv.signature, font, INK,
                      align=Qt.AlignmentFlag.AlignHCenter, lines=2)

    def footer(self, left: float, right: float, look: Look, *,
               color: QColor = MUTED, rule: QColor | None = RULE) -> None:
        if not self.inv.footer:
            return
        font = self.f(7.5, look)
        y = PAGE_HEIGHT - 150
        if rule is not None:
            self.pen.rule(left, y - 30, right, rule, 2)
        self.pen.text(QRectF(left, y, right - left, 120), self.inv.footer, font, color,
                      align=Qt.AlignmentFlag.AlignHCenter, lines=2)

    def unit_line(self, x: float, y: float, width: float, look: Look, color: QColor,
                  align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> float:
        if not self.inv.unit_name:
            return 0.0
        return self.pen.text(QRectF(x, y, width, 80), self.inv.unit_name,
                             self.f(8.5, look, bold=True), color, align=align)


MARGIN = 18 * MM


def _modern(page: _Page) -> None:
    inv, pen = page.inv, page.pen
    look = Look(accent=page.accent, total_fill=True)
    left_width = PAGE_WIDTH * 0.52
    name_font, line_font = page.f(15, look, bold=True), page.f(8, look)
    seller_lines = inv.seller_lines[:5]
    logo_height = page.logo_height(Qt.AlignmentFlag.AlignLeft)
    needed = 150.0 + (logo_height + 30 if logo_height else 0)
    needed += pen.measure(left_width, inv.seller_name, name_font, lines=2) + 6
    if inv.unit_name:
        needed += pen.measure(left_width, inv.unit_name, page.f(8.5, look, bold=True))
    needed += sum(pen.measure(left_width, line, line_font) for line in seller_lines)
    band = max(560.0, needed + 90)
    pen.fill(QRectF(0, 0, PAGE_WIDTH, band), page.accent)
    y = 150.0
    logo = page.logo_box(MARGIN, y, Qt.AlignmentFlag.AlignLeft)
    if logo:
        y += logo + 30
    y += pen.text(QRectF(MARGIN, y, left_width, 200), inv.seller_name, name_font, WHITE,
                  lines=2) + 6
    y += page.unit_line(MARGIN, y, left_width, look, WHITE)
    for line in seller_lines:
        y += pen.text(QRectF(MARGIN, y, left_width, 80), line, line_font, WHITE)
    right = PAGE_WIDTH - MARGIN
    title_width = PAGE_WIDTH * 0.34
    pen.text(QRectF(right - title_width, 150, title_width, 200), inv.title.upper(),
             page.f(24, look, bold=True), WHITE, align=Qt.AlignmentFlag.AlignRight)
    pen.text(QRectF(right - title_width, 300, title_width, 100), inv.number,
             page.f(11, look), WHITE, align=Qt.AlignmentFlag.AlignRight)
    y = band + 110
    width = PAGE_WIDTH - 2 * MARGIN
    customer = page.block(MARGIN, y, width * 0.5, inv.label("bill_to"), inv.customer_name,
                          inv.customer_lines, look, title_color=page.accent)
    facts = page.facts(right - width * 0.36, y + 40, width * 0.36, look)
    y += max(customer, facts) + 110
    y = page.table(MARGIN, y, width, look)
    after = page.totals(right, y, width * 0.42, look)
    page.notes(MARGIN, y + 60, width * 0.5, look)
    page.signature(right, max(after + 260, PAGE_HEIGHT - 520), width * 0.32, look)
    page.footer(MARGIN, right, look)


def _classic(page: _Page) -> None:
    inv, pen = page.inv, page.pen
    look = Look(accent=page.accent, serif=True, header_fill=False, rules=RULE)
    center = PAGE_WIDTH / 2
    width = PAGE_WIDTH - 2 * MARGIN
    y = 160.0
    logo = page.logo_box(center, y, Qt.AlignmentFlag.AlignHCenter)
    if logo:
        y += logo + 40
    y += pen.text(QRectF(MARGIN, y, width, 220), inv.seller_name, page.f(17, look, bold=True),
                  page.accent, align=Qt.AlignmentFlag.AlignHCenter, lines=2) + 6
    y += page.unit_line(MARGIN, y, width, look, INK, Qt.AlignmentFlag.AlignHCenter)
    details = "  ·  ".join(inv.seller_lines)
    y += pen.text(QRectF(MARGIN, y, width, 200), details, page.f(8, look), MUTED,
                  align=Qt.AlignmentFlag.AlignHCenter, lines=3) + 40
    pen.rule(MARGIN, y, PAGE_WIDTH - MARGIN, page.accent, 6)
    pen.rule(MARGIN, y + 18, PAGE_WIDTH - MARGIN, page.accent, 2)
    y += 110
    pen.text(QRectF(MARGIN, y, width * 0.6, 200), f"{inv.title} {inv.number}",
             page.f(16, look, bold=True), INK, lines=2)
    y += 150
    customer = page.block(MARGIN, y, width * 0.5, inv.label("bill_to"), inv.customer_name,
                          inv.customer_lines, look)
    right = PAGE_WIDTH - MARGIN
    facts = page.facts(right - width * 0.36, y, width * 0.36, look)
    y += max(customer, facts) + 110
    y = page.table(MARGIN, y, width, look)
    after = page.totals(right, y, width * 0.42, look)
    page.notes(MARGIN, y + 60, width * 0.5, look)
    page.signature(right, max(after + 260, PAGE_HEIGHT - 520), width * 0.32, look)
    page.footer(MARGIN, right, look, rule=page.accent)


def _condensed(page: _Page) -> None:
    inv, pen = page.inv, page.pen
    look = Look(accent=page.accent, scale=0.85, stripes=True)
    width = PAGE_WIDTH - 2 * MARGIN
    right = PAGE_WIDTH - MARGIN
    y = 130.0
    logo = page.logo_box(MARGIN, y, Qt.AlignmentFlag.AlignLeft)
    name_x = MARGIN + (LOGO_BOX.width() * inv.logo_scale / 100 + 50 if logo else 0)
    name_width = max(300.0, PAGE_WIDTH * 0.55 - name_x)
    top = y
    y += pen.text(QRectF(name_x, y, name_width, 160), inv.seller_name,
                  page.f(13, look, bold=True), INK, lines=2)
    y += page.unit_line(name_x, y, name_width, look, page.accent)
    column = width * 0.4
    lines_y = top
    for line in inv.seller_lines:
        lines_y += pen.text(QRectF(right - column, lines_y, column, 80), line,
                            page.f(8, look), MUTED, align=Qt.AlignmentFlag.AlignRight)
    y = max(y, lines_y, top + logo) + 70
    bar = 120.0
    pen.fill(QRectF(MARGIN, y, width, bar), page.accent)
    title = f"{inv.title.upper()}  {inv.number}"
    pen.text(QRectF(MARGIN + 30, y + 28, width * 0.55, bar), title, page.f(12, look, bold=True),
             WHITE)
    dates = "   ".join(f"{label}: {value}" for label, value in inv.facts)
    pen.text(QRectF(MARGIN + width * 0.45, y + 36, width * 0.55 - 30, bar), dates,
             page.f(8.5, look), WHITE, align=Qt.AlignmentFlag.AlignRight)
    y += bar + 60
    y += page.block(MARGIN, y, width * 0.5, inv.label("bill_to"), inv.customer_name,
                    inv.customer_lines, look, title_color=page.accent) + 70
    y = page.table(MARGIN, y, width, look)
    after = page.totals(right, y, width * 0.38, look)
    page.notes(MARGIN, y + 50, width * 0.55, look)
    page.signature(right, max(after + 200, PAGE_HEIGHT - 480), width * 0.3, look)
    page.footer(MARGIN, right, look)


def _minimal(page: _Page) -> None:
    inv, pen = page.inv, page.pen
    look = Look(accent=page.accent, header_fill=False, rules=QColor("#e6e8eb"))
    margin = 24 * MM
    width = PAGE_WIDTH - 2 * margin
    right = PAGE_WIDTH - margin
    y = 220.0
    logo = page.logo_box(right, y, Qt.AlignmentFlag.AlignRight)
    pen.text(QRectF(margin, y, width * 0.6, 300), inv.title, page.f(30, look, light=True),
             page.accent)
    y += 300
    pen.text(QRectF(margin, y, width * 0.6, 100), inv.number, page.f(10, look), MUTED)
    y = max(y + 200, 220 + logo + 80)
    column = width / 3
    seller = page.block(margin, y, column - 40, "", inv.seller_name,
                        (*((inv.unit_name,) if inv.unit_name else ()), *inv.seller_lines), look)
    customer = page.block(margin + column, y, column - 40, inv.label("bill_to"),
                          inv.customer_name, inv.customer_lines, look)
    facts = page.facts(margin + 2 * column + 40, y, column - 40, look)
    y += max(seller, customer, facts) + 160
    y = page.table(margin, y, width, look)
    after = page.totals(right, y, width * 0.4, look)
    page.notes(margin, y + 60, width * 0.5, look)
    page.signature(right, max(after + 260, PAGE_HEIGHT - 520), width * 0.3, look)
    page.footer(margin, right, look, rule=None)


def _fashion(page: _Page) -> None:
    inv, pen = page.inv, page.pen
    look = Look(accent=page.accent, header_fill=False, serif=False)
    side = 640.0
    pen.fill(QRectF(0, 0, side, PAGE_HEIGHT), page.accent)
    inner = 110.0
    side_width = side - 2 * inner
    y = 180.0
    if page.logo is not None:
        plate = QRectF(inner - 30, y - 30, side_width + 60, 0)
        scale = min(1.0, side_width / (LOGO_BOX.width() * inv.logo_scale / 100))
        box = QRectF(inner, y, LOGO_BOX.width() * inv.logo_scale / 100 * scale,
                     LOGO_BOX.height() * inv.logo_scale / 100 * scale)
        target = page.logo.fitted(box, Qt.AlignmentFlag.AlignLeft)
        plate.setHeight(target.height() + 60)
        path = QPainterPath()
        path.addRoundedRect(plate, 24, 24)
        page.p.fillPath(path, WHITE)
        page.logo.draw(page.p, target)
        y += target.height() + 110
    y += pen.text(QRectF(inner, y, side_width, 400), inv.seller_name,
                  page.f(13, look, bold=True), WHITE, lines=4) + 10
    y += page.unit_line(inner, y, side_width, look, WHITE)
    y += 10
    for line in inv.seller_lines:
        y += pen.text(QRectF(inner, y, side_width, 160), line, page.f(7.5, look), WHITE,
                      lines=2)
    if inv.payment_lines:
        y = max(y + 120, PAGE_HEIGHT - 200 - len(inv.payment_lines) * 100)
        y += pen.text(QRectF(inner, y, side_width, 80), inv.label("payment").upper(),
                      page.f(7, look, bold=True), WHITE) + 10
        for line in inv.payment_lines:
            y += pen.text(QRectF(inner, y, side_width, 160), line, page.f(7.5, look), WHITE,
                          lines=2)
    left = side + 150
    right = PAGE_WIDTH - 150
    width = right - left
    y = 220.0
    pen.text(QRectF(left, y, width, 320), inv.title.upper(), page.f(32, look, bold=True), INK)
    y += 300
    pen.rule(left, y, left + 260, page.accent, 10)
    y += 60
    pen.text(QRectF(left, y, width, 100), inv.number, page.f(11, look), MUTED)
    y += 200
    customer = page.block(left, y, width * 0.5, inv.label("bill_to"), inv.customer_name,
                          inv.customer_lines, look, title_color=page.accent)
    facts = page.facts(right - width * 0.42, y, width * 0.42, look)
    y += max(customer, facts) + 140
    y = page.table(left, y, width, look)
    after = page.totals(right, y, width * 0.5, look)
    page.notes(left, y + 60, width * 0.48, look, show_payment=False)
    page.signature(right, max(after + 260, PAGE_HEIGHT - 520), width * 0.4, look)
    page.footer(left, right, look, rule=None)


_TEMPLATES: dict[str, Callable[[_Page], None]] = {
    "modern": _modern,
    "classic": _classic,
    "condensed": _condensed,
    "minimal": _minimal,
    "fashion": _fashion,
}


def _page_number(page: _Page) -> None:
    """"Page 1 of 1" in the client's language, at the foot of the page on the right."""
    text = page.inv.label("page").replace("{page}", "1").replace("{pages}", "1")
    width = PAGE_WIDTH * 0.3
    page.pen.text(QRectF(PAGE_WIDTH - MARGIN - width, PAGE_HEIGHT - 75, width, 60), text,
                  _font(6.5), MUTED, align=Qt.AlignmentFlag.AlignRight)


def _sample_mark(page: _Page) -> None:
    """The word "SAMPLE" in the client's language, large and faint across the page, so that
    an exported sample is never taken for an invoice that was issued."""
    text = page.inv.label("sample")
    font = _font(96, bold=True)
    painter = page.p
    painter.save()
    try:
        painter.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        painter.rotate(-35)
        metrics = QFontMetricsF(font)
        width = metrics.horizontalAdvance(text)
        fits = min(1.0, PAGE_WIDTH * 1.05 / width) if width > 0 else 1.0
        painter.scale(fits, fits)
        painter.setFont(font)
        painter.setPen(QColor(200, 30, 30, 55))
        painter.drawText(QRectF(-width / 2 - 50, -metrics.height() / 2, width + 100,
                                metrics.height()),
                         int(Qt.AlignmentFlag.AlignCenter), text)
    finally:
        painter.restore()


def paint_invoice(
    painter: QPainter,
    target: QRectF,
    invoice: SampleInvoice,
    *,
    logo: LogoArt | None = None,
    template: str | None = None,
    sample_mark: bool = False,
) -> None:
    """Draw the invoice as an A4 page filling `target` (which should have A4 proportions).

    `template` overrides the invoice's own (for thumbnails); a template the app cannot
    draw (`timeless_modern_full_data`) is drawn as Modern. `sample_mark` writes "SAMPLE"
    across the page in the client's language (the exported PDF has it; the screen says it
    under the page instead, leaving the colours to be judged).
    """
    name = template or invoice.template
    draw = _TEMPLATES.get(name, _modern)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.translate(target.topLeft())
        painter.scale(target.width() / PAGE_WIDTH, target.height() / PAGE_HEIGHT)
        painter.setClipRect(QRectF(0, 0, PAGE_WIDTH, PAGE_HEIGHT))
        painter.fillRect(QRectF(0, 0, PAGE_WIDTH, PAGE_HEIGHT), WHITE)
        page = _Page(painter, invoice, logo)
        draw(page)
        _page_number(page)
        if sample_mark:
            _sample_mark(page)
    finally:
        painter.restore()


def page_rect(available: QRectF) -> QRectF:
    """The largest A4 rectangle centred in `available`."""
    scale = min(available.width() / PAGE_WIDTH, available.height() / PAGE_HEIGHT)
    width, height = PAGE_WIDTH * scale, PAGE_HEIGHT * scale
    return QRectF(
        available.center().x() - width / 2, available.center().y() - height / 2, width, height
    )
