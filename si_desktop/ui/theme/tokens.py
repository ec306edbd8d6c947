"""Design tokens: the one place for the app's colours, spacing and radii.

Both colour schemes name the same roles; `palette.py` and `stylesheet.py` turn a scheme into
a QPalette and a small style sheet. Nothing else in the UI writes a colour literal for
chrome (the invoice preview paints the client's own branding colours, which are data).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SchemeName(StrEnum):
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True, slots=True)
class Colors:
    """The colour roles of one scheme, as `#rrggbb`."""

    window: str  # the window background
    surface: str  # fields, lists, tables
    surface_alt: str  # alternate rows, raised panels
    button: str
    text: str
    muted: str  # secondary text, placeholders (still ≥ 4.5:1 on window)
    disabled: str
    border: str
    accent: str  # selection and focus
    on_accent: str
    link: str
    danger: str  # error text on window
    danger_surface: str  # error banner background
    danger_border: str
    on_danger_surface: str
    badge_surface: str
    on_badge: str
    tooltip: str
    on_tooltip: str


@dataclass(frozen=True, slots=True)
class Spacing:
    xs: int = 2
    s: int = 4
    m: int = 8
    l: int = 12  # noqa: E741 (a size, like the others)
    xl: int = 16


@dataclass(frozen=True, slots=True)
class Radii:
    small: int = 3
    medium: int = 4
    pill: int = 8


@dataclass(frozen=True, slots=True)
class Tokens:
    name: SchemeName
    colors: Colors
    spacing: Spacing = Spacing()
    radii: Radii = Radii()
    focus_width: int = 2


LIGHT = Tokens(
    SchemeName.LIGHT,
    Colors(
        window="#f3f3f5",
        surface="#ffffff",
        surface_alt="#f7f7f9",
        button="#fafafb",
        text="#1b1b1f",
        muted="#5d5d66",
        disabled="#9a9aa2",
        border="#c4c4cc",
        accent="#3b37c8",
        on_accent="#ffffff",
        link="#2e25b0",
        danger="#b3261e",
        danger_surface="#fdecea",
        danger_border="#f1b5b1",
        on_danger_surface="#5f2120",
        badge_surface="#e8e7fd",
        on_badge="#2e25b0",
        tooltip="#2b2b31",
        on_tooltip="#f5f5f7",
    ),
)

DARK = Tokens(
    SchemeName.DARK,
    Colors(
        window="#1e1e22",
        surface="#26262b",
        surface_alt="#2c2c32",
        button="#303037",
        text="#e8e8ec",
        muted="#a5a5b0",
        disabled="#6c6c75",
        border="#55555f",
        accent="#8d89ff",
        on_accent="#111114",
        link="#aeabff",
        danger="#ff8a80",
        danger_surface="#3d1f1d",
        danger_border="#7a3430",
        on_danger_surface="#ffd9d5",
        badge_surface="#2f2c5c",
        on_badge="#d4d2ff",
        tooltip="#f0f0f3",
        on_tooltip="#1b1b1f",
    ),
)


def tokens_for(name: SchemeName | str) -> Tokens:
    return DARK if SchemeName(name) is SchemeName.DARK else LIGHT
