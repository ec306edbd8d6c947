"""Text from the service, made safe to print on a terminal.

A client's name or an error message comes from a server, and a terminal acts on some
characters instead of showing them: ESC starts sequences that clear the screen, move the
cursor or set the window's title (OSC … BEL), CR returns to the start of the line to write
over it, C1 controls (U+0080–U+009F; U+009B is a one-character CSI) do the same as ESC
sequences on some terminals, and the bidirectional overrides and isolates make a line read in
another order than it is written. A lone UTF-16 surrogate cannot be written as UTF-8 at all.

`printable(text)` shows each of them instead: a C0 control or DEL as its Unicode control
picture (ESC as "␛", CR as "␍"), anything else as a backslash escape ("\\x9b", "\\u202e",
"\\ud800"). Everything else (letters of any script, emoji) is left as it is.
`json_printable(json_text)` does the same for JSON text written with `ensure_ascii=False`,
as JSON escapes (`\\u009b`), so the output is the same JSON, parsed to the same values.
"""

from __future__ import annotations

import re

# C1 controls, the bidirectional embeddings, overrides, isolates and marks, the line and
# paragraph separators, and UTF-16 surrogates (only ever lone in a Python str).
_ESCAPED = (
    "\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
)
_UNSAFE = re.compile(f"[\x00-\x1f\x7f{_ESCAPED}]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f{_ESCAPED}]")  # JSON escapes C0 controls itself
_DEL_PICTURE = "\u2421"  # ␡


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures: ␀ … ␟
    if code == 0x7F:
        return _DEL_PICTURE
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every character a terminal would act on shown instead (see above)."""
    return _UNSAFE.sub(_shown, text)


def json_printable(text: str) -> str:
    """JSON text (as `json.dumps(..., ensure_ascii=False)` writes it) with DEL, C1
    controls, bidirectional controls and lone surrogates written as JSON escapes: the same
    JSON, safe on a terminal. (They can only occur inside strings, where `\\uXXXX` means
    the same character.)"""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
