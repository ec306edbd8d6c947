"""A QPalette from the design tokens."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from si_desktop.ui.theme.tokens import Tokens

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def build_palette(tokens: Tokens) -> QPalette:
    c = tokens.colors
    palette = QPalette()
    roles = {
        Role.Window: c.window,
        Role.WindowText: c.text,
        Role.Base: c.surface,
        Role.AlternateBase: c.surface_alt,
        Role.Text: c.text,
        Role.PlaceholderText: c.muted,
        Role.Button: c.button,
        Role.ButtonText: c.text,
        Role.BrightText: "#ffffff",
        Role.Highlight: c.accent,
        Role.HighlightedText: c.on_accent,
        Role.Link: c.link,
        Role.LinkVisited: c.link,
        Role.ToolTipBase: c.tooltip,
        Role.ToolTipText: c.on_tooltip,
        Role.Light: QColor(c.button).lighter(130).name(),
        Role.Midlight: QColor(c.button).lighter(115).name(),
        Role.Mid: c.border,
        Role.Dark: QColor(c.border).darker(130).name(),
        Role.Shadow: "#000000",
        Role.Accent: c.accent,
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.PlaceholderText):
        palette.setColor(Group.Disabled, role, QColor(c.disabled))
    palette.setColor(Group.Disabled, Role.Highlight, QColor(c.border))
    # An unfocused window keeps a visible (not grey) selection: a bookkeeper reads the
    # selected client off the list while typing elsewhere.
    palette.setColor(Group.Inactive, Role.Highlight, QColor(c.accent))
    palette.setColor(Group.Inactive, Role.HighlightedText, QColor(c.on_accent))
    return palette
