"""drift.png, dry-run.png and activity.png for `--screenshots`: the demo flow of issue 24.
A standard is made from the open client in a temporary library (the data folder's standards
are left as they were), Drift shows every client against it with one that differs selected,
the dry run of applying it to ten of them is shown, and on the first pass the batch is sent
and undone, so that the Activity window shows both batches, each client's row with its
outcome. The undo writes every value back: the clients end as they began."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel

from si_desktop.sync.standards import StandardLibrary
from si_desktop.ui.firm.menu import open_activity, open_drift

if TYPE_CHECKING:
    from si_desktop.ui.firm.dry_run import DryRunDialog
    from si_desktop.ui.main_window import MainWindow

STANDARD_NAME = "House rules"
APPLIED_TO = 10

Wait = Callable[[Callable[[], bool]], bool]


def render_firm(window: MainWindow, folder: Path, wait: Wait, settle: Callable[[], None],
                *, send: bool) -> list[Path]:
    drift = open_drift(window)
    if drift is None:
        return []
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="si-standards-") as temporary:
        drift.library = StandardLibrary(Path(temporary))
        drift.ask_name = lambda suggested: STANDARD_NAME  # type: ignore[method-assign]
        drift.new_from_client()
        wait(lambda: not drift.computing)
        differing = [row for row in range(drift.proxy.rowCount())
                     if (d := drift.model.drift_at(drift.proxy.mapToSource(
                         drift.proxy.index(row, 0)).row())) is not None
                     and not d.matches and d.enabled]
        if differing:
            drift.view.selectionModel().select(
                drift.proxy.index(differing[0], 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        settle()
        written.append(_grab(drift, folder / "drift.png"))
        chosen = [d.entity_id for r in range(drift.model.rowCount())
                  if (d := drift.model.drift_at(r)) is not None and not d.matches
                  and d.enabled][:APPLIED_TO]
        dry_run = None
        if chosen:  # a workspace whose clients all match has no dry run to show
            drift.open_dry_run(chosen)
            wait(lambda: drift.dry_run is not None and drift.dry_run.isVisible())
            dry_run = drift.dry_run
        if dry_run is not None:
            settle()
            written.append(_grab(dry_run, folder / "dry-run.png"))
            if send:
                _apply_and_undo(dry_run, wait)
            dry_run.close()
    drift.close()
    activity = open_activity(window)
    if activity is not None:
        settle()
        written.append(_grab(activity, folder / "activity.png"))
        activity.close()
    return written


def _apply_and_undo(dry_run: DryRunDialog, wait: Wait) -> None:
    dry_run.apply()
    wait(lambda: not dry_run.running)
    undo = dry_run.open_undo()
    if undo is not None:
        undo.apply()
        wait(lambda: not undo.running)
        undo.close()


def _grab(widget: object, target: Path) -> Path:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    target.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(target))
    return target
