"""The app's small style sheet: only what the palette cannot say (banners, badges, problem
lines, a stronger focus ring). Everything else is the Fusion style painting the palette."""

from __future__ import annotations

from si_desktop.ui.theme.tokens import Tokens


def build_stylesheet(tokens: Tokens) -> str:
    c, s, r = tokens.colors, tokens.spacing, tokens.radii
    return f"""
#errorBanner {{
    background: {c.danger_surface};
    border: 1px solid {c.danger_border};
    border-radius: {r.medium}px;
}}
#errorBanner QLabel {{ color: {c.on_danger_surface}; }}
#demoBadge {{
    background: {c.badge_surface};
    color: {c.on_badge};
    border-radius: {r.pill}px;
    padding: {s.xs}px {s.m}px;
}}
QLabel#problem {{ color: {c.danger}; }}
QLabel#problems {{
    color: {c.on_danger_surface};
    background: {c.danger_surface};
    border: 1px solid {c.danger_border};
    padding: {s.s}px;
    border-radius: {r.small}px;
}}
#quickSwitcher {{ border: 1px solid {c.border}; }}
QToolTip {{
    color: {c.on_tooltip};
    background: {c.tooltip};
    border: 1px solid {c.border};
    padding: {s.xs}px {s.s}px;
}}
"""
