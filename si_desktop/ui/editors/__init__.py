"""The settings editors: number formats, branding and e-mail defaults, for a client (tabs
of the window) and for one of its business units (the unit's settings dialog).

The names below load on first use (`lazy_names`): the Documents tab takes a helper from
`editors.widgets`, and importing that must not import every editor with it (branding's
preview renderer, the PDF library behind its last-invoice thumbnail), which the window's
first screen does not show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from si_desktop.lazy_names import lazy_names

if TYPE_CHECKING:
    from si_desktop.ui.editors.base import SettingsPage
    from si_desktop.ui.editors.branding import BrandingPage
    from si_desktop.ui.editors.email_defaults import EmailDefaultsPage
    from si_desktop.ui.editors.number_formats import NumberFormatsPage
    from si_desktop.ui.editors.unit_dialog import UnitSettingsDialog

_HOMES = {
    "BrandingPage": "si_desktop.ui.editors.branding",
    "EmailDefaultsPage": "si_desktop.ui.editors.email_defaults",
    "NumberFormatsPage": "si_desktop.ui.editors.number_formats",
    "SettingsPage": "si_desktop.ui.editors.base",
    "UnitSettingsDialog": "si_desktop.ui.editors.unit_dialog",
}

__all__ = [
    "BrandingPage",
    "EmailDefaultsPage",
    "NumberFormatsPage",
    "SettingsPage",
    "UnitSettingsDialog",
]

__getattr__ = lazy_names(__name__, _HOMES)
