"""The look: design tokens, the light and dark palettes and style sheet made from them, the
manager that applies them and follows the system, and palette-tinted action icons."""

from si_desktop.ui.theme.icons import TintedSvgEngine, tint_svg, tinted_icon
from si_desktop.ui.theme.manager import (
    SCHEME_CHOICES,
    SYSTEM,
    ThemeManager,
    resolve_scheme,
    system_scheme,
)
from si_desktop.ui.theme.palette import build_palette
from si_desktop.ui.theme.stylesheet import build_stylesheet
from si_desktop.ui.theme.tokens import DARK, LIGHT, SchemeName, Tokens, tokens_for

__all__ = [
    "DARK",
    "LIGHT",
    "SCHEME_CHOICES",
    "SYSTEM",
    "SchemeName",
    "ThemeManager",
    "TintedSvgEngine",
    "Tokens",
    "build_palette",
    "build_stylesheet",
    "resolve_scheme",
    "system_scheme",
    "tint_svg",
    "tinted_icon",
    "tokens_for",
]
