"""Accessible names: what a screen reader says for a widget, and naming fields after the
labels beside them.

Qt names a field after the label whose buddy it is. A form row made with
`QFormLayout.addRow(text, FieldWithProblem(edit))` makes the wrapper the buddy, not the
edit, so the edit would be read out without a name; `name_from_labels` passes each label's
text on to the field that really takes the focus.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def spoken_name(widget: QWidget) -> str:
    """The name assistive technology gets for `widget` (its accessible name, else what Qt
    derives: a button's text, a buddy label's text)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    name = interface.text(QAccessible.Text.Name) if interface is not None else ""
    name = name or widget.accessibleName()
    if not name and isinstance(widget, QAbstractButton):
        name = widget.text()
    return clean_label(name)


def clean_label(text: str) -> str:
    """"&Name:" → "Name": no mnemonic marker, no trailing colon."""
    text = re.sub(r"&(?!&)", "", text).replace("&&", "&")
    return text.strip().rstrip(":").strip()


def name_from_labels(root: QWidget) -> int:
    """Give every unnamed field under `root` the text of the label that is its buddy (or the
    buddy's focus proxy's). Returns how many fields were named."""
    named = 0
    for label in root.findChildren(QLabel):
        buddy: QWidget | None = label.buddy()
        if buddy is None:
            continue
        # a FieldWithProblem wrapper is the buddy; the field inside takes the focus. (Not a
        # focus proxy: a proxy's wrapper sits in the Tab chain and sends Tab back to it.)
        inner = getattr(buddy, "field", None)
        target = inner if isinstance(inner, QWidget) else (buddy.focusProxy() or buddy)
        text = clean_label(label.text())
        if text and not target.accessibleName():
            target.setAccessibleName(text)
            named += 1
    return named
