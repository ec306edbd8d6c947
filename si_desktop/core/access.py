"""Rules about client access that need neither the network nor Qt: what an e-mail address
to invite looks like, and how text the service sent is shown safely."""

from __future__ import annotations

import re
import unicodedata

MAX_EMAIL = 254
_EMAIL = re.compile(
    r"[^\s@\"(),:;<>\[\]\\]{1,64}@(?=.{1,253}$)[^\s@\"(),:;<>\[\]\\.]+(?:\.[^\s@\"(),:;<>\[\]\\.]+)+"
)
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
REPLACEMENT = "\ufffd"


def is_email_address(text: str) -> bool:
    """Whether `text` (trimmed) reads as one e-mail address: a local part, one `@`, and a
    domain of at least two labels; no spaces, quotes, brackets or control characters."""
    text = text.strip()
    return (
        0 < len(text) <= MAX_EMAIL
        and text.isprintable()
        and _EMAIL.fullmatch(text) is not None
    )


def shown_text(value: object) -> str:
    """Text the service sent, made safe to show on one line: control characters, line and
    paragraph separators and the characters that reorder text (which can make `gpj.exe`
    read as `exe.jpg`) become U+FFFD, so what is shown is what is there."""
    if value is None:
        return ""
    text = str(value)
    if text.isprintable() and not _BIDI_CONTROLS.intersection(text):
        return text
    return "".join(
        REPLACEMENT if (ch in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Zl", "Zp"))
        else ch
        for ch in text
    )
