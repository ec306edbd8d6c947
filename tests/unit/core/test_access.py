"""The e-mail rule of an invitation and how text from the service is shown."""

from __future__ import annotations

import pytest

from si_desktop.core.access import is_email_address, shown_text


@pytest.mark.parametrize(
    "text",
    ["ana@primer.si", " Ana.Golob+racuni@podjetje.co.uk ", "ž@šola.si", "a@b.c"],
)
def test_addresses(text: str) -> None:
    assert is_email_address(text)


@pytest.mark.parametrize(
    "text",
    ["", "ana", "ana@", "@primer.si", "a@b", "a b@primer.si", "a@@primer.si",
     "<b>@primer.si", "a@primer..si", "a@pri\nmer.si", "a\x00@primer.si",
     "x" * 65 + "@primer.si", "a@" + "b" * 250 + ".si"],
)
def test_not_addresses(text: str) -> None:
    assert not is_email_address(text)


def test_text_from_the_service_shows_what_is_there() -> None:
    assert shown_text("<b>Ana</b> & Co") == "<b>Ana</b> & Co"  # markup stays text
    assert shown_text("Ana\nGolob\x07") == "Ana\ufffdGolob\ufffd"
    assert shown_text("invoice\u202egpj.exe") == "invoice\ufffdgpj.exe"
    assert shown_text(None) == "" and shown_text(7) == "7"
    assert shown_text("Čadež s.p.") == "Čadež s.p."
