"""Drawing a document's PDF with fpdf2: the five named templates on A4, in millimetres.

The templates follow the app's own previews (`ui/preview/renderer.py`, which draws them
with Qt for the branding editor), so that what a bookkeeper tunes there is what the customer
gets: Modern (a band of the primary colour across the top), Classic (serif, centred, double
rules), Condensed (small type, a coloured title bar, striped rows), Minimal (light title in
the colour, three columns, hairlines) and Fashion (a coloured sidebar holding the issuer and
the bank details). `timeless_modern_full_data` is drawn as Modern. Text set on the primary
colour is black or white, whichever reads better on it.

Item lines flow over as many pages as they need; each further page repeats a short heading
and the table's head. Footer, "Page n of m" and the DRAFT / VOID mark go on every page once
the page count is known.

Text is real text in embedded subsets of DejaVu (`resources/fonts/`), so it can be
searched, copied and read back. Images come only from the bytes given: the PDF library may
not open local files or URLs named inside an SVG logo.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from fpdf import FPDF
from fpdf.enums import ResourceAccessPolicy
from fpdf.image_parsing import preload_image

from si_desktop.core import branding
from si_desktop.resources import resource_path
from si_desktop.sandbox.pdf_content import Image, Item, PdfContent

log = logging.getLogger(__name__)

PAGE_W = 210.0
PAGE_H = 297.0
PT = 0.3528
"""One typographic point in millimetres."""
LINE = 1.22
"""Line height as a multiple of the font size."""
MARGIN = 18.0
CONTENT_BOTTOM = PAGE_H - 26.0
"""Nothing but the footer goes below this line."""
NAME_LINES = 6
DESCRIPTION_LINES = 14
"""The most lines an item's name and description take: a row always fits on a page."""
LOGO_BOX = (52.0, 20.0)
"""The logo's box at 100 %: it keeps its proportions inside."""

RGB = tuple[int, int, int]
INK: RGB = (31, 35, 40)
MUTED: RGB = (95, 102, 112)
RULE: RGB = (208, 212, 218)
HAIRLINE: RGB = (230, 232, 235)
WHITE: RGB = (255, 255, 255)
MARK_DRAFT: RGB = (120, 120, 120)
MARK_VOID: RGB = (200, 30, 30)

Align = Literal["L", "C", "R"]
FONT_FILES = {
    ("sans", ""): "fonts/DejaVuSans.ttf",
    ("sans", "B"): "fonts/DejaVuSans-Bold.ttf",
    ("serif", ""): "fonts/DejaVuSerif.ttf",
    ("serif", "B"): "fonts/DejaVuSerif-Bold.ttf",
    ("light", ""): "fonts/DejaVuSans-ExtraLight.ttf",
}


def rgb(color: str) -> RGB:
    value = branding.parse_color(color)
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def tint(color: RGB, amount: float) -> RGB:
    """`color` mixed with white (`amount` 0: unchanged, 1: white)."""
    red, green, blue = (round(c + (255 - c) * amount) for c in color)
    return red, green, blue


def on_color(color: str) -> RGB:
    """Black or white text, whichever reads better on `color`."""
    return rgb(branding.readable_text_color(color))


def ink_on_white(color: str, ratio: float = 4.5) -> RGB:
    """`color` as text on the white page: itself when it reads (WCAG contrast `ratio`),
    else darkened step by step until it does (a yellow brand prints as ochre)."""
    red, green, blue = rgb(color)
    for step in range(11):
        keep = 1 - step / 10
        mixed = (round(red * keep), round(green * keep), round(blue * keep))
        hex_color = "#" + "".join(f"{channel:02x}" for channel in mixed)
        if branding.contrast_ratio(hex_color, branding.WHITE) >= ratio:
            return mixed
    return INK


# --- the canvas ------------------------------------------------------------------------


class Canvas:
    """fpdf2 with plain-text drawing in millimetres: wrapped, limited to a number of lines
    (the last one elided), top-anchored, returning the height used."""

    def __init__(self, content: PdfContent) -> None:
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.resource_access_policy = ResourceAccessPolicy.NONE
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.c_margin = 0
        for (family, style), name in FONT_FILES.items():
            pdf.add_font(family, style, str(resource_path(name)))
        pdf.set_title(content.heading)
        pdf.set_author(content.seller_name)
        pdf.set_subject(content.heading)
        pdf.set_creator("si-sandbox")
        pdf.set_lang(content.locale)
        self.pdf = pdf
        self.content = content
        self.accent = rgb(content.color)
        """The primary colour, for fills and rules."""
        self.on_accent = on_color(content.color)
        """Text set on the primary colour."""
        self.accent_ink = ink_on_white(content.color)
        """Text in the primary colour on the white page, dark enough to read."""

    # fonts and text

    def font(self, size: float, *, bold: bool = False, serif: bool = False,
             light: bool = False) -> None:
        family = "light" if light and not bold else ("serif" if serif else "sans")
        self.pdf.set_font(family, "B" if bold and family != "light" else "", size)

    @staticmethod
    def line_height(size: float) -> float:
        return size * PT * LINE

    def width(self, text: str) -> float:
        return float(self.pdf.get_string_width(text))

    def pack(self, items: Sequence[str], separator: str, width: float) -> list[str]:
        """Items side by side, `separator` between them, in lines of `width` in the current
        font, breaking between items and never inside one (a phone number or a date split
        over two lines reads as two things). An item wider than a line is one line of its
        own, for `wrap` to break."""
        result: list[str] = []
        current = ""
        for item in filter(None, items):
            candidate = f"{current}{separator}{item}" if current else item
            if current and self.width(candidate) > width:
                result.append(current)
                candidate = item
            current = candidate
        if current:
            result.append(current)
        return result

    def wrap(self, text: str, width: float, lines: int) -> list[str]:
        """The text broken into at most `lines` lines of `width` in the current font; the
        last one ends in "…" when text was left out."""
        result: list[str] = []
        cut = False
        for paragraph in text.replace("\r\n", "\n").split("\n"):
            if len(result) >= lines:
                cut = True
                break
            current = ""
            for word in paragraph.split(" "):
                candidate = f"{current} {word}" if current else word
                if self.width(candidate) <= width:
                    current = candidate
                    continue
                if current:
                    result.append(current)
                    current = ""
                while self.width(word) > width and len(word) > 1:
                    split = self._fit(word, width)
                    result.append(word[:split])
                    word = word[split:]
                current = word
            result.append(current)
        if len(result) > lines:
            result, cut = result[:lines], True
        if cut and result:
            result[-1] = self._elide(result[-1], width)
        return result

    def _fit(self, word: str, width: float) -> int:
        """How many characters of `word` fit in `width` (at least one)."""
        low, high = 1, len(word)
        while low < high:
            middle = (low + high + 1) // 2
            if self.width(word[:middle]) <= width:
                low = middle
            else:
                high = middle - 1
        return low

    def _elide(self, line: str, width: float) -> str:
        while line and self.width(line + "…") > width:
            line = line[:-1]
        return line.rstrip() + "…"

    def text(self, x: float, y: float, width: float, text: str, size: float, *,
             color: RGB = INK, bold: bool = False, serif: bool = False, light: bool = False,
             align: Align = "L", lines: int = 1) -> float:
        """Draw `text` in a box `width` wide whose top is `y`; return the height used."""
        if not text or width <= 0:
            return 0.0
        self.font(size, bold=bold, serif=serif, light=light)
        height = self.line_height(size)
        self.pdf.set_text_color(*color)
        drawn = self.wrap(text, width, lines)
        for index, line in enumerate(drawn):
            self.pdf.set_xy(x, y + index * height)
            self.pdf.cell(width, height, line, align=align)
        return height * len(drawn)

    def measure(self, width: float, text: str, size: float, *, bold: bool = False,
                serif: bool = False, lines: int = 1) -> float:
        if not text or width <= 0:
            return 0.0
        self.font(size, bold=bold, serif=serif)
        return self.line_height(size) * len(self.wrap(text, width, lines))

    # shapes and images

    def fill(self, x: float, y: float, w: float, h: float, color: RGB, *,
             radius: float = 0.0) -> None:
        self.pdf.set_fill_color(*color)
        if radius:
            self.pdf.rect(x, y, w, h, style="F", round_corners=True, corner_radius=radius)
        else:
            self.pdf.rect(x, y, w, h, style="F")

    def rule(self, x1: float, y: float, x2: float, color: RGB, width: float = 0.3) -> None:
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(width)
        self.pdf.line(x1, y, x2, y)

    def image_size(self, image: Image, box_w: float, box_h: float) -> tuple[float, float]:
        """The image's size fitted inside the box, keeping its proportions; (0, 0) when the
        image cannot be read (then it is left out, never the whole document)."""
        try:
            _name, _img, info = preload_image(
                self.pdf.image_cache, io.BytesIO(image.data),
                resource_access_policy=ResourceAccessPolicy.NONE,
                svg_limits=self.pdf.svg_limits)
            width, height = float(info.width), float(info.height)
        except Exception as exc:  # a broken or hostile upload: the PDF goes on without it
            log.warning("an image of %s could not be read: %s", self.content.heading, exc)
            return 0.0, 0.0
        if width <= 0 or height <= 0:
            return 0.0, 0.0
        scale = min(box_w / width, box_h / height)
        return width * scale, height * scale

    def image(self, image: Image | None, x: float, y: float, box_w: float, box_h: float,
              align: Align = "L") -> float:
        """Draw the image fitted in the box, aligned; return the height used."""
        if image is None:
            return 0.0
        width, height = self.image_size(image, box_w, box_h)
        if not width:
            return 0.0
        left = {"L": x, "C": x + (box_w - width) / 2, "R": x + box_w - width}[align]
        try:
            self.pdf.image(io.BytesIO(image.data), x=left, y=y, w=width, h=height)
        except Exception as exc:
            log.warning("an image of %s could not be drawn: %s", self.content.heading, exc)
            return 0.0
        return height

    def logo_box(self) -> tuple[float, float]:
        scale = self.content.logo_scale / 100
        return LOGO_BOX[0] * scale, LOGO_BOX[1] * scale

    def logo_height(self) -> float:
        if self.content.logo is None:
            return 0.0
        return self.image_size(self.content.logo, *self.logo_box())[1]


# --- what every template shares ----------------------------------------------------------


@dataclass(frozen=True)
class Look:
    """How a template draws the shared parts."""

    serif: bool = False
    scale: float = 1.0
    header_fill: bool = True
    stripes: bool = False
    rules: RGB = RULE
    total_fill: bool = False
    footer_rule: bool = True
    footer_rule_accent: bool = False


@dataclass(frozen=True)
class Frame:
    """The horizontal extent of the flowing content."""

    left: float
    right: float

    @property
    def width(self) -> float:
        return self.right - self.left


class Sheet:
    """One document being drawn: the canvas, the template's look and frame, and the y the
    flowing content has reached."""

    def __init__(self, canvas: Canvas, template: Template) -> None:
        self.c = canvas
        self.t = template
        self.look = template.look
        self.frame = template.frame
        self.content = canvas.content
        self.table_scale = 1.0
        """How much smaller than usual the item table is set (`columns()` decides)."""

    def size(self, points: float) -> float:
        return points * self.look.scale

    def text(self, x: float, y: float, width: float, text: str, size: float, *,
             color: RGB = INK, bold: bool = False, light: bool = False, align: Align = "L",
             lines: int = 1) -> float:
        """`Canvas.text` in the template's type (serif or not, its scale)."""
        return self.c.text(x, y, width, text, self.size(size), color=color, bold=bold,
                           serif=self.look.serif, light=light, align=align, lines=lines)

    def items(self, x: float, y: float, width: float, items: Sequence[str], separator: str,
              size: float, *, color: RGB = INK, align: Align = "L", lines: int = 1) -> float:
        """Items on a line (`Canvas.pack`), in the template's type; returns the height used."""
        self.c.font(self.size(size), serif=self.look.serif)
        packed = "\n".join(self.c.pack(items, separator, width))
        return self.text(x, y, width, packed, size, color=color, align=align, lines=lines)

    def block(self, x: float, y: float, width: float, label: str, name: str,
              lines: Sequence[str], *, color: RGB = INK, muted: RGB = MUTED,
              label_color: RGB | None = None, align: Align = "L") -> float:
        """A labelled address block; returns its height."""
        top = y
        if label:
            y += self.text(x, y, width, label.upper(), 7, bold=True,
                           color=label_color or muted, align=align) + 0.8
        y += self.text(x, y, width, name, 10, bold=True, color=color, align=align, lines=2)
        for line in lines:
            y += self.text(x, y, width, line, 8.5, color=muted, align=align, lines=2)
        return y - top

    def facts(self, x: float, y: float, width: float, *, with_number: bool = True,
              only: Sequence[tuple[str, str]] | None = None, color: RGB = INK,
              muted: RGB = MUTED) -> float:
        """Number, dates and references as label / value rows (`only` some of them);
        returns their height."""
        top = y
        rows = list(self.content.facts if only is None else only)
        if with_number and self.content.number:
            rows.insert(0, (self.content.word("number"), self.content.number))
        for label, value in rows:
            height = self.c.line_height(self.size(8.5)) * 1.15
            self.text(x, y, width * 0.45, label, 8, color=muted)
            used = self.text(x + width * 0.4, y, width * 0.6, value, 8.5, bold=True,
                             color=color, align="R", lines=2)
            y += max(height, used)
        return y - top

    # the item table

    def cells(self, item: Item) -> list[str]:
        """The item's cells after the description, in the order of `columns()`."""
        cells = [item.quantity, item.price]
        if self.content.show_discount:
            cells.append(item.discount)
        if self.content.show_tax:
            cells.append(item.tax)
        return [*cells, item.amount]

    @property
    def pad(self) -> float:
        return 2.4 * self.look.scale

    def columns(self) -> list[tuple[str, float, Align]]:
        """(head, width, alignment) of each column: the figures as wide as their widest
        cell, the description what is left (at least 36 % of the table). In a narrow
        frame the table's type gets smaller (down to 72 %) before anything wraps."""
        content, c = self.content, self.c
        heads = [content.word("quantity"), content.word("price")]
        if content.show_discount:
            heads.append(content.word("discount"))
        if content.show_tax:
            heads.append(content.word("vat"))
        heads = [head.upper() for head in [*heads, content.word("amount")]]
        needed = []
        for index, head in enumerate(heads):
            c.font(self.size(7.5), bold=True, serif=self.look.serif)
            widest = c.width(head)
            c.font(self.size(9), serif=self.look.serif)
            for item in content.items:
                widest = max(widest, c.width(self.cells(item)[index]))
            needed.append(widest + 1)
        room = self.frame.width * 0.64
        pad = self.pad
        total = sum(needed) + 2 * pad * len(needed)
        self.table_scale = max(0.72, min(1.0, room / total))
        widths = [(w + 2 * pad) * self.table_scale for w in needed]
        if sum(widths) > room:
            widths = [w * room / sum(widths) for w in widths]
        rest = self.frame.width - sum(widths)
        return [(content.word("description").upper(), rest, "L"),
                *((head, width, "R") for head, width in zip(heads, widths, strict=True))]

    def table_head(self, y: float, columns: Sequence[tuple[str, float, Align]]) -> float:
        """The table's head row; returns the y below it."""
        pad, head = self.pad, 7.5 * self.table_scale
        height = max(self.c.measure(w - 2 * pad, h, self.size(head), bold=True,
                                    serif=self.look.serif, lines=2) for h, w, _ in columns)
        height += 2 * pad
        left = self.frame.left
        if self.look.header_fill:
            self.c.fill(left, y, self.frame.width, height, self.c.accent)
            color = self.c.on_accent
        else:
            color = self.c.accent_ink
            self.c.rule(left, y + height, self.frame.right, self.c.accent, 0.5)
        for title, width, align in columns:
            self.text(left + pad, y + pad, width - 2 * pad, title, head, bold=True, color=color,
                      align=align, lines=2)
            left += width
        return y + height

    def row_height(self, item: Item, columns: Sequence[tuple[str, float, Align]]) -> float:
        pad, serif = self.pad, self.look.serif
        body, small = self.size(9 * self.table_scale), self.size(7.5 * self.table_scale)
        first = columns[0][1] - 2 * pad
        height = self.c.measure(first, item.name, body, serif=serif, lines=NAME_LINES)
        height = max(height, self.c.line_height(body))
        if item.description:
            height += self.c.measure(first, item.description, small, serif=serif,
                                     lines=DESCRIPTION_LINES)
        for cell, (_, width, _) in zip(self.cells(item), columns[1:], strict=True):
            height = max(height, self.c.measure(width - 2 * pad, cell, body, serif=serif,
                                                lines=2))
        return height + 2 * pad

    def row(self, y: float, item: Item, index: int,
            columns: Sequence[tuple[str, float, Align]], height: float) -> None:
        pad, frame = self.pad, self.frame
        if self.look.stripes and index % 2 == 1:
            self.c.fill(frame.left, y, frame.width, height, tint(self.c.accent, 0.92))
        body, small = 9 * self.table_scale, 7.5 * self.table_scale
        (_, first, _), *rest = columns
        used = self.text(frame.left + pad, y + pad, first - 2 * pad, item.name, body,
                         lines=NAME_LINES)
        if item.description:
            self.text(frame.left + pad, y + pad + used, first - 2 * pad, item.description,
                      small, color=MUTED, lines=DESCRIPTION_LINES)
        left = frame.left + first
        for cell, (_, width, align) in zip(self.cells(item), rest, strict=True):
            self.text(left + pad, y + pad, width - 2 * pad, cell, body, align=align, lines=2)
            left += width
        self.c.rule(frame.left, y + height, frame.right, self.look.rules, 0.2)

    # below the table

    def tax_summary_height(self) -> float:
        if len(self.content.tax_rows) < 1:
            return 0.0
        return (len(self.content.tax_rows) + 1) * self.c.line_height(self.size(8)) * 1.3 + 4

    def tax_summary(self, x: float, y: float, width: float) -> float:
        """Rate, base and tax of each rate the document carries; returns its height."""
        rows = self.content.tax_rows
        if not rows:
            return 0.0
        top = y = y + 4
        step = self.c.line_height(self.size(8)) * 1.3
        heads = (self.content.word("tax_rate"), self.content.word("tax_base"),
                 self.content.word("vat"))
        shares = (0.34, 0.33, 0.33)
        aligns: tuple[Align, Align, Align] = ("L", "R", "R")
        left = x
        for head, share, align in zip(heads, shares, aligns, strict=True):
            self.text(left, y, width * share, head.upper(), 7, bold=True, color=MUTED,
                      align=align)
            left += width * share
        y += step
        self.c.rule(x, y - 1, x + width, self.look.rules, 0.2)
        for row in rows:
            left = x
            for cell, share, align in zip((row.label, row.base, row.amount), shares, aligns,
                                          strict=True):
                self.text(left, y, width * share, cell, 8, align=align)
                left += width * share
            y += step
        return y - top + 4

    def totals_height(self) -> float:
        rows = len(self.content.totals) + len(self.content.balance)
        return 3 + rows * self.c.line_height(self.size(9)) * 1.3 + \
            self.c.line_height(self.size(12)) * 1.6 + 2

    def totals(self, right: float, y: float, width: float) -> float:
        """Subtotal, taxes, the total (and paid and due); returns the y below them."""
        c = self.c
        x = right - width
        y += 3 * self.look.scale
        step = c.line_height(self.size(9)) * 1.3

        def pair(label: str, value: str, color: RGB, size: float, bold: bool,
                 inset: float = 0.0, top: float = 0.0) -> None:
            c.font(self.size(size), bold=bold, serif=self.look.serif)
            room = max(width * 0.3, width - 2 * inset - c.width(value) - 4)
            self.text(x + inset, y + top, room, label, size, bold=bold, color=color)
            self.text(x + width * 0.3, y + top, width * 0.7 - inset, value, size, bold=bold,
                      color=color, align="R")

        for label, value in self.content.totals:
            pair(label, value, MUTED, 9, False)
            y += step
        height = c.line_height(self.size(12)) * 1.6
        label, value = self.content.total
        if self.look.total_fill:
            c.fill(x, y, width, height, c.accent)
            pair(label, value, c.on_accent, 12, True, inset=2.0, top=height * 0.18)
        else:
            c.rule(x, y, right, c.accent, 0.5)
            pair(label, value, c.accent_ink, 12, True, top=height * 0.18)
        y += height + 1
        for label, value in self.content.balance:
            pair(label, value, INK, 9, label == self.content.word("amount_due"))
            y += step
        return y

    def notes_height(self, width: float, *, payment: bool) -> float:
        height = 0.0
        for text in self.content.texts:
            height += self.c.measure(width, text, self.size(8.5), serif=self.look.serif,
                                     lines=8) + 2
        if payment and self.content.payment_lines:
            height += 2 + self.c.line_height(self.size(7)) + 1
            height += len(self.content.payment_lines) * self.c.line_height(self.size(8.5))
        return height

    def notes(self, x: float, y: float, width: float, *, payment: bool) -> float:
        """Note, payment terms and the bank details; returns the y below them."""
        for text in self.content.texts:
            y += self.text(x, y, width, text, 8.5, lines=8) + 2
        if payment and self.content.payment_lines:
            y += 2
            y += self.text(x, y, width, self.content.word("payment").upper(), 7, bold=True,
                           color=MUTED) + 1
            for line in self.content.payment_lines:
                y += self.text(x, y, width, line, 8.5)
        return y

    def signature_height(self) -> float:
        content = self.content
        if not content.signature and content.signature_image is None:
            return 0.0
        image = 0.0
        if content.signature_image is not None:
            image = self.c.image_size(content.signature_image, 50, 18)[1]
        return image + 2 + self.c.line_height(self.size(9)) * 2 + 6

    def signature(self, right: float, y: float, width: float) -> None:
        """The signature image above a line, the signing name below it."""
        content = self.content
        if not content.signature and content.signature_image is None:
            return
        x = right - width
        y += self.c.image(content.signature_image, x, y, width, 18, "C")
        y += 2
        self.c.rule(x, y, right, MUTED, 0.2)
        self.text(x, y + 1.4, width, content.signature, 9, align="C", lines=2)


# --- the templates ------------------------------------------------------------------------


class Template:
    """A template: its look, where the flowing content goes, and its page heads."""

    look = Look()
    frame = Frame(MARGIN, PAGE_W - MARGIN)
    payment_in_body = True
    totals_share = 0.42
    notes_share = 0.5

    def background(self, sheet: Sheet) -> None:
        """What every page carries under its content."""

    def first_page(self, sheet: Sheet) -> float:
        raise NotImplementedError

    def next_page(self, sheet: Sheet) -> float:
        """A further page's heading; returns where the table goes on."""
        content = sheet.content
        y = 14.0
        heading = f"{content.heading} · {content.word('continued')}"
        used = sheet.text(self.frame.left, y, self.frame.width * 0.64, heading, 10, bold=True,
                          color=sheet.c.accent_ink, lines=2)
        sheet.text(self.frame.left + self.frame.width * 0.66, y, self.frame.width * 0.34,
                   content.seller_name, 8.5, color=MUTED, align="R", lines=2)
        return y + max(used, 8.0) + 6

    def footer(self, sheet: Sheet) -> None:
        content, c, look = sheet.content, sheet.c, sheet.look
        if not content.footer:
            return
        y = PAGE_H - 17
        if look.footer_rule:
            c.rule(self.frame.left, y - 2, self.frame.right,
                   c.accent if look.footer_rule_accent else RULE, 0.2)
        sheet.text(self.frame.left, y, self.frame.width, content.footer, 7.5, color=MUTED,
                   align="C", lines=2)


class Modern(Template):
    look = Look(total_fill=True)

    def first_page(self, sheet: Sheet) -> float:
        c, content = sheet.c, sheet.content
        left_w = PAGE_W * 0.52
        # the address one item a line, then the contacts side by side: the band stays
        # compact and nothing the seller gave is left out
        c.font(sheet.size(8), serif=sheet.look.serif)
        lines = [*content.seller_lines[:4], *c.pack(content.seller_lines[4:], "  ·  ", left_w)]
        logo = c.logo_height()
        needed = 15.0 + (logo + 3 if logo else 0)
        needed += c.measure(left_w, content.seller_name, 15, bold=True, lines=2) + 0.6
        if content.unit_name:
            needed += c.measure(left_w, content.unit_name, 8.5, bold=True)
        needed += sum(c.measure(left_w, line, 8) for line in lines)
        band = max(56.0, needed + 9)
        c.fill(0, 0, PAGE_W, band, c.accent)
        ink = c.on_accent
        y = 15.0
        y += c.image(content.logo, MARGIN, y, *c.logo_box(), "L")
        if logo:
            y += 3
        y += sheet.text(MARGIN, y, left_w, content.seller_name, 15, bold=True, color=ink,
                        lines=2) + 0.6
        if content.unit_name:
            y += sheet.text(MARGIN, y, left_w, content.unit_name, 8.5, bold=True, color=ink)
        for line in lines:
            y += sheet.text(MARGIN, y, left_w, line, 8, color=ink)
        right = PAGE_W - MARGIN
        title_w = PAGE_W * 0.34
        sheet.text(right - title_w, 15, title_w, content.title.upper(), 24, bold=True,
                   color=ink, align="R", lines=2)
        sheet.text(right - title_w, 30, title_w, content.number, 11, color=ink, align="R")
        y = band + 11
        width = self.frame.width
        customer = sheet.block(MARGIN, y, width * 0.5, content.word("bill_to"),
                               content.customer_name, content.customer_lines,
                               label_color=c.accent_ink)
        facts = sheet.facts(right - width * 0.4, y + 4, width * 0.4, with_number=False)
        return y + max(customer, facts + 4) + 11

    def next_page(self, sheet: Sheet) -> float:
        c, content = sheet.c, sheet.content
        c.fill(0, 0, PAGE_W, 16, c.accent)
        heading = f"{content.heading} · {content.word('continued')}"
        sheet.text(MARGIN, 5.5, self.frame.width * 0.6, heading, 10, bold=True,
                   color=c.on_accent)
        sheet.text(MARGIN + self.frame.width * 0.6, 6, self.frame.width * 0.4,
                   content.seller_name, 8.5, color=c.on_accent, align="R")
        return 26.0


class Classic(Template):
    look = Look(serif=True, header_fill=False, footer_rule_accent=True)

    def first_page(self, sheet: Sheet) -> float:
        c, content = sheet.c, sheet.content
        width = self.frame.width
        y = 16.0
        box_w, box_h = c.logo_box()
        logo = c.image(content.logo, (PAGE_W - box_w) / 2, y, box_w, box_h, "C")
        if logo:
            y += logo + 4
        y += sheet.text(MARGIN, y, width, content.seller_name, 17, bold=True, color=c.accent_ink,
                        align="C", lines=2) + 0.6
        if content.unit_name:
            y += sheet.text(MARGIN, y, width, content.unit_name, 8.5, bold=True, align="C")
        y += sheet.items(MARGIN, y, width, content.seller_lines, "  ·  ", 8,
                         color=MUTED, align="C", lines=3) + 4
        c.rule(MARGIN, y, PAGE_W - MARGIN, c.accent, 0.6)
        c.rule(MARGIN, y + 1.8, PAGE_W - MARGIN, c.accent, 0.2)
        y += 11
        y += sheet.text(MARGIN, y, width * 0.62, content.heading, 16, bold=True, lines=2) + 6
        right = PAGE_W - MARGIN
        customer = sheet.block(MARGIN, y, width * 0.5, content.word("bill_to"),
                               content.customer_name, content.customer_lines)
        facts = sheet.facts(right - width * 0.4, y, width * 0.4, with_number=False)
        return y + max(customer, facts) + 11

    def next_page(self, sheet: Sheet) -> float:
        y = super().next_page(sheet)
        sheet.c.rule(MARGIN, y - 3, PAGE_W - MARGIN, sheet.c.accent, 0.4)
        return y + 2


class Condensed(Template):
    look = Look(scale=0.85, stripes=True)
    totals_share = 0.38
    notes_share = 0.55

    def first_page(self, sheet: Sheet) -> float:
        c, content = sheet.c, sheet.content
        width = self.frame.width
        right = PAGE_W - MARGIN
        top = y = 13.0
        box_w, box_h = c.logo_box()
        logo = c.image(content.logo, MARGIN, y, box_w, box_h, "L")
        name_x = MARGIN + (box_w + 5 if logo else 0)
        name_w = max(30.0, PAGE_W * 0.55 - name_x)
        y += sheet.text(name_x, y, name_w, content.seller_name, 13, bold=True, lines=2)
        if content.unit_name:
            y += sheet.text(name_x, y, name_w, content.unit_name, 8.5, bold=True,
                            color=c.accent_ink)
        column = width * 0.4
        lines_y = top
        for line in content.seller_lines:
            lines_y += sheet.text(right - column, lines_y, column, line, 8, color=MUTED,
                                  align="R")
        y = max(y, lines_y, top + logo) + 7
        bar = 12.0
        c.fill(MARGIN, y, width, bar, c.accent)
        heading = f"{content.title.upper()}  {content.number}".strip()
        sheet.text(MARGIN + 3, y + 3.2, width * 0.5, heading, 12, bold=True,
                   color=c.on_accent)
        dates = [f"{label}: {value}" for label, value in content.facts[:3]]
        sheet.items(MARGIN + width * 0.45, y + 4, width * 0.55 - 3, dates, "   ", 8.5,
                    color=c.on_accent, align="R")
        y += bar + 6
        customer = sheet.block(MARGIN, y, width * 0.5, content.word("bill_to"),
                               content.customer_name, content.customer_lines,
                               label_color=c.accent_ink)
        more = content.facts[3:]
        facts = 0.0
        if more:
            facts = sheet.facts(right - width * 0.4, y, width * 0.4, with_number=False,
                                only=more)
        return y + max(customer, facts) + 7

    def next_page(self, sheet: Sheet) -> float:
        c, content = sheet.c, sheet.content
        c.fill(MARGIN, 12, self.frame.width, 10, c.accent)
        heading = f"{content.heading} · {content.word('continued')}"
        sheet.text(MARGIN + 3, 14.5, self.frame.width - 6, heading, 10, bold=True,
                   color=c.on_accent)
        return 28.0


class Minimal(Template):
    look = Look(header_fill=False, rules=HAIRLINE, footer_rule=False)
    frame = Frame(24.0, PAGE_W - 24.0)
    totals_share = 0.4

    def first_page(self, sheet: Sheet) -> float:
        c, content = sheet.c, sheet.content
        left, right, width = self.frame.left, self.frame.right, self.frame.width
        y = 22.0
        box_w, box_h = c.logo_box()
        logo = c.image(content.logo, right - box_w, y, box_w, box_h, "R")
        y += sheet.text(left, y, width * 0.6, content.title, 30, light=True,
                        color=c.accent_ink, lines=2) + 1
        y += sheet.text(left, y, width * 0.6, content.number, 10, color=MUTED)
        y = max(y + 16, 22 + logo + 8)
        column = width / 3
        seller_lines = ((content.unit_name,) if content.unit_name else ()) + \
            content.seller_lines
        seller = sheet.block(left, y, column - 4, "", content.seller_name, seller_lines)
        customer = sheet.block(left + column, y, column - 4, content.word("bill_to"),
                               content.customer_name, content.customer_lines)
        facts = sheet.facts(left + 2 * column + 4, y, column - 4, with_number=False)
        return y + max(seller, customer, facts) + 16


class Fashion(Template):
    look = Look(header_fill=False, footer_rule=False)
    frame = Frame(79.0, PAGE_W - 15.0)
    payment_in_body = False
    totals_share = 0.5
    notes_share = 0.48
    side = 64.0
    inner = 11.0

    def background(self, sheet: Sheet) -> None:
        sheet.c.fill(0, 0, self.side, PAGE_H, sheet.c.accent)

    def first_page(self, sheet: Sheet) -> float:
        c, content = sheet.c, sheet.content
        ink = c.on_accent
        inner, side_w = self.inner, self.side - 2 * self.inner
        y = 18.0
        if content.logo is not None:
            box_w, box_h = c.logo_box()
            scale = min(1.0, side_w / box_w)
            width, height = c.image_size(content.logo, box_w * scale, box_h * scale)
            if height:
                c.fill(inner - 3, y - 3, side_w + 6, height + 6, WHITE, radius=2.4)
                c.image(content.logo, inner, y, side_w, height, "L")
                y += height + 11
        y += sheet.text(inner, y, side_w, content.seller_name, 13, bold=True, color=ink,
                        lines=4) + 1
        if content.unit_name:
            y += sheet.text(inner, y, side_w, content.unit_name, 8.5, bold=True, color=ink)
        y += 1
        for line in content.seller_lines:
            y += sheet.text(inner, y, side_w, line, 7.5, color=ink, lines=2)
        if content.payment_lines:
            step = c.line_height(7.5)
            y = max(y + 12, PAGE_H - 22 - len(content.payment_lines) * step * 2)
            y += sheet.text(inner, y, side_w, content.word("payment").upper(), 7, bold=True,
                            color=ink) + 1
            for line in content.payment_lines:
                y += sheet.text(inner, y, side_w, line, 7.5, color=ink, lines=2)
        left, right, width = self.frame.left, self.frame.right, self.frame.width
        y = 22.0
        y += sheet.text(left, y, width, content.title.upper(), 32, bold=True, lines=2)
        y += 2
        c.rule(left, y, left + 26, c.accent, 1.0)
        y += 6
        sheet.text(left, y, width, content.number, 11, color=MUTED)
        y += 14
        customer = sheet.block(left, y, width * 0.5, content.word("bill_to"),
                               content.customer_name, content.customer_lines,
                               label_color=c.accent_ink)
        facts = sheet.facts(right - width * 0.45, y, width * 0.45, with_number=False)
        return y + max(customer, facts) + 14


TEMPLATES: dict[str, type[Template]] = {
    "modern": Modern,
    "classic": Classic,
    "condensed": Condensed,
    "minimal": Minimal,
    "fashion": Fashion,
}


# --- the flow -----------------------------------------------------------------------------


def _new_page(sheet: Sheet) -> float:
    sheet.c.pdf.add_page()
    sheet.t.background(sheet)
    return sheet.t.next_page(sheet)


def _items(sheet: Sheet, y: float) -> float:
    """The table, over as many pages as it takes; returns the y below it."""
    columns = sheet.columns()
    y = sheet.table_head(y, columns)
    for index, item in enumerate(sheet.content.items):
        height = sheet.row_height(item, columns)
        if y + height > CONTENT_BOTTOM:
            y = sheet.table_head(_new_page(sheet), columns)
        sheet.row(y, item, index, columns, height)
        y += height
    return y


def _after_items(sheet: Sheet, y: float) -> None:
    """Tax summary and totals side by side, then the notes and the signature; each moves to
    a new page when it does not fit."""
    t, frame = sheet.t, sheet.frame
    totals_w = frame.width * t.totals_share
    summary_w = frame.width - totals_w - 8
    needed = max(sheet.totals_height(), sheet.tax_summary_height()) + 2
    if y + needed > CONTENT_BOTTOM:
        y = _new_page(sheet)
    below_totals = sheet.totals(frame.right, y, totals_w)
    below_summary = y + sheet.tax_summary(frame.left, y, min(summary_w, 95.0))
    y = max(below_totals, below_summary) + 6
    notes_w = frame.width * t.notes_share if not sheet.content.tax_rows else frame.width
    notes_h = sheet.notes_height(notes_w, payment=t.payment_in_body)
    if notes_h and y + notes_h > CONTENT_BOTTOM:
        y = _new_page(sheet)
    y = sheet.notes(frame.left, y, notes_w, payment=t.payment_in_body) + 6
    signature_h = sheet.signature_height()
    if signature_h:
        if y + signature_h > CONTENT_BOTTOM:
            y = _new_page(sheet)
        y = max(y, CONTENT_BOTTOM - signature_h - 10) if y < CONTENT_BOTTOM - 60 else y
        sheet.signature(frame.right, y, frame.width * 0.34)


def _page_marks(sheet: Sheet) -> None:
    """Footer, "Page n of m" and the DRAFT / VOID mark on every page."""
    pdf, content = sheet.c.pdf, sheet.content
    pages = pdf.page
    for page in range(1, pages + 1):
        pdf.page = page
        sheet.t.footer(sheet)
        label = content.word("page").replace("{page}", str(page)).replace("{pages}",
                                                                           str(pages))
        sheet.c.text(sheet.frame.right - 60, PAGE_H - 9, 60, label, 6.5, color=MUTED,
                     align="R")
        if content.mark:
            _mark(sheet)


def _mark(sheet: Sheet) -> None:
    """The mark, large and faint across the page, so that a draft or a voided document is
    never taken for one that stands."""
    c, content = sheet.c, sheet.content
    color = MARK_VOID if content.mark == content.word("void") else MARK_DRAFT
    size = 96.0
    c.font(size, bold=True)
    width = c.width(content.mark)
    if width > PAGE_W * 1.05:
        size *= PAGE_W * 1.05 / width
        c.font(size, bold=True)
        width = c.width(content.mark)
    height = c.line_height(size)
    with c.pdf.local_context(fill_opacity=0.16):
        c.pdf.set_text_color(*color)
        with c.pdf.rotation(35, PAGE_W / 2, PAGE_H / 2):
            c.pdf.set_xy(PAGE_W / 2 - width / 2, PAGE_H / 2 - height / 2)
            c.pdf.cell(width, height, content.mark, align="C")


def render_pdf(content: PdfContent) -> bytes:
    """The document as PDF bytes."""
    canvas = Canvas(content)
    template = TEMPLATES.get(content.template, Modern)()
    sheet = Sheet(canvas, template)
    canvas.pdf.add_page()
    template.background(sheet)
    y = template.first_page(sheet)
    y = _items(sheet, y)
    _after_items(sheet, y)
    _page_marks(sheet)
    return bytes(canvas.pdf.output())
