"""Texts the rules modules (`si_desktop.core`, no Qt) hold and the UI shows translated.

`core` cannot mark its strings for Qt Linguist, so they are listed here for
`pyside6-lupdate`; a test checks this list against `core` so that the two never drift.
"""

from __future__ import annotations

from si_desktop.ui.i18n import QT_TRANSLATE_NOOP

# core.templates.PLACEHOLDER_GROUPS: group names and placeholder descriptions, translated
# in the "Placeholders" context by the e-mail editor
PLACEHOLDER_TEXTS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Placeholders", "Company"),
    QT_TRANSLATE_NOOP("Placeholders", "The client business's name"),
    QT_TRANSLATE_NOOP("Placeholders", "Its e-mail address"),
    QT_TRANSLATE_NOOP("Placeholders", "Its street address"),
    QT_TRANSLATE_NOOP("Placeholders", "Its post code"),
    QT_TRANSLATE_NOOP("Placeholders", "Its city"),
    QT_TRANSLATE_NOOP("Placeholders", "Its country"),
    QT_TRANSLATE_NOOP("Placeholders", "Its tax (VAT) number"),
    QT_TRANSLATE_NOOP("Placeholders", "Its company registration number"),
    QT_TRANSLATE_NOOP("Placeholders", "Its registered starting capital"),
    QT_TRANSLATE_NOOP("Placeholders", "Business unit"),
    QT_TRANSLATE_NOOP("Placeholders", "The business unit's name"),
    QT_TRANSLATE_NOOP("Placeholders", "Document"),
    QT_TRANSLATE_NOOP("Placeholders", "The document's number"),
    QT_TRANSLATE_NOOP("Placeholders", "The date it was issued"),
    QT_TRANSLATE_NOOP("Placeholders", "The date payment is due"),
    QT_TRANSLATE_NOOP("Placeholders", "The last day an estimate is valid"),
    QT_TRANSLATE_NOOP("Placeholders",
                      "The total with tax, without the currency: {document_currency} follows it"),
    QT_TRANSLATE_NOOP("Placeholders", "The currency code"),
    QT_TRANSLATE_NOOP("Placeholders", "Customer"),
    QT_TRANSLATE_NOOP("Placeholders", "The customer's name"),
    QT_TRANSLATE_NOOP("Placeholders", "The customer's e-mail address"),
    QT_TRANSLATE_NOOP("Placeholders", "Reminders"),
    QT_TRANSLATE_NOOP("Placeholders", "The list of overdue invoices"),
    QT_TRANSLATE_NOOP("Placeholders", "How to pay"),
    QT_TRANSLATE_NOOP("Placeholders", "The total amount overdue, with its currency"),
    QT_TRANSLATE_NOOP("Placeholders", "How many invoices are overdue"),
    QT_TRANSLATE_NOOP("Placeholders", "Bank account"),
    QT_TRANSLATE_NOOP("Placeholders", "The default bank account, in one line"),
    QT_TRANSLATE_NOOP("Placeholders", "Its IBAN"),
    QT_TRANSLATE_NOOP("Placeholders", "Its bank's name"),
    QT_TRANSLATE_NOOP("Placeholders", "Its BIC (SWIFT code)"),
    QT_TRANSLATE_NOOP("Placeholders", "Its account number"),
    QT_TRANSLATE_NOOP("Placeholders", "The default account's IBAN"),
    QT_TRANSLATE_NOOP("Placeholders", "The default account's BIC (SWIFT code)"),
    QT_TRANSLATE_NOOP("Placeholders", "The default account's bank name"),
    QT_TRANSLATE_NOOP("Placeholders", "The default account's account number"),
    QT_TRANSLATE_NOOP("Placeholders", "The default account's routing number (US)"),
    QT_TRANSLATE_NOOP("Placeholders", "The default account's sort code (UK)"),
    QT_TRANSLATE_NOOP("Placeholders", "Other"),
    QT_TRANSLATE_NOOP("Placeholders", "Today's date"),
    QT_TRANSLATE_NOOP("Placeholders", "This year"),
    QT_TRANSLATE_NOOP("Placeholders", "A link where the customer can view the document"),
)
