"""The interface's words for documents (the bookkeeper's language, not the client's): type
names, statuses with their colours, payment types and periods. The words printed on a
client's own documents are `core.document_words`, in the client's language."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QPalette

from si_desktop.core import formatting
from si_desktop.ui.editors.widgets import is_dark


def tr(text: str, n: int = -1) -> str:
    """A string of the Documents context; with `n`, one with %n in it (English picks the
    singular source itself: callers pass "%n document" for 1 and "%n documents" else)."""
    return QCoreApplication.translate("Documents", text, None, n)


def type_name(document_type: str) -> str:
    """"Invoice", "Estimate", "Credit note"."""
    names = {
        "invoice": tr("Invoice"),
        "estimate": tr("Estimate"),
        "credit_note": tr("Credit note"),
    }
    return names.get(document_type, document_type)


def new_type_text(document_type: str) -> str:
    """"New invoice", … (a button, a window title)."""
    names = {
        "invoice": tr("New invoice"),
        "estimate": tr("New estimate"),
        "credit_note": tr("New credit note"),
    }
    return names.get(document_type, document_type)


STATUS_ORDER = ("draft", "overdue", "partially_paid", "unpaid", "open", "expired", "paid",
                "voided")
"""Statuses in the order a sort by status puts them: what needs attention first."""


def status_name(status: str) -> str:
    names = {
        "draft": tr("Draft"),
        "unpaid": tr("Unpaid"),
        "partially_paid": tr("Partly paid"),
        "paid": tr("Paid"),
        "overdue": tr("Overdue"),
        "voided": tr("Voided"),
        "open": tr("Open"),
        "expired": tr("Expired"),
    }
    return names.get(status, status)


# (light, dark): each reads on the table's base colour of its scheme (≥ 4.5:1)
_STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "paid": ("#1e6b34", "#8fdba3"),
    "overdue": ("#b3261e", "#ff8a80"),
    "partially_paid": ("#8a5300", "#ffcc80"),
    "unpaid": ("#1d4ed8", "#9ab8ff"),
    "open": ("#1d4ed8", "#9ab8ff"),
}


def status_colour(status: str, palette: QPalette) -> QColor:
    """The colour of a status word: green paid, red overdue, amber partly paid, blue unpaid
    and open, the quiet text colour for drafts, voided and expired documents."""
    pair = _STATUS_COLOURS.get(status)
    if pair is None:
        return palette.color(QPalette.ColorRole.PlaceholderText)
    return QColor(pair[1] if is_dark(palette) else pair[0])


PAYMENT_TYPES = ("bank_transfer", "cash", "card", "paypal", "check", "coupon", "credit_note",
                 "advance", "other")
"""The contract's payment types, the common ones first."""


def payment_type_name(kind: str) -> str:
    names = {
        "bank_transfer": tr("Bank transfer"),
        "cash": tr("Cash"),
        "card": tr("Card"),
        "paypal": tr("PayPal"),
        "check": tr("Cheque"),
        "coupon": tr("Coupon"),
        "credit_note": tr("Credit note"),
        "advance": tr("Advance"),
        "other": tr("Other"),
    }
    return names.get(kind, kind)


def period_name(period: str) -> str:
    names = {
        "all": tr("All dates"),
        "this_month": tr("This month"),
        "last_month": tr("Last month"),
        "this_quarter": tr("This quarter"),
        "last_quarter": tr("Last quarter"),
        "this_year": tr("This year"),
        "last_year": tr("Last year"),
        "last_12_months": tr("Last 12 months"),
    }
    return names.get(period, period)


def local_draft_text() -> str:
    """How a draft written offline is marked wherever it shows."""
    return tr("Not yet on Space Invoices, no number yet")


def pending_text(pending: list[str] | tuple[str, ...]) -> str:
    """"Waiting to be sent: issue, payment" from a record's `_pending` words."""
    words = {
        "create": tr("create"), "update": tr("changes"), "issue": tr("issue"),
        "void": tr("void"), "delete": tr("delete"), "send": tr("e-mail"),
    }
    shown: list[str] = []
    for word in pending:
        text = words.get(word, word)
        if text not in shown:
            shown.append(text)
    return tr("Waiting to be sent: %1").replace("%1", ", ".join(shown)) if shown else ""


def money_text(value: Any, currency: str | None, locale: str) -> str:
    """An amount in the client's money format; "" for none."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return _money(number, currency or "EUR", locale)


@functools.lru_cache(maxsize=8192)
def _money(number: Decimal, currency: str, locale: str) -> str:
    """Babel takes a tenth of a millisecond to write one amount: a table repainted on every
    keystroke writes the same ones again and again."""
    return formatting.money(number, currency, locale)


def tax_text(name: str, rate: Decimal | None, locale: str) -> str:
    """A tax as a line shows it: "DDV 22 %"; a name that carries its rate already ("VAT
    20 %") is not given it twice, and a tax without a name is its rate."""
    shown = formatting.percent(rate, locale) if rate is not None else ""
    name = name.strip()
    if not name:
        return shown
    if rate is not None:
        digits = {format(rate.normalize(), "f"), shown.replace("%", "").strip(),
                  format(rate.normalize(), "f").replace(".", ",")}
        if any(re.search(rf"(?<![\d.,]){re.escape(d)}(?![\d.,]*\d)", name) for d in digits if d):
            return name
    return f"{name} {shown}".strip()


def date_text(value: str | dt.date | None, locale: str) -> str:
    """A document date in the client's format; "" for none."""
    if value is None or value == "":
        return ""
    return _date(value if isinstance(value, dt.date) else str(value)[:10], locale)


@functools.lru_cache(maxsize=4096)
def _date(day: str | dt.date, locale: str) -> str:
    """As `_money`: a table's rows share a few hundred dates."""
    if not isinstance(day, dt.date):
        day = dt.date.fromisoformat(day)
    return formatting.date(day, locale)
