"""A business unit's settings dialog: the three editors scoped to the unit, Ctrl+S, and the
unsaved-changes question when it closes."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from si_desktop.ui import unsaved
from si_desktop.ui.editors import UnitSettingsDialog
from tests.ui.editors.conftest import Sandbox


def _dialog(qtbot: QtBot, sandbox: Sandbox) -> tuple[UnitSettingsDialog, dict, dict]:
    client = sandbox.client("Kovač d.o.o.")
    unit = sandbox.unit(client["id"], "Trgovina <i>Center</i>")
    dialog = UnitSettingsDialog(sandbox.context, client["id"], unit)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(
        lambda: all(p.data is not None and not p.is_loading for p in dialog.pages), timeout=5000
    )
    return dialog, client, unit


def test_the_three_editors_are_scoped_to_the_unit(qtbot: QtBot, sandbox: Sandbox) -> None:
    dialog, client, unit = _dialog(qtbot, sandbox)
    # "[*]": where Qt shows the unsaved-changes mark
    assert dialog.windowTitle() == "Settings of the business unit “Trgovina <i>Center</i>”[*]"
    assert [dialog.tabs.tabText(i) for i in range(3)] == [
        "Number formats", "Branding", "E-mail defaults"
    ]
    assert dialog.tabs.currentWidget() is dialog.page("branding")
    assert all(page.unit_id == unit["id"] for page in dialog.pages)
    numbers = dialog.page("number-formats")
    dialog.tabs.setCurrentWidget(numbers)  # a tab behind another fills when it is shown
    assert numbers.client_group.isHidden()
    assert numbers.unit_rows[0].preview.text().count("-1-") == 3
    # the window's client changing never reaches a unit's editors
    sandbox.context.set_current_client("ent_" + "f" * 24)
    assert all(page.client_id == client["id"] for page in dialog.pages)


def test_ctrl_s_saves_the_dirty_editors(qtbot: QtBot, sandbox: Sandbox, qtlog: Any) -> None:
    dialog, client, unit = _dialog(qtbot, sandbox)
    branding = dialog.page("branding")
    branding.set_color("#123abc")
    assert dialog.tabs.tabText(1) == "Branding •"
    assert dialog.isWindowModified()  # shown in the title, which has a place for the mark
    assert not [r for r in qtlog.records if "placeholder" in r.message]
    dialog.save_all()
    qtbot.waitUntil(lambda: not branding.is_dirty(), timeout=5000)
    assert dialog.tabs.tabText(1) == "Branding"
    assert sandbox.unit_now(client["id"], unit["id"])["settings"]["primary_color"] == "#123abc"


def test_closing_with_changes_asks_first(qtbot: QtBot, sandbox: Sandbox) -> None:
    dialog, client, unit = _dialog(qtbot, sandbox)
    emails = dialog.page("email-defaults")
    dialog.tabs.setCurrentWidget(emails)
    emails.fields["invoice_subject"].widget.setText("Hello {unit_name}")
    emails._typed("invoice_subject")
    answers = [unsaved.CANCEL]
    dialog.ask_unsaved = lambda: answers.pop(0)  # type: ignore[method-assign]
    dialog.reject()
    assert dialog.isVisible() and emails.is_dirty()

    answers.append(unsaved.SAVE)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    stored = sandbox.unit_now(client["id"], unit["id"])["settings"]["email_defaults"]
    assert stored == {"invoice_subject": "Hello {unit_name}"}


def test_discard_throws_the_changes_away(qtbot: QtBot, sandbox: Sandbox) -> None:
    dialog, _client, _unit = _dialog(qtbot, sandbox)
    numbers = dialog.page("number-formats")
    dialog.tabs.setCurrentWidget(numbers)
    numbers.row("invoice", unit=True).edit.setText("{u}/{nnnn}")
    assert numbers.is_dirty()
    dialog.ask_unsaved = lambda: unsaved.DISCARD  # type: ignore[method-assign]
    sandbox.recorder.sent.clear()
    dialog.reject()
    assert not dialog.isVisible() and not numbers.is_dirty()
    assert sandbox.recorder.writes() == []
