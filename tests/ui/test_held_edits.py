"""An edit the app gave up on (here: the service's answer for its client cannot be read) is
shown with its client, what it changes and why it is held, and can be dropped (after a
question that keeps it unless the user says drop) or tried again."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from si_desktop.ui.offline.conflicts import ConflictDialog, ProblemBox, drop_question
from si_desktop.ui.offline.window import OfflineUi
from tests.ui.test_offline import Rig, open_window, rig, wait_refreshed

__all__ = ["rig"]  # the fixture, shared with the window's offline tests


def unreadable_answers(rig: Rig, entity_id: str) -> Callable[[], None]:
    """GET of the client answers with a page of HTML; returns the undo."""
    original = rig.switch.handle_async_request
    body = b"<html>Bad gateway</html>"

    async def forged(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path == f"/entities/{entity_id}":
            return httpx.Response(200, content=body,
                                  headers={"content-type": "application/json"})
        return await original(request)

    rig.switch.handle_async_request = forged  # type: ignore[method-assign]
    return lambda: setattr(rig.switch, "handle_async_request", original)


def held_box(qtbot: QtBot, rig: Rig) -> tuple[str, OfflineUi, ProblemBox, Callable[[], None]]:
    window = open_window(qtbot, rig)
    entity_id = rig.make_client("Kovač d.o.o.", city="Celje")
    window.refresh()
    wait_refreshed(qtbot, rig)
    undo = unreadable_answers(rig, entity_id)
    workspace = rig.context.workspace
    entity = rig.call(workspace.load_client(entity_id))
    rig.call(workspace.update_client(entity, {**entity, "city": "Maribor"}))
    ui = window.offline_ui
    assert ui is not None
    qtbot.waitUntil(lambda: ui.dialog is not None and ui.dialog.isVisible(), timeout=10_000)
    assert isinstance(ui.dialog, ConflictDialog)
    [box] = ui.dialog.boxes
    return entity_id, ui, box, undo


def test_a_failed_edit_shows_whose_it_is_what_it_changes_and_why(
    qtbot: QtBot, rig: Rig
) -> None:
    entity_id, ui, box, _undo = held_box(qtbot, rig)
    assert box.title() == "Kovač d.o.o."
    assert box.changes.text() == "City: Celje → Maribor"
    assert "could not be sent" in box.reason.text()
    assert "could not be read" in box.reason.text()
    assert box.retry_button.isVisible() and box.drop_button.isVisible()
    assert rig.service.pending_count(entity_id) == 1
    ui.line.update_text()
    assert "could not be sent" in ui.line.pending_label.text()


def test_dropping_asks_first_and_keeps_the_edit_unless_told(qtbot: QtBot, rig: Rig) -> None:
    entity_id, ui, box, undo = held_box(qtbot, rig)
    question = drop_question(box, "Kovač d.o.o.")
    default, escape = question.defaultButton(), question.escapeButton()
    assert default is not None and default.objectName() == "keepIt"
    assert isinstance(escape, QWidget) and escape.objectName() == "keepIt"
    assert "Kovač d.o.o." in question.text()
    assert question.buttonRole(default) is QMessageBox.ButtonRole.RejectRole
    question.deleteLater()
    box.ask_drop = lambda _parent, _what: False  # type: ignore[method-assign]
    assert not box.drop()
    assert rig.service.pending_count(entity_id) == 1 and not box.settled
    box.ask_drop = lambda _parent, _what: True  # type: ignore[method-assign]
    assert box.drop()
    assert rig.service.pending_count(entity_id) == 0
    assert ui.dialog is not None
    qtbot.waitUntil(lambda: ui.dialog is not None and not ui.dialog.isVisible())
    undo()
    assert rig.on_service(entity_id)["city"] == "Celje"


def test_try_again_sends_it_once_the_service_answers(qtbot: QtBot, rig: Rig) -> None:
    entity_id, ui, box, undo = held_box(qtbot, rig)
    undo()
    box.retry_button.click()
    assert box.settled
    qtbot.waitUntil(lambda: rig.service.pending_count(entity_id) == 0, timeout=10_000)
    assert rig.on_service(entity_id)["city"] == "Maribor"
    qtbot.waitUntil(lambda: ui.dialog is not None and not ui.dialog.isVisible())
