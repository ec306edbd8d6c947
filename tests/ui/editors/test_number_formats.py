"""The number formats editor: live problems with the token marked, the standard-tokens fix,
token chips, a first number that only moves forward, previews per unit and at year end,
saving only the changed keys, 422 mapping and revert."""

from __future__ import annotations

import datetime
from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from si_desktop.ui.editors import NumberFormatsPage
from tests.ui.editors.conftest import Sandbox, open_page, save_and_wait, validation_error

YEAR = datetime.date.today().year


def test_typing_shows_problems_marks_the_token_and_blocks_saving(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client()
    page = open_page(qtbot, NumberFormatsPage, sandbox.context, client["id"])
    row = page.row("invoice")
    assert row.edit.text() == "{yyyy}-{nnnnn}"
    assert row.preview.text() == f"{YEAR}-00001 · {YEAR}-00002 · {YEAR}-00003"
    assert not page.is_dirty() and not page.save_button.isEnabled()

    row.edit.selectAll()
    qtbot.keyClicks(row.edit, "R-{yyyy}-{x}")
    assert page.is_dirty() and page.dirty_label.isVisible()
    assert "`{x}` at position 10 is not a number token" in row.message.text()
    assert "no sequence number" in row.message.text()
    assert (9, 12) in row.edit.marks
    qtbot.waitUntil(lambda: row.preview.text() == "")
    assert not page.can_save()
    assert not page.save_clicked()
    assert page.status.text() == "Fix the marked fields before saving."

    qtbot.keyClick(row.edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(row.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(row.edit, "nnn}")
    assert row.message.text() == ""
    assert row.edit.marks == []
    qtbot.waitUntil(lambda: row.preview.text() == f"R-{YEAR}-001 · R-{YEAR}-002 · R-{YEAR}-003")
    assert page.can_save()
    row.edit.undo()
    assert row.edit.text() != "R-{yyyy}-{nnn}"


def test_guide_spelling_gets_a_one_click_fix_that_can_be_undone(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client()
    sandbox.update(client["id"], settings={"number_formats": {"invoice": "INV-{YYYY}-{NUM}",
                                                              "estimate": "P-{MM}-{nnn}"}})
    page = open_page(qtbot, NumberFormatsPage, sandbox.context, client["id"])
    row = page.row("invoice")
    assert not row.fix.isHidden()
    assert row.preview.text().startswith(f"INV-{YEAR}-1 · ")
    qtbot.mouseClick(row.fix, Qt.MouseButton.LeftButton)
    assert row.edit.text() == "INV-{yyyy}-{n}"
    assert row.fix.isHidden()
    assert page.is_dirty()
    row.edit.undo()
    assert row.edit.text() == "INV-{YYYY}-{NUM}"
    estimate = page.row("estimate")
    assert estimate.fix.isHidden()
    assert "exist only in the guide's spelling" in estimate.message.text()
    assert page.can_save()  # an information, not a problem


def test_token_chips_insert_at_the_cursor(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    page = open_page(qtbot, NumberFormatsPage, sandbox.context, client["id"])
    row = page.row("credit_note")
    row.edit.setFocus()
    row.edit.setCursorPosition(3)  # after "CN-"
    assert not page.chips["{u}"].isEnabled()
    qtbot.mouseClick(page.chips["{yy}"], Qt.MouseButton.LeftButton)
    assert row.edit.text() == "CN-{yy}{yyyy}-{nnnnn}"
    row.edit.undo()
    assert row.edit.text() == "CN-{yyyy}-{nnnnn}"

    unit_row = page.row("invoice", unit=True)
    unit_row.edit.setFocus()
    assert page.chips["{u}"].isEnabled()
    qtbot.mouseClick(page.chips["{u}"], Qt.MouseButton.LeftButton)
    assert unit_row.edit.text() == "{u}"


def test_first_number_only_moves_forward_and_says_why(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    sandbox.update(client["id"], settings={"number_sequence_starts": {"invoice": 120}})
    page = open_page(qtbot, NumberFormatsPage, sandbox.context, client["id"])
    row = page.row("invoice")
    assert row.start.value() == 120 and row.start.minimum() == 120
    row.start.lineEdit().selectAll()
    qtbot.keyClicks(row.start.lineEdit(), "99")
    assert "may only move forward: it is at 120, so 99 is too low" in row.start_message.text()
    row.start.lineEdit().selectAll()
    qtbot.keyClicks(row.start.lineEdit(), "150")
    assert row.start_message.text() == ""
    assert row.start.value() == 150
    qtbot.waitUntil(lambda: row.preview.text() == f"{YEAR}-00150 · {YEAR}-00151 · {YEAR}-00152")


def issue(sandbox: Sandbox, entity_id: str, kind: str, count: int,
          unit_id: str | None = None) -> None:
    """Documents issued on the service, as someone else would (the cache is not told)."""
    async def run() -> None:
        api = await sandbox.workspace.api()
        for _ in range(count):
            await api.of_type(kind).create(entity_id=entity_id, business_unit_id=unit_id,
                                           items=[{"name": "Work", "price": Decimal(10)}])

    sandbox.call(run())


def test_unit_format_previews_each_active_unit_and_year_end_counts_this_years_documents(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client()
    center = sandbox.unit(client["id"], "Trgovina Center")
    sandbox.unit(client["id"], "Spletna trgovina")
    issue(sandbox, client["id"], "estimate", 3)
    issue(sandbox, client["id"], "invoice", 2, center["id"])
    sandbox.call(sandbox.workspace.refresh_client(client["id"]))  # into the cache
    page = open_page(qtbot, NumberFormatsPage, sandbox.context, client["id"])
    qtbot.waitUntil(lambda: page.counters_asked, timeout=5000)
    unit_row = page.row("invoice", unit=True)
    assert unit_row.preview.text() == (
        f"Trgovina Center: {YEAR}-1-00003\nSpletna trgovina: {YEAR}-2-00001"
    )
    page.row("estimate").edit.setText("P-{nnnn}")
    qtbot.waitUntil(lambda: any("No year" in labels[3].text() for labels in page.year_labels))
    first, last, following, warning = page.year_labels[1]
    assert first.text() == f"Estimate: 3 in {YEAR}"  # the real count, not an example
    assert last.text().endswith(": P-0003") and following.text().endswith(": P-0004")
    assert "keep counting on 1 January" in warning.text()
    first, last, following, warning = page.year_labels[0]
    assert first.text() == f"Invoice: 0 in {YEAR}" and last.text() == "none issued yet"
    assert following.text().endswith(f": {YEAR + 1}-00001") and warning.text() == ""
    first, last, following, warning = page.year_labels[5]
    assert first.text() == f"Invoice, unit: 2 in {YEAR}"
    assert last.text().endswith(f": {YEAR}-1-00002")
    assert following.text().endswith(f": {YEAR + 1}-1-00001")


def test_next_numbers_come_from_the_services_counters_and_say_so(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client()
    issue(sandbox, client["id"], "invoice", 5)  # the cache has not seen them
    page = open_page(qtbot, NumberFormatsPage, sandbox.context, client["id"])
    qtbot.waitUntil(lambda: page.counters_asked, timeout=5000)
    row = page.row("invoice")
    assert row.preview.text() == f"{YEAR}-00006 · {YEAR}-00007 · {YEAR}-00008"
    assert "Space Invoices' own counters" in page.counters_note.text()
    row.edit.setText("R-{yyyy}/{nnn}")  # what the counter gives once saved
    qtbot.waitUntil(lambda: row.preview.text().startswith(f"R-{YEAR}/006"))
    row.start.setValue(200)
    qtbot.waitUntil(lambda: row.preview.text().startswith(f"R-{YEAR}/200"))

    sandbox.context.set_online(False)  # the service cannot be asked: the cache stands in
    page.reload()
    # the reload's answer may come on a later turn: `counters_asked` is still the first
    # ask's until then, so wait for the offline answer itself
    qtbot.waitUntil(lambda: page.counters_asked
                    and "cannot be asked" in page.counters_note.text(), timeout=5000)
    assert "cannot be asked" in page.counters_note.text()
    assert page.row("invoice").preview.text().startswith(f"{YEAR}-00001")


def test_a_units_own_first_numbers_are_shown_edited_and_saved(
    qtbot: QtBot, sandbox: Sandbox
) -> None:
    client = sandbox.client()
    center = sandbox.unit(client["id"], "Trgovina Center")
    sandbox.update(client["id"], settings={
        "unit_number_sequence_starts": {"estimate": {center["id"]: 7}}})
    page = open_page(qtbot, NumberFormatsPage, sandbox.context, client["id"])
    qtbot.waitUntil(lambda: page.counters_asked, timeout=5000)
    assert page.unit_starts[("estimate", center["id"])].value() == 7
    assert page.unit_starts[("invoice", center["id"])].value() == 1
    page.unit_starts[("invoice", center["id"])].setValue(40)
    assert page.is_dirty()
    sandbox.recorder.sent.clear()
    with qtbot.waitSignal(page.saved, timeout=5000):
        save_and_wait(qtbot, page)
    (method, _path, body), = sandbox.recorder.writes()
    assert method == "PATCH"
    assert body == {"settings": {"unit_number_sequence_starts": {
        "estimate": {center["id"]: 7}, "invoice": {center["id"]: 40}}}}
    qtbot.waitUntil(lambda: page.row("invoice", unit=True).preview.text()
                    == f"Trgovina Center: {YEAR}-1-00040", timeout=5000)  # the service's


def test_save_sends_only_the_changed_keys(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    page = open_page(qtbot, NumberFormatsPage, sandbox.context, client["id"])
    page.row("advance_invoice").edit.setText("AV-{yy}-{nnn}")
    sandbox.recorder.sent.clear()
    with qtbot.waitSignal(page.saved, timeout=5000):
        save_and_wait(qtbot, page)
    writes = sandbox.recorder.writes()
    assert len(writes) == 1
    method, path, body = writes[0]
    assert (method, path) == ("PATCH", f"/entities/{client['id']}")
    assert body == {"settings": {"number_formats": {
        **client["settings"]["number_formats"], "advance_invoice": "AV-{yy}-{nnn}"
    }}}
    stored = sandbox.entity(client["id"])["settings"]
    assert stored["number_formats"]["advance_invoice"] == "AV-{yy}-{nnn}"
    assert stored["email_defaults"] == client["settings"]["email_defaults"]
    assert not page.is_dirty()
    assert page.status.text() == "Saved."


def test_a_422_lands_under_the_field_its_path_names(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    page = open_page(qtbot, NumberFormatsPage, sandbox.context, client["id"])
    row = page.row("delivery_note")
    row.edit.setText("DN-{nnnnnn}")
    sandbox.recorder.fail_next = validation_error(
        ["settings", "number_formats", "delivery_note"], "The server refuses this format."
    )
    save_and_wait(qtbot, page)
    assert row.message.text() == "The server refuses this format."
    assert page.status.text() == "Some values were not accepted; see the marked fields."
    assert page.is_dirty()
    qtbot.keyClicks(row.edit, "x")  # editing the field clears the server's message
    assert "The server refuses" not in row.message.text()


def test_revert_shows_the_saved_values_again(qtbot: QtBot, sandbox: Sandbox) -> None:
    client = sandbox.client()
    page = open_page(qtbot, NumberFormatsPage, sandbox.context, client["id"])
    page.row("invoice").edit.setText("X-{nn}")
    page.row("invoice").start.setValue(7)
    assert page.revert_button.isEnabled()
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.row("invoice").edit.text() == "{yyyy}-{nnnnn}"
    assert page.row("invoice").start.value() == 1
    assert not page.is_dirty()
    assert not page.revert_button.isEnabled()
