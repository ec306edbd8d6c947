"""The in-window scenarios of the benchmark harness, each run in a process of its own by
`run.py` (B2 switch, B3 filter, B5 memory, B6 preview, B4 refresh stalls).

The app is started the way `si-desktop --base-url URL` starts it (`ui.app.run_app`, the key
in the connection, offscreen); the scenario runs from the event loop once the window is up,
prints one line of JSON and leaves with `os._exit` (no teardown is timed or waited for).
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# isort: off
import si_desktop.ui  # noqa: F401  # the Qt-free layers before Qt, as `si-desktop` loads them
# isort: on
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from si_desktop.sync.connection import Connection
from si_desktop.ui.app import application, run_app

API_KEY = "sk_live_" + "b9" * 16
RESULT = "BENCH_RESULT "
# Keystrokes typed into the switcher search, each timed; every word is then erased key by key.
WORDS = ("d.o.o", "ana", "kranj", "c-0042", "bau", "studio")


class PaintCounter(QObject):
    """Counts paint events of the widgets it watches."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.count = 0
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def spin(condition: Callable[[], bool], timeout: float) -> bool:
    """Process events until `condition` holds; False after `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
    return True


def settle(seconds: float = 0.05) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[rank]


def summary(values: list[float]) -> dict[str, Any]:
    return {
        "p95_ms": percentile(values, 0.95) * 1000,
        "median_ms": percentile(values, 0.5) * 1000,
        "max_ms": max(values) * 1000 if values else float("nan"),
        "n": len(values),
    }


def rss_mib() -> float:
    """Peak resident memory of this process so far (Linux: ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Scenario:
    def __init__(self, args: dict[str, Any]) -> None:
        self.args = args
        self.window: Any = None

    # the window ------------------------------------------------------------------------------

    def find_window(self) -> Any:
        from si_desktop.ui.main_window import MainWindow

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                return widget
        return None

    def start(self) -> None:
        if not spin(lambda: self.find_window() is not None, 30):
            self.finish({"error": "no main window"})
        self.window = self.find_window()
        fill = self.args.get("fill_from_cache")
        filled = spin(lambda: self.rows() > 0, float(self.args.get("fill_timeout", 30)))
        if not filled and not fill:
            self.finish({"error": "the switcher stayed empty"})
        if fill:  # the switcher cannot read the cache: give its model the cached clients
            self.fill_model_from_cache()
        settle(0.2)
        try:
            run = getattr(self, "run_" + self.args["scenario"])
            profile = os.environ.get("SI_BENCH_PROFILE")  # a file for cProfile's figures
            if profile:
                import cProfile

                profiler = cProfile.Profile()
                result = profiler.runcall(run)
                profiler.dump_stats(profile)
                self.finish(result)
            self.finish(run())
        except Exception as error:  # reported to the harness as the result
            import traceback

            traceback.print_exc()
            self.finish({"error": f"{type(error).__name__}: {error}"})

    def rows(self) -> int:
        rows: int = self.window.switcher.proxy.rowCount()
        return rows

    def fill_model_from_cache(self) -> None:
        from bench_data import cache_scope

        from si_desktop.store import Store

        store = Store.open_in(self.args["data_dir"])
        scope = cache_scope(self.args["cache_url"])
        ids = [row.id for row in store.entities.switcher_rows(scope)]
        records = [store.entities.get(scope, entity_id) for entity_id in ids]
        self.window.switcher.model.merge([r for r in records if r is not None])
        store.close()

    def finish(self, result: dict[str, Any]) -> None:
        result.setdefault("rss_peak_mib", rss_mib())
        print(RESULT + json.dumps(result), flush=True)
        sys.stdout.flush()
        os._exit(0)

    def pages_ready(self, entity_id: str) -> bool:
        return all(
            page.client_id == entity_id and not page.is_loading and page.data is not None
            for page in self.window.pages
        )

    def open_row(self, row: int) -> float:
        """Click the switcher row `row`; seconds until the client's page is loaded and
        painted."""
        switcher = self.window.switcher
        view = switcher.view
        index = switcher.proxy.index(row, 0)
        entity_id = str(index.data(Qt.ItemDataRole.UserRole + 1))
        view.scrollTo(index)
        settle(0.02)
        page = self.window.tabs.currentWidget()
        # the page's own widgets: a page that only updates the fields that changed gets no
        # paint event of its own, only its fields do
        watched = [page, *page.findChildren(QWidget)]
        painted = PaintCounter(*watched)
        point: QPoint = view.visualRect(index).center()
        started = time.perf_counter()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, point)
        if not spin(lambda: self.pages_ready(entity_id), 30):
            states = [(type(p).__name__, p.client_id == entity_id, p.is_loading,
                       p.data is not None) for p in self.window.pages]
            raise RuntimeError(f"{entity_id} did not load: {states}")
        seen = painted.count
        spin(lambda: painted.count > seen, 0.2)
        elapsed = time.perf_counter() - started
        for widget in watched:
            widget.removeEventFilter(painted)
        # hidden pages finish their work before the next click
        settle(0.01)
        return elapsed

    # scenarios -------------------------------------------------------------------------------

    def run_switch(self) -> dict[str, Any]:
        rng = random.Random(9)
        total = self.rows()
        reps = int(self.args["reps"])
        times = [self.open_row(rng.randrange(total)) for _ in range(reps + 3)][3:]
        return {"rows": total, **summary(times)}

    def run_filter(self) -> dict[str, Any]:
        switcher = self.window.switcher
        search = switcher.findChild(QLineEdit, "clientSearch")
        search.setFocus()
        viewport = switcher.view.viewport()
        times: list[float] = []
        rounds = int(self.args["reps"])
        keys: list[str] = []
        for n in range(rounds):
            word = WORDS[n % len(WORDS)]
            keys += list(word) + ["\b"] * len(word)
        for key in keys:
            painted = PaintCounter(viewport)
            started = time.perf_counter()
            if key == "\b":
                QTest.keyClick(search, Qt.Key.Key_Backspace)
            else:
                QTest.keyClicks(search, key)
            typed = time.perf_counter()
            QApplication.processEvents()
            if spin(lambda p=painted: p.count > 0, 0.05):  # type: ignore[misc]
                times.append(time.perf_counter() - started)
            else:  # nothing on screen changed
                times.append(typed - started)
            viewport.removeEventFilter(painted)
        return {"rows": self.rows(), "keys": len(keys), **summary(times)}

    def run_rss(self) -> dict[str, Any]:
        rng = random.Random(5)
        total = self.rows()
        for _ in range(20):
            self.open_row(rng.randrange(total))
        settle(0.3)
        return {"rows": total, "rss_peak_mib": rss_mib()}

    def run_preview(self) -> dict[str, Any]:
        from si_desktop.ui.editors.branding import BrandingPage

        self.open_row(1)
        editor = next(p for p in self.window.pages if isinstance(p, BrandingPage))
        self.window.tabs.setCurrentWidget(editor)
        canvas = editor.preview.canvas
        spin(lambda: canvas.painted_revision == canvas.revision, 5)
        settle(0.1)
        colours = ["#1d4ed8", "#b91c1c", "#047857", "#7c3aed", "#c2410c", "#0f766e"]
        times: list[float] = []
        for n in range(int(self.args["reps"]) + 3):
            started = time.perf_counter()
            editor.set_color(colours[n % len(colours)])
            if not spin(lambda: canvas.painted_revision == canvas.revision, 5):
                raise RuntimeError("the preview did not redraw")
            times.append(time.perf_counter() - started)
            settle(0.01)
        return summary(times[3:])


def main() -> None:
    args = json.loads(sys.argv[1])
    application(offscreen=True)
    scenario = Scenario(args)
    QTimer.singleShot(0, scenario.start)
    connection = Connection(base_url=args["base_url"], api_key=API_KEY)
    run_app(data_dir=Path(args["data_dir"]), connection=connection)


if __name__ == "__main__":
    main()
