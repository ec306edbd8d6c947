"""Text from the service printed on a terminal: shown, never acted on."""

from __future__ import annotations

import json

import pytest

from si_desktop.core.terminal import json_printable, printable

HOSTILE = [
    "\x1b]0;pwned\x07",  # set the window's title
    "\x1b[2J\x1b[H",  # clear the screen
    "Real name\rFake name",  # write over the line
    "\x9b2J",  # a one-character CSI
    "abc\u202edcba",  # right-to-left override
    "\u2066isolated\u2069",
    "nul\x00del\x7f",
    "line\u2028break",
    "half an emoji \ud83d",  # a lone surrogate, as a JavaScript server cuts it
]


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_a_terminal_acts_on_is_left(text: str) -> None:
    shown = printable(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert not any(c in shown for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068"
                   "\u2069\u200e\u200f\u061c\u2028\u2029")
    shown.encode("utf-8")  # no lone surrogate left


def test_each_is_shown_in_a_way_one_can_read() -> None:
    assert printable("\x1b]0;pwned\x07") == "␛]0;pwned␇"
    assert printable("a\rb\nc\td") == "a␍b␊c␉d"
    assert printable("\x9b\x7f") == "\\x9b␡"
    assert printable("x\u202ey") == "x\\u202ey"
    assert printable("\ud83d") == "\\ud83d"


def test_ordinary_text_of_any_script_is_untouched() -> None:
    text = "Čevljarstvo Žagar d.o.o. — Müller GmbH, 東京, Αθήνα, עברית, 🥐"
    assert printable(text) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_json_stays_the_same_json(text: str) -> None:
    written = json_printable(json.dumps({"name": text}, ensure_ascii=False))
    assert json.loads(written) == {"name": text}
    assert not any(0x7F <= ord(c) <= 0x9F or c in "\u202e\u2066\u2028" for c in written)
    written.encode("utf-8")
