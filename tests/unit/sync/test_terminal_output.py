"""`si-desktop clients` and the lines of `si-desktop sync` print what the service sent
(names, ids, messages) without letting the terminal act on it."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from si_desktop.store import EditKind, Scope, Store
from si_desktop.sync import commands
from si_desktop.sync.conflicts import Conflict, EditProblem
from si_desktop.sync.results import SyncResult

SCOPE = Scope("fp_terminal", "live")
NAMES = ["\x1b]0;pwned\x07Title", "Real\rFake", "\x9b2JCleared", "Plain d.o.o."]
RAW = ("\x1b", "\x07", "\r", "\x9b")


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    logger = logging.getLogger("si_desktop")
    saved = list(logger.handlers)
    yield
    for handler in list(logger.handlers):
        if handler not in saved:
            logger.removeHandler(handler)
            handler.close()


def cached(folder: Path) -> None:
    with Store.open_in(folder) as store:
        store.entities.upsert(SCOPE, [
            {"id": f"ent_{n:024x}" if n else "ent_\x1b[31mred", "name": name,
             "country": "Slovenia\x1b[0m"}
            for n, name in enumerate(NAMES)
        ])


def clients(folder: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = commands.main(["clients", "--data-dir", str(folder), *argv], out=out, err=err,
                         environ={})
    return code, out.getvalue(), err.getvalue()


def test_the_clients_table_shows_control_characters_instead_of_sending_them(
    tmp_path: Path,
) -> None:
    cached(tmp_path)
    code, out, _ = clients(tmp_path)
    assert code == 0
    assert not any(raw in out for raw in RAW)
    assert "␛]0;pwned␇Title" in out and "Real␍Fake" in out and "\\x9b2JCleared" in out
    lines = out.splitlines()
    assert len(lines) == len(NAMES) + 2  # no name broke a row in two or wrote over one


def test_the_json_listing_is_the_same_data_and_safe(tmp_path: Path) -> None:
    cached(tmp_path)
    code, out, _ = clients(tmp_path, "--json")
    assert code == 0 and not any(raw in out for raw in RAW)
    assert sorted(row["name"] for row in json.loads(out)) == sorted(NAMES)


def test_refused_and_conflict_lines_show_the_services_words_safely(tmp_path: Path) -> None:
    with Store.open_in(tmp_path) as store:
        edit = store.outbox.enqueue(SCOPE, EditKind.UPDATE_ENTITY, "ent_\x1b[2J", {"name": "x"})
    result = SyncResult()
    result.held = [
        EditProblem(edit, "rejected", message="Bad\x1b]0;pwned\x07 name\r",
                    issues=((("name\x9b",), "too long"),)),
        EditProblem(edit, "conflict",
                    conflicts=(Conflict(("name",), "a", "\x9bTheirs\x1b[0m", "mine"),)),
    ]
    out, err = io.StringIO(), io.StringIO()
    assert commands._report(result, out=out, err=err) == commands.EXIT_HELD
    text = out.getvalue()
    assert not any(raw in text for raw in RAW)
    refused, conflict = text.splitlines()[1:]
    assert refused.startswith("Refused: update entity of ent_␛[2J")
    assert "Bad␛]0;pwned␇ name␍" in refused and "[name\\x9b]" in refused
    assert "\\x9bTheirs" in conflict


def test_an_edit_the_sender_gave_up_on_says_held_and_what_to_do() -> None:
    from si_desktop.store import EditKind, QueuedEdit, Scope
    from si_desktop.sync.commands import _held_line
    from si_desktop.sync.conflicts import EditProblem

    edit = QueuedEdit(1, Scope("acc", "live"), EditKind.UPDATE_ENTITY, "ent_" + "a" * 24,
                      "ent_" + "a" * 24, {"city": "Kranj"}, None, None, "rid",
                      "2024-03-01T00:00Z", "2024-03-01T00:00Z", 1, None, "conflict")
    line = _held_line(EditProblem(edit, "failed", message="the answer could not be read"))
    assert line.startswith("Held: update entity of ent_")
    assert "the answer could not be read" in line and "try it again or drop it" in line
