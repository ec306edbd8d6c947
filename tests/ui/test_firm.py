"""Firm → Drift…, the dry run and its batch, its undo, and Activity…, in the window, over
the demo's 40 clients (the sandbox in-process, seeded as `--demo` seeds it): a standard made
from one client, which clients differ, the standard applied to ten of them after a dry run,
the batch undone, and all of it in the activity log."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from si_desktop.cli import DEMO_CLIENTS, DEMO_SEED
from si_desktop.sandbox import create_app
from si_desktop.sync.connection import Connection
from si_desktop.sync.workspace import Workspace
from si_desktop.ui import main_window as mw
from si_desktop.ui.context import AppContext
from si_desktop.ui.firm.activity import ActivityWindow
from si_desktop.ui.firm.drift import DriftWindow, Show
from si_desktop.ui.firm.menu import open_activity, open_drift
from si_desktop.ui.main_window import MainWindow
from tests.fixtures.sandbox import ASGI_BASE_URL

pytestmark = pytest.mark.slow


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> Iterator[MainWindow]:
    key = "sk_live_" + secrets.token_hex(16)
    sandbox = create_app(api_key=key, clients=DEMO_CLIENTS, seed=DEMO_SEED)
    workspace = Workspace.in_memory(Connection(base_url=ASGI_BASE_URL, api_key=key),
                                   transport=httpx.ASGITransport(app=sandbox))
    context.workspace_factory = lambda connection: workspace
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.open_connection(workspace.connection)
    win.show()
    qtbot.waitUntil(lambda: bool(context.current_client_id)
                    and win.switcher.proxy.rowCount() == DEMO_CLIENTS, timeout=20000)
    try:
        yield win
    finally:
        win.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
        win.close()
        sandbox.state.sandbox.close()


def _drift(window: MainWindow, qtbot: QtBot) -> DriftWindow:
    drift = open_drift(window)
    assert drift is not None
    drift.ask_name = lambda suggested: "House rules"  # type: ignore[method-assign]
    assert drift.new_from_client() is not None
    qtbot.waitUntil(lambda: not drift.computing and drift.model.rowCount() == DEMO_CLIENTS,
                    timeout=10000)
    return drift


def _rows(drift: DriftWindow) -> dict[str, Any]:
    return {d.entity_id: d for r in range(drift.model.rowCount())
            if (d := drift.model.drift_at(r)) is not None}


def test_the_demo_flow_standard_drift_dry_run_batch_undo_and_activity(
    qtbot: QtBot, qtmodeltester: Any, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    workspace = context.workspace
    source = context.current_client_id
    drift = _drift(window, qtbot)
    qtmodeltester.check(drift.model)
    before = _rows(drift)
    assert before[source].matches
    differing = [d for d in before.values() if not d.matches and d.enabled]
    assert len(differing) >= 10
    drift.filter.setCurrentIndex(list(Show).index(Show.MATCHES))
    assert drift.proxy.rowCount() == sum(1 for d in before.values() if d.matches)
    drift.filter.setCurrentIndex(0)

    chosen = [d.entity_id for d in differing[:10]]
    drift.open_dry_run(chosen)
    qtbot.waitUntil(lambda: drift.dry_run is not None and drift.dry_run.isVisible(),
                    timeout=10000)
    dry_run = drift.dry_run
    assert dry_run is not None
    assert [c.entity_id for c in dry_run.plan.changing] == chosen
    assert dry_run.tree.topLevelItemCount() == 10
    assert workspace.pending_count() == 0  # nothing queued, nothing sent

    dry_run.apply()
    qtbot.waitUntil(lambda: not dry_run.running, timeout=20000)
    assert dry_run.batch_result is not None and dry_run.batch_id is not None
    assert [c.outcome for c in dry_run.batch_result.clients] == ["sent"] * 10
    qtbot.waitUntil(lambda: all(_rows(drift)[e].matches for e in chosen), timeout=10000)
    untouched = [d.entity_id for d in differing[10:]]
    assert all(not _rows(drift)[e].matches for e in untouched)

    undo = dry_run.open_undo()
    assert undo is not None and undo.plan.undoes == dry_run.batch_id
    assert len(undo.plan.changing) == 10 and not any(c.conflicts for c in undo.plan.clients)
    undo.apply()
    qtbot.waitUntil(lambda: not undo.running, timeout=20000)
    assert undo.batch_result is not None
    assert [c.outcome for c in undo.batch_result.clients] == ["sent"] * 10
    qtbot.waitUntil(lambda: all(_rows(drift)[e].differing == before[e].differing
                                for e in chosen), timeout=10000)

    activity = open_activity(window)
    assert isinstance(activity, ActivityWindow)
    qtmodeltester.check(activity.model)
    entries = [activity.model.entry_at(r) for r in range(activity.model.rowCount())]
    batches = {e.batch_id for e in entries if e is not None}
    assert {dry_run.batch_id, undo.batch_id} <= batches
    assert sum(1 for e in entries if e is not None and e.batch_id == dry_run.batch_id) == 10
    cells = activity.model.cells(entries[-1])  # type: ignore[arg-type]
    assert cells[2] == "Standard “House rules”" and cells[4] == "Sent"
    activity.search.setText(undo.batch_id or "")
    activity.reload()
    assert activity.model.rowCount() == 10
    target = tmp_path / "activity.csv"
    activity.choose_export_path = lambda suggested: str(target)  # type: ignore[method-assign]
    assert activity.export_csv() == target
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 11 and all(row[-1] == undo.batch_id for row in rows[1:])
    for dialog in (undo, dry_run, drift, activity):
        dialog.close()


def test_a_malformed_standard_file_is_refused_with_its_line(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    drift = open_drift(window)
    assert drift is not None
    bad = tmp_path / "bad.json"
    bad.write_text('{"si_desktop_standard": 1,\n"name": "Bad",\n"settings": {\n'
                   '"number_formats.invoice": "INV-{mm}"}}', encoding="utf-8")
    drift.choose_import_path = lambda: str(bad)  # type: ignore[method-assign]
    assert drift.import_standard() is None
    assert "4" in drift.status.text() and "{mm}" in drift.status.text()
    assert drift.chooser.count() == 0 and drift.library.list() == []
    drift.close()
