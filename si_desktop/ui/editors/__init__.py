"""The settings editors: number formats, branding and e-mail defaults, for a client (tabs
of the window) and for one of its business units (the unit's settings dialog)."""

from si_desktop.ui.editors.base import SettingsPage
from si_desktop.ui.editors.branding import BrandingPage
from si_desktop.ui.editors.email_defaults import EmailDefaultsPage
from si_desktop.ui.editors.number_formats import NumberFormatsPage
from si_desktop.ui.editors.unit_dialog import UnitSettingsDialog

__all__ = [
    "BrandingPage",
    "EmailDefaultsPage",
    "NumberFormatsPage",
    "SettingsPage",
    "UnitSettingsDialog",
]
