"""The whole app against the sandbox over loopback: switch between three clients, edit and
save a field on each, archive a unit, and check what the server holds afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from si_desktop.sandbox import SandboxServer
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pages.overview import OverviewPage
from si_desktop.ui.pages.units import BusinessUnitsPage

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CLIENTS = ("Čebelarstvo Zupan s.p.", "Alpe Adria d.o.o.", "Šola plesa Sonce")


def _http(server: SandboxServer, key: str, entity_id: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"}
    if entity_id:
        headers["x-entity-id"] = entity_id
    return httpx.Client(base_url=server.url, headers=headers, timeout=10)


@pytest.fixture
def seeded(sandbox_server: SandboxServer, sandbox_key: str) -> dict[str, Any]:
    """Three clients on the server, the first with two business units."""
    ids: dict[str, Any] = {"clients": [], "units": []}
    with _http(sandbox_server, sandbox_key) as http:
        for name in CLIENTS:
            answer = http.post("/entities", json={"name": name, "country": "Slovenia"})
            answer.raise_for_status()
            ids["clients"].append(answer.json()["id"])
    first = ids["clients"][0]
    with _http(sandbox_server, sandbox_key, first) as http:
        for name in ("Trgovina Bled", "Spletna prodaja"):
            answer = http.post("/business-units", json={"name": name, "city": "Bled"})
            answer.raise_for_status()
            ids["units"].append(answer.json()["id"])
    return ids


def _wait_loaded(qtbot: QtBot, window: MainWindow, entity_id: str) -> None:
    qtbot.waitUntil(
        lambda: window.context.current_client_id == entity_id
        and all(not p.is_loading and p.data is not None for p in window.pages),
        timeout=10_000,
    )


def test_switch_edit_save_and_archive_over_loopback(
    qtbot: QtBot,
    window: MainWindow,
    seeded: dict[str, Any],
    sandbox_server: SandboxServer,
    sandbox_key: str,
) -> None:
    switcher = window.switcher
    qtbot.waitUntil(lambda: switcher.proxy.rowCount() == 3, timeout=10_000)
    names = [switcher.proxy.index(r, 0).data() for r in range(3)]
    assert names == ["Alpe Adria d.o.o.", "Čebelarstvo Zupan s.p.", "Šola plesa Sonce"]
    assert switcher.count_label.text() == "3 clients"

    overview = next(page for page in window.pages if isinstance(page, OverviewPage))
    window.tabs.setCurrentWidget(overview)
    cities = {}
    for number, entity_id in enumerate(seeded["clients"]):
        window.request_client(entity_id)
        _wait_loaded(qtbot, window, entity_id)
        city = f"Mesto {number}"
        overview.edits["city"].setText(city)
        overview._on_edited()
        assert overview.is_dirty()
        with qtbot.waitSignal(overview.saved, timeout=10_000):
            window.save_action.trigger()
        cities[entity_id] = city
        assert not overview.is_dirty()

    # the last page stays open across a switch, then archive a unit of the first client
    units = next(page for page in window.pages if isinstance(page, BusinessUnitsPage))
    window.tabs.setCurrentWidget(units)
    first = seeded["clients"][0]
    window.request_client(first)
    _wait_loaded(qtbot, window, first)
    assert window.tabs.currentWidget() is units
    assert units.model.rowCount() == 2
    units.view.selectRow(1)
    units.confirm_archive = lambda name: True  # type: ignore[method-assign]
    archived_name = units.selected_unit()["name"]  # type: ignore[index]
    units.archive_selected()
    qtbot.waitUntil(lambda: units.model.rowCount() == 1, timeout=10_000)

    with _http(sandbox_server, sandbox_key) as http:
        for entity_id, city in cities.items():
            entity = http.get(f"/entities/{entity_id}").json()
            assert entity["city"] == city
            assert entity["name"] in CLIENTS  # nothing else was touched
    with _http(sandbox_server, sandbox_key, first) as http:
        listed = http.get("/business-units", params={"include_archived": "true"}).json()
    by_name = {unit["name"]: unit for unit in listed["data"]}
    assert by_name[archived_name]["deleted_at"]
    assert by_name[archived_name]["is_active"] is False
    assert len([u for u in listed["data"] if not u.get("deleted_at")]) == 1


def test_new_client_is_created_on_the_server_and_opened(
    qtbot: QtBot,
    window: MainWindow,
    seeded: dict[str, Any],
    sandbox_server: SandboxServer,
    sandbox_key: str,
) -> None:
    from si_desktop.ui.new_client import NewClientDialog

    qtbot.waitUntil(lambda: window.switcher.proxy.rowCount() == 3, timeout=10_000)

    def fill(dialog: NewClientDialog) -> None:
        dialog.name.setText("Novi klient d.o.o.")
        dialog.country.setEditText("Slovenia")
        dialog.fields["city"].setText("Kranj")
        dialog.client_code.setText("K-0042")
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):
            dialog.submit()

    window.run_new_client_dialog = fill  # type: ignore[method-assign]
    window.new_client_action.trigger()
    qtbot.waitUntil(lambda: window.switcher.proxy.rowCount() == 4, timeout=10_000)
    qtbot.waitUntil(lambda: window.client_title.text() == "Novi klient d.o.o.", timeout=10_000)
    entity_id = window.context.current_client_id
    with _http(sandbox_server, sandbox_key) as http:
        entity = http.get(f"/entities/{entity_id}").json()
    assert entity["city"] == "Kranj"
    assert entity["country_code"] == "SI"
    assert entity["metadata"]["client_code"] == "K-0042"
    assert entity["environment"] == "live"
    window.switcher.search.setText("K-0042")  # the search finds it by its code
    assert window.switcher.proxy.rowCount() == 1


def _screenshot_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["SI_DESKTOP_DATA_DIR"] = str(tmp_path / "data")
    return env


def test_base_url_with_key_in_environment_renders_screenshots(
    tmp_path: Path, seeded: dict[str, Any], sandbox_server: SandboxServer, sandbox_key: str
) -> None:
    env = _screenshot_env(tmp_path)
    env["SI_DESKTOP_API_KEY"] = sandbox_key
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, "-m", "si_desktop", "--base-url", sandbox_server.url,
         "--screenshots", str(out)],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for name in ("main.png", "overview.png", "business-units.png"):
        assert (out / name).stat().st_size > 10_000
    assert sandbox_key not in (tmp_path / "data" / "settings.ini").read_text(encoding="utf-8")


def test_demo_screenshots(tmp_path: Path) -> None:
    env = _screenshot_env(tmp_path)
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, "-m", "si_desktop", "--demo", "--screenshots", str(out)],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # the branding preview of a Slovenian, a British and an Austrian client
    for name in ("main.png", "overview.png", "business-units.png", "branding-si.png",
                 "branding-gb.png", "branding-at.png"):
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1280, 800), name
    for name in ("export.png", "export-firm.png", "dark/export.png", "dark/export-firm.png",
                 "drift.png", "dry-run.png", "activity.png", "dark/drift.png",
                 "dark/dry-run.png", "dark/activity.png"):
        assert QImage(str(out / name)).width() > 500, name
    assert (tmp_path / "data" / "demo" / "sandbox.sqlite3").exists()
