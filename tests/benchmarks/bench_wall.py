"""B15 (run by `run.py`, not part of the suite): Firm → Branding wall… over a cache of 5,000
clients, offscreen.

- First fill: from `load()` until the rows are read from the cache and every tile on screen
  shows its thumbnail, with an empty thumbnail cache (reported).
- Scroll frame: once every thumbnail is in the disk cache, the wall is scrolled top to bottom
  120 px (a wheel's step) at a time; each frame is the time from moving the scroll bar until
  the events that follow are handled: the viewport scrolled and the part it exposed painted,
  and finished thumbnails put in their tiles. p95, target 16 ms.

    python tests/benchmarks/bench_wall.py '{"data_dir": …, "base_url": …}'
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, QSettings
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_data import cache_scope

from si_desktop.store import Store
from si_desktop.sync.workspace import Workspace
from si_desktop.ui.context import AppContext
from si_desktop.ui.firm.branding_wall import BrandingWallDialog
from si_desktop.ui.firm.thumbnails import ThumbnailJob, draw, thumbnail_key

RESULT = "BENCH_RESULT "
STEP_PX = 120


def spin(condition: Any, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if condition():
            return True
        time.sleep(0.002)
    return False


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    args = json.loads(sys.argv[1])
    app = QApplication.instance() or QApplication(sys.argv[:1])
    data_dir = Path(args["data_dir"])
    settings = QSettings(str(data_dir / "bench-settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(data_dir=data_dir, settings=settings,
                         collation_locale=QLocale("sl_SI"))
    store = Store.open_in(data_dir)
    workspace = Workspace(store, cache_scope(args["base_url"]), None)
    context.set_workspace(workspace)
    dialog = BrandingWallDialog(context)
    dialog.resize(1280, 800)
    dialog.show()
    started = time.perf_counter()
    dialog.load()
    if not spin(lambda: dialog.loaded, 120):
        print(RESULT + json.dumps({"error": "the wall was not read"}), flush=True)
        return
    read_s = time.perf_counter() - started
    if not spin(dialog.visible_drawn, 120):
        print(RESULT + json.dumps({"error": "the first tiles were not drawn"}), flush=True)
        return
    first_fill_s = time.perf_counter() - started
    clients = dialog.model.rowCount()

    # every thumbnail into the disk cache, as a wall scrolled through once leaves it
    folder = data_dir / "thumbnails" / "branding-wall"
    began = time.perf_counter()
    for row in range(clients):
        client = dialog.model.client_at(row)
        assert client is not None
        draw(workspace, ThumbnailJob(thumbnail_key(client, dialog.model.pixel_width), client,
                                     dialog.model.pixel_width), folder)
    cache_s = time.perf_counter() - began

    bar = dialog.view.verticalScrollBar()
    paints = [0]  # tiles painted in the step: proves each step paints what it exposes
    delegate = dialog.view.itemDelegate()
    original = delegate.paint

    def counted(*args: Any) -> None:
        paints[0] += 1
        original(*args)

    delegate.paint = counted  # type: ignore[method-assign]
    painted: list[int] = []
    frames: list[float] = []
    value = 0
    profile = os.environ.get("SI_BENCH_PROFILE")  # a file for cProfile's figures
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    while value < bar.maximum():
        value = min(bar.maximum(), value + STEP_PX)
        began = time.perf_counter()
        bar.setValue(value)  # as a wheel step does: the viewport scrolls, the rest is exposed
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        frames.append(time.perf_counter() - began)
        painted.append(paints[0])
        paints[0] = 0
    if profiler is not None and profile:
        profiler.disable()
        profiler.dump_stats(profile)
    result = {
        "clients": clients, "first_fill_ms": first_fill_s * 1000, "read_ms": read_s * 1000,
        "cache_all_s": cache_s, "frames": len(frames),
        "p50_ms": statistics.median(frames) * 1000,
        "p95_ms": percentile(frames, 0.95) * 1000, "max_ms": max(frames) * 1000,
        "tiles_per_step": statistics.mean(painted),
    }
    dialog.shut()
    dialog.deleteLater()
    context.close()
    store.close()
    del app
    print(RESULT + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
