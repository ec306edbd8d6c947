"""New client: the duplicate check against the cache, the VAT prefix against the country,
the client code kept in metadata, and the environment chosen once."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QStandardItemModel
from pytestqt.qtbot import QtBot

from si_desktop.sync.connection import Connection
from si_desktop.ui.context import AppContext
from si_desktop.ui.new_client import NewClientDialog
from tests.ui.fakes import FakeWorkspace


def _dialog(qtbot: QtBot, context: AppContext, workspace: FakeWorkspace) -> NewClientDialog:
    context.set_workspace(workspace)
    dialog = NewClientDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Nova firma d.o.o.")
    dialog.country.setEditText("Slovenia")
    return dialog


def test_another_clients_tax_number_name_or_code_is_named_and_needs_a_tick(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = _dialog(qtbot, context, FakeWorkspace())
    assert dialog.create_button.isEnabled() and not dialog.warnings.isVisible()
    # Žagar d.o.o. has SI10000001: the same number without its prefix is the same number
    dialog.fields["tax_number"].setText("1000 0001")
    assert dialog.warnings_now() == ["“Žagar d.o.o.” has this tax number already."]
    assert dialog.warnings.isVisible() and dialog.anyway.isVisible()
    assert not dialog.create_button.isEnabled()
    dialog.anyway.setChecked(True)
    assert dialog.create_button.isEnabled()  # deliberately
    dialog.fields["tax_number"].setText("SI99999999")
    assert dialog.warnings_now() == [] and not dialog.anyway.isVisible()
    assert not dialog.anyway.isChecked()  # a tick is for the warning it was given for
    dialog.name.setText("ŽAGAR  d.o.o.")
    assert dialog.warnings_now() == ["A client called “Žagar d.o.o.” is already in the list."]
    dialog.name.setText("Nova firma d.o.o.")
    dialog.client_code.setText("k-0002")
    assert dialog.warnings_now() == ["“Čadež s.p.” has the client code k-0002 already."]
    assert not dialog.create_button.isEnabled()


def test_a_tax_number_with_another_countrys_vat_prefix_is_questioned(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = _dialog(qtbot, context, FakeWorkspace([]))
    dialog.fields["tax_number"].setText("DE123456789")
    assert dialog.warnings_now() == [
        "The tax number starts with DE, the VAT prefix of Germany; a VAT number from "
        "Slovenia starts with SI."
    ]
    assert not dialog.create_button.isEnabled()
    dialog.country.setEditText("Greece")
    dialog.fields["tax_number"].setText("GR123456789")
    assert dialog.warnings_now() == [
        "The tax number starts with GR; a VAT number from Greece starts with EL."
    ]
    dialog.fields["tax_number"].setText("EL123456789")
    assert dialog.warnings_now() == [] and dialog.create_button.isEnabled()
    dialog.country.setEditText("Switzerland")
    dialog.fields["tax_number"].setText("SI12345678")
    assert dialog.warnings_now() == [
        "The tax number starts with SI, the VAT prefix of Slovenia, but the client is in "
        "Switzerland."
    ]
    dialog.fields["tax_number"].setText("CHE-123.456.789")  # a Swiss UID: no VAT prefix
    assert dialog.warnings_now() == []


def test_the_client_code_goes_into_metadata_and_the_environment_is_sent(
    qtbot: QtBot, context: AppContext
) -> None:
    workspace = FakeWorkspace([])
    dialog = _dialog(qtbot, context, workspace)
    dialog.client_code.setText("K-0099")
    assert dialog.environment.currentData() == "live"
    assert dialog.environment_note.text() == (
        "Real documents for real customers. It cannot be changed once the client is created."
    )
    created: list[Any] = []
    context.client_created.connect(created.append)
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        dialog.create_button.click()
    sent = next(payload for call, payload in workspace.calls if call == "create")
    assert sent["metadata"] == {"client_code": "K-0099"}
    assert sent["environment"] == "live"
    assert created[0]["metadata"] == {"client_code": "K-0099"}


def test_only_the_keys_environment_can_be_chosen(qtbot: QtBot, context: AppContext) -> None:
    """Live and sandbox, each with what it means; the key creates clients in its own
    environment only (and the list shows only those), so the other is offered disabled
    with the reason."""
    workspace = FakeWorkspace([])
    workspace.connection = Connection(
        base_url="http://127.0.0.1:1", api_key="sk_sandbox_" + "c" * 32)
    dialog = _dialog(qtbot, context, workspace)
    combo = dialog.environment
    assert [combo.itemData(i) for i in range(combo.count())] == ["live", "sandbox"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["Live", "Sandbox"]
    assert combo.currentData() == "sandbox"
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    live = model.item(0)
    assert live is not None and not live.isEnabled()
    assert "sandbox key" in live.toolTip()
    assert dialog.environment_note.text().startswith("For trying things out")
    assert dialog.values()["environment"] == "sandbox"
