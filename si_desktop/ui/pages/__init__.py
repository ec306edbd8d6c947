"""The pages of the client side, one class each (Picard's options pages idea). The window
builds its tabs from `default_page_classes()`; later pages (number formats, branding,
e-mail defaults) are added to that list."""

from __future__ import annotations

from si_desktop.ui.pages.base import ClientPage


def default_page_classes() -> list[type[ClientPage]]:
    from si_desktop.ui.editors import editor_page_classes
    from si_desktop.ui.pages.overview import OverviewPage
    from si_desktop.ui.pages.units import BusinessUnitsPage

    return [OverviewPage, BusinessUnitsPage, *editor_page_classes()]


__all__ = ["ClientPage", "default_page_classes"]
