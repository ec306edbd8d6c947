"""Logos for the demo clients, drawn when the demo is seeded: a mark in the client's brand
colour holding the initial of its brand word, beside the word itself, as a PNG with a
transparent background, like the logo a small business hands its bookkeeper.

Drawn with Pillow (which fpdf2, the sandbox's PDF writer, is built on) in the DejaVu fonts the
PDFs embed, so a client's initial reads right in every language of the demo (`Č`, `Ž`, `Ö`).
Deterministic: the same brand, colour and style give the same bytes, so a demo is the same
for a seed. The file is stored as the client's own logo (`POST /files` with category
`logo` would store it the same way) and its settings say `has_logo`, so its PDFs, the
app's branding preview and "Last real invoice" all carry it.
"""

from __future__ import annotations

import functools
import io
import unicodedata

from PIL import Image, ImageDraw, ImageFont

from si_desktop.resources import resource_path

WIDTH, HEIGHT = 480, 160
"""Wide and short, as most letterhead logos are; the PDFs scale it into their logo box."""
STYLES = ("circle", "square", "rounded", "diamond")
INK = (38, 42, 51, 255)


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(resource_path("fonts/DejaVuSans-Bold.ttf")), size)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _initial(brand: str) -> str:
    """The brand's first letter as one character (`Č`, never a C and a combining caron)."""
    letter = next((c for c in unicodedata.normalize("NFC", brand) if c.isalnum()), "?")
    return letter.upper()


def _mark(draw: ImageDraw.ImageDraw, style: str, box: tuple[int, int, int, int],
          fill: tuple[int, int, int]) -> None:
    left, top, right, bottom = box
    if style == "circle":
        draw.ellipse(box, fill=fill)
    elif style == "square":
        draw.rectangle(box, fill=fill)
    elif style == "rounded":
        draw.rounded_rectangle(box, radius=(right - left) // 4, fill=fill)
    else:
        middle_x, middle_y = (left + right) // 2, (top + bottom) // 2
        draw.polygon([(middle_x, top), (right, middle_y), (middle_x, bottom), (left, middle_y)],
                     fill=fill)


def _centred(draw: ImageDraw.ImageDraw, text: str, centre: tuple[float, float],
             font: ImageFont.FreeTypeFont) -> None:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text((centre[0] - (left + right) / 2, centre[1] - (top + bottom) / 2), text,
              font=font, fill=(255, 255, 255, 255))


def logo_png(brand: str, colour: str, style: str = "circle") -> bytes:
    """A logo for `brand` in `colour` (`#RRGGBB`) with a mark of `style` (one of
    `STYLES`), as PNG bytes."""
    image = Image.new("RGBA", (WIDTH, HEIGHT), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    fill = _rgb(colour)
    margin = 16
    side = HEIGHT - 2 * margin
    box = (margin, margin, margin + side, margin + side)
    _mark(draw, style, box, fill)
    inset = 0.72 if style == "diamond" else 1.0  # a diamond's middle is narrower
    _centred(draw, _initial(brand), (margin + side / 2, margin + side / 2),
             _font(int(side * 0.62 * inset)))
    word = brand.strip() or "?"
    room = WIDTH - (margin + side + 24) - margin
    size = 96
    while size > 24 and draw.textlength(word, font=_font(size)) > room:
        size -= 4
    font = _font(size)
    left, top, _right, bottom = draw.textbbox((0, 0), word, font=font)
    draw.text((margin + side + 24 - left, HEIGHT / 2 - (top + bottom) / 2), word, font=font,
              fill=INK)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)  # quick: seeding draws hundreds
    return out.getvalue()
