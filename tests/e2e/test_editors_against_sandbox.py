"""The settings editors in the window against the sandbox over loopback: a number format and
a logo for a client, a business unit's own e-mail subject and colour, the preview as a PDF,
and what the server holds afterwards."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from si_desktop.sandbox import SandboxServer
from si_desktop.ui.editors import (
    BrandingPage,
    EmailDefaultsPage,
    NumberFormatsPage,
    UnitSettingsDialog,
)
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pages.units import BusinessUnitsPage
from tests.ui.editors.conftest import PNG

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _http(server: SandboxServer, key: str, entity_id: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"}
    if entity_id:
        headers["x-entity-id"] = entity_id
    return httpx.Client(base_url=server.url, headers=headers, timeout=10)


@pytest.fixture
def seeded(sandbox_server: SandboxServer, sandbox_key: str) -> dict[str, str]:
    with _http(sandbox_server, sandbox_key) as http:
        entity = http.post("/entities", json={"name": "Kovač d.o.o.", "country": "Slovenia"})
        entity.raise_for_status()
        entity_id = entity.json()["id"]
    with _http(sandbox_server, sandbox_key, entity_id) as http:
        unit = http.post("/business-units", json={"name": "Trgovina Bled"})
        unit.raise_for_status()
    return {"client": entity_id, "unit": unit.json()["id"]}


def _page(window: MainWindow, kind: type[Any]) -> Any:
    page = next(p for p in window.pages if isinstance(p, kind))
    window.tabs.setCurrentWidget(page)
    return page


def test_client_and_unit_settings_over_loopback(
    qtbot: QtBot, window: MainWindow, seeded: dict[str, str], sandbox_server: SandboxServer,
    sandbox_key: str, tmp_path: Path,
) -> None:
    client_id, unit_id = seeded["client"], seeded["unit"]
    window.request_client(client_id)
    qtbot.waitUntil(
        lambda: window.context.current_client_id == client_id
        and all(not p.is_loading and p.data is not None for p in window.pages),
        timeout=10_000,
    )

    numbers = _page(window, NumberFormatsPage)
    row = numbers.row("invoice")
    row.edit.selectAll()
    qtbot.keyClicks(row.edit, "R-{yyyy}-{nnnn}")
    with qtbot.waitSignal(numbers.saved, timeout=10_000):
        window.save_action.trigger()

    branding = _page(window, BrandingPage)
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    assert branding.upload_logo_file(logo)
    qtbot.waitUntil(lambda: branding.logo_message.text() == "Logo uploaded.", timeout=10_000)
    qtbot.waitUntil(lambda: branding.preview.invoice is not None
                    and branding.preview.invoice.logo == PNG)
    assert branding.preview.invoice.number.startswith("R-")
    pdf = tmp_path / "preview.pdf"
    branding.preview.export_to(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes())) == 1

    units = _page(window, BusinessUnitsPage)
    units.view.selectRow(0)

    def run(dialog: UnitSettingsDialog) -> None:
        qtbot.waitUntil(
            lambda: all(p.data is not None and not p.is_loading for p in dialog.pages),
            timeout=10_000,
        )
        emails = dialog.page("email-defaults")
        assert isinstance(emails, EmailDefaultsPage)
        dialog.tabs.setCurrentWidget(emails)
        subject = emails.fields["invoice_subject"]
        subject.widget.setFocus()
        subject.widget.selectAll()
        qtbot.keyClicks(subject.widget, "Invoice {document_number} - {unit_name}")
        unit_branding = dialog.page("branding")
        assert isinstance(unit_branding, BrandingPage)
        dialog.tabs.setCurrentWidget(unit_branding)
        assert unit_branding.logo_bar.label.text() == "Inherited from Kovač d.o.o."
        unit_branding.set_color("#b91c1c")
        dialog.save_all()
        qtbot.waitUntil(lambda: not dialog.dirty_pages(), timeout=10_000)

    units.open_settings_dialog = run  # type: ignore[method-assign,assignment]
    units.edit_settings_selected()

    with _http(sandbox_server, sandbox_key) as http:
        entity = http.get(f"/entities/{client_id}").json()
    assert entity["settings"]["number_formats"]["invoice"] == "R-{yyyy}-{nnnn}"
    assert entity["settings"]["has_logo"] is True
    assert entity["settings"]["email_defaults"]["invoice_subject"].startswith("Račun")
    with _http(sandbox_server, sandbox_key, client_id) as http:
        unit = http.get(f"/business-units/{unit_id}").json()
        files = http.get("/files", params={"category": "logo"}).json()["data"]
    assert unit["settings"]["primary_color"] == "#b91c1c"
    assert unit["settings"]["email_defaults"] == {
        "invoice_subject": "Invoice {document_number} - {unit_name}"
    }
    assert len(files) == 1
