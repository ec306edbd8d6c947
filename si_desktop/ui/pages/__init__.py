"""The pages of the client side, one class each (Picard's options pages idea). The window
builds its tabs from `default_page_kinds()`: each kind knows its tab's caption without its
class, so that an editor's module (and its preview renderer) is imported only when its tab
is first shown."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from si_desktop.ui.pages import captions
from si_desktop.ui.pages.base import ClientPage


@dataclass(frozen=True)
class PageKind:
    page_id: str
    title: Callable[[], str]
    """The tab's caption, translated."""
    load: Callable[[], type[ClientPage]]
    """The page's class (importing its module)."""

    @classmethod
    def of(cls, page_class: type[ClientPage]) -> PageKind:
        return cls(page_class.page_id, page_class.title, lambda: page_class)


def _lazy(module: str, name: str) -> Callable[[], type[ClientPage]]:
    def load() -> type[ClientPage]:
        found: type[ClientPage] = getattr(importlib.import_module(module), name)
        return found

    return load


def default_page_kinds() -> list[PageKind]:
    pages, editors = "si_desktop.ui.pages", "si_desktop.ui.editors"
    return [
        PageKind("documents", captions.documents,
                 _lazy("si_desktop.ui.documents.page", "DocumentsPage")),
        PageKind("overview", captions.overview, _lazy(f"{pages}.overview", "OverviewPage")),
        PageKind("business-units", captions.business_units,
                 _lazy(f"{pages}.units", "BusinessUnitsPage")),
        PageKind("number-formats", captions.number_formats, _lazy(editors, "NumberFormatsPage")),
        PageKind("branding", captions.branding, _lazy(editors, "BrandingPage")),
        PageKind("email-defaults", captions.email_defaults, _lazy(editors, "EmailDefaultsPage")),
        PageKind("access", captions.access, _lazy(f"{pages}.access", "AccessPage")),
    ]


__all__ = ["ClientPage", "PageKind", "default_page_kinds"]
