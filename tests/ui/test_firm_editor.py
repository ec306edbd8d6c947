"""The standard's editor: each chosen field checked as the client editors check it, nothing
kept while one has a problem, a rename keeps one file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from si_desktop.core.standards import Standard
from si_desktop.sync.standards import StandardLibrary
from si_desktop.ui.firm.editor import StandardEditor


def test_the_editor_checks_every_field_before_it_keeps_the_standard(
    qtbot: QtBot, tmp_path: Path
) -> None:
    library = StandardLibrary(tmp_path)
    library.save(Standard("House", {"document_footer": "Firm"}))
    editor = StandardEditor(library, library.resolve("House"))
    qtbot.addWidget(editor)
    rows = {row.spec.path: row for row in editor.rows}
    invoice = rows["number_formats.invoice"]
    assert not invoice.chosen.isChecked() and not invoice.edit.isEnabled()
    invoice.chosen.setChecked(True)
    assert isinstance(invoice.edit, QLineEdit)
    invoice.edit.setText("INV-{mm}")
    assert "not a number token" in invoice.field.problem.text()
    editor.name.setText("House rules")
    assert editor.save() is None
    assert [s.name for s in library.list()] == ["House"]  # nothing kept
    invoice.edit.setText("INV-{yyyy}-{nnnn}")
    due = rows["default_invoice_due_days"]
    due.chosen.setChecked(True)
    assert isinstance(due.edit, QSpinBox)
    due.edit.setValue(15)
    saved = editor.save()
    assert saved is not None
    assert saved.values == {"number_formats.invoice": "INV-{yyyy}-{nnnn}",
                            "default_invoice_due_days": 15, "document_footer": "Firm"}
    assert [s.name for s in library.list()] == ["House rules"]  # renamed, not copied


def test_two_names_with_the_same_file_name_are_both_kept(tmp_path: Path) -> None:
    library = StandardLibrary(tmp_path)
    library.save(Standard("House rules", {"document_footer": "A"}))
    library.save(Standard("house-rules", {"document_footer": "B"}))
    assert {s.name: s.values["document_footer"] for s in library.list()} == {
        "House rules": "A", "house-rules": "B"}
