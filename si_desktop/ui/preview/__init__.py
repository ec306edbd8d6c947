"""The app's own invoice renderer and the live preview built on it."""

from si_desktop.ui.preview.export import export_pdf, render_thumbnail
from si_desktop.ui.preview.renderer import (
    STYLES,
    LogoArt,
    LogoCache,
    can_draw,
    paint_invoice,
    primary_contrast,
    style_for,
)
from si_desktop.ui.preview.sample import SampleInvoice, build_sample_invoice
from si_desktop.ui.preview.widget import InvoicePreview, PageCanvas

__all__ = [
    "STYLES",
    "InvoicePreview",
    "LogoArt",
    "LogoCache",
    "PageCanvas",
    "SampleInvoice",
    "build_sample_invoice",
    "can_draw",
    "export_pdf",
    "paint_invoice",
    "primary_contrast",
    "render_thumbnail",
    "style_for",
]
