"""The in-window scenarios of the benchmark harness, each run in a process of its own by
`run.py` (B2 switch, B3 filter and typing in the first second, B5 memory, B6 preview, B13
a refresh in the window).

The app is started exactly as `si-desktop --base-url URL` starts it: through `cli.main`
(the collector paused before Qt is imported, the cache opened early on a thread, logging,
the window lock), with the key in `SI_DESKTOP_API_KEY`, offscreen. The scenario starts on
the event loop's first turn after the window is shown. Every scenario but "first_second"
then waits until the work start-up defers has finished (the collector settled once input
paused, the search texts prepared, the refresh at start tried, the chosen tab's page
built) and the window has been quiet a moment, so that what is measured is what a user
feels once the window is up; "first_second" types from the first paint on, into that work.

Each sample has its wall time and the main thread's CPU time (`time.thread_time`, which a
busy machine does not inflate). The scenario prints one line of JSON and leaves with
`os._exit` (no teardown is timed or waited for).
"""

from __future__ import annotations

import gc

gc.disable()  # as `cli._run_window` does before Qt is imported (see ui/collector.py)

# ruff: noqa: E402
import cProfile
import itertools
import json
import os
import random
import sys
import time
from collections.abc import Callable
from typing import Any

# isort: off
import si_desktop.ui  # noqa: F401  # the Qt-free layers before Qt, as `si-desktop` loads them
# isort: on
from peak_memory import peak_rss_mib
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

import si_desktop.ui.app as app_module
from si_desktop.cli import API_KEY_ENV
from si_desktop.cli import main as cli_main

API_KEY = "sk_live_" + "b9" * 16
RESULT = "BENCH_RESULT "
# Keystrokes typed into the switcher search, each timed; every word is then erased key by key.
WORDS = ("d.o.o", "ana", "kranj", "c-0042", "bau", "studio")
FIRST_SECOND_KEYS = 20  # typed from the first paint on, one every KEY_SPACING_S
KEY_SPACING_S = 0.05
TICK_S = 0.005  # B13's GUI timer: time it fires late is time the GUI thread was not free
QUIET_S = 0.5  # of a window left alone after the deferred start-up work, before measuring
# With SI_BENCH_PROFILE=FILE, cProfile's figures of the timed spans only (switches,
# keystrokes: not what the harness does between them) are written to FILE.
PROFILER = cProfile.Profile()
PROFILING = bool(os.environ.get("SI_BENCH_PROFILE"))


class Collections:
    """The collector's pauses on the main thread while a scenario runs (`gc.callbacks`)."""

    def __init__(self) -> None:
        # (generation, seconds, when it began): on whichever thread collected (a worker's
        # collection holds the interpreter lock, so the GUI thread waits for it too)
        self.pauses: list[tuple[int, float, float]] = []
        self._began = 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._began,
                                self._began))

    def summary(self, origin: float) -> dict[str, Any]:
        pauses = list(self.pauses)
        times = [seconds for _generation, seconds, _began in pauses]
        longest = sorted(((seconds, began, generation)
                          for generation, seconds, began in pauses), reverse=True)[:5]
        return {"gc_count": len(times), "gc_max_ms": max(times, default=0) * 1000,
                "gc_total_ms": sum(times) * 1000,
                "gc_gen2": sum(1 for generation, _s, _b in pauses if generation == 2),
                "gc_longest": [(round(t * 1000, 1), round(at - origin, 2), generation)
                               for t, at, generation in longest]}


class Timed:
    """A sample: wall and main-thread CPU seconds between `start` and `stop`."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.thread_time()
        if PROFILING:
            PROFILER.enable()

    def stop(self, wall: float | None = None, cpu: float | None = None) -> tuple[float, float]:
        if PROFILING:
            PROFILER.disable()
        now_wall = time.perf_counter() if wall is None else wall
        now_cpu = time.thread_time() if cpu is None else cpu
        return now_wall - self.wall, now_cpu - self.cpu


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


def summary(values: list[float], cpu: list[float] | None = None) -> dict[str, Any]:
    """Wall-time figures of `values` (seconds) and, with `cpu`, the main thread's CPU time
    of the same samples; `samples_ms` lets the harness pool several processes."""
    result = {
        "p95_ms": percentile(values, 0.95) * 1000,
        "median_ms": percentile(values, 0.5) * 1000,
        "max_ms": max(values) * 1000 if values else float("nan"),
        "n": len(values),
        "samples_ms": [round(v * 1000, 3) for v in values],
    }
    if cpu is not None:
        result.update(cpu_p95_ms=percentile(cpu, 0.95) * 1000,
                      cpu_median_ms=percentile(cpu, 0.5) * 1000,
                      cpu_samples_ms=[round(v * 1000, 3) for v in cpu])
    return result


def rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB: its own, not the harness's
    (see peak_memory.py)."""
    return peak_rss_mib()


def start_work_done(window: Any) -> bool:
    """Whether the work start-up defers to a pause in the input has run: the collector
    settled, the search prepared, the refresh at start tried and over, the chosen tab's
    page built."""
    offline = window.context.offline
    proxy = window.switcher.proxy
    ready = getattr(proxy, "search_ready", None)
    if ready is None:  # before the search index: texts folded on the GUI thread
        ready = not getattr(proxy, "_unfolded", False)
    page = window.tabs.currentWidget()
    return (gc.isenabled() and bool(ready)
            and getattr(offline, "_first_refresh", None) is None
            and not offline.refreshing
            and page is not None and hasattr(page, "client_id"))


class Scenario:
    def __init__(self, args: dict[str, Any]) -> None:
        self.args = args
        self.window: Any = None
        self.first_paint: PaintCounter | None = None
        self.origin = time.perf_counter()  # B13: when the refresh began

    # the window ------------------------------------------------------------------------------

    def find_window(self) -> Any:
        from si_desktop.ui.main_window import MainWindow

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                return widget
        return None

    def shown(self) -> None:
        """The window has just been shown (nothing painted yet): watch its first paint, and
        run the scenario on the next turn of the event loop."""
        self.window = self.find_window()
        if self.window is not None:
            self.first_paint = PaintCounter(self.window.switcher.view.viewport())
        QTimer.singleShot(0, self.start)

    def start(self) -> None:
        if self.window is None:
            self.finish({"error": "no main window"})
        fill = self.args.get("fill_from_cache")
        filled = spin(lambda: self.rows() > 0, float(self.args.get("fill_timeout", 30)))
        if not filled and not fill:
            self.finish({"error": "the switcher stayed empty"})
        if fill:  # the switcher cannot read the cache: give its model the cached clients
            self.fill_model_from_cache()
        scenario = self.args["scenario"]
        if scenario not in ("first_second", "refresh"):
            waited = self.wait_for_start_work()
            if waited is None:
                self.finish({"error": "the work deferred at start did not finish in 60 s"})
            self.startup_work_s = waited
            settle(QUIET_S)
        try:
            run = getattr(self, "run_" + scenario)
            collections = Collections()
            result = run()
            result.update(collections.summary(self.origin))
            profile = os.environ.get("SI_BENCH_PROFILE")
            if profile:
                PROFILER.dump_stats(profile)
            self.finish(result)
        except Exception as error:  # reported to the harness as the result
            import traceback

            traceback.print_exc()
            self.finish({"error": f"{type(error).__name__}: {error}"})

    def start_work_done(self) -> bool:
        return start_work_done(self.window)

    def wait_for_start_work(self) -> float | None:
        started = time.perf_counter()
        if not spin(self.start_work_done, 60):
            return None
        return time.perf_counter() - started

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

    def shown_page(self) -> Any:
        """The page of the chosen tab: the one a user sees (the others are not built until
        their tab is chosen, and are not waited for)."""
        return self.window.tabs.currentWidget()

    def page_ready(self, entity_id: str) -> bool:
        page = self.shown_page()
        return (getattr(page, "client_id", None) == entity_id and not page.is_loading
                and page.data is not None)

    def open_row(self, row: int) -> tuple[float, float]:
        """Click the switcher row `row`; seconds (wall, main-thread CPU) until the client's
        page on the chosen tab is loaded and painted."""
        switcher = self.window.switcher
        view = switcher.view
        index = switcher.proxy.index(row, 0)
        entity_id = str(index.data(Qt.ItemDataRole.UserRole + 1))
        view.scrollTo(index)
        settle(0.02)
        page = self.shown_page()
        # the page's own widgets: a page that only updates the fields that changed gets no
        # paint event of its own, only its fields do
        watched = [page, *page.findChildren(QWidget)]
        painted = PaintCounter(*watched)
        point: QPoint = view.visualRect(index).center()
        timed = Timed()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, point)
        if not spin(lambda: self.page_ready(entity_id), 30):
            shown = self.shown_page()
            raise RuntimeError(f"{entity_id} did not load: {type(shown).__name__} "
                               f"{getattr(shown, 'client_id', None)}")
        seen = painted.count
        spin(lambda: painted.count > seen, 0.2)
        sample = timed.stop()
        for widget in watched:
            widget.removeEventFilter(painted)
        settle(0.01)
        return sample

    # scenarios -------------------------------------------------------------------------------

    def run_switch(self) -> dict[str, Any]:
        rng = random.Random(9)
        total = self.rows()
        reps = int(self.args["reps"])
        samples = [self.open_row(rng.randrange(total)) for _ in range(reps + 3)][3:]
        return {"rows": total, "start_work_s": self.startup_work_s,
                **summary([w for w, _ in samples], [c for _, c in samples])}

    def type_key(self, search: QLineEdit, key: str) -> tuple[float, float]:
        """Type `key` ("\b": Backspace) into `search`; seconds (wall, main-thread CPU) until
        the list has been painted again, or until the key was handled when nothing on
        screen changed."""
        viewport = self.window.switcher.view.viewport()
        painted = PaintCounter(viewport)
        timed = Timed()
        if key == "\b":
            QTest.keyClick(search, Qt.Key.Key_Backspace)
        else:
            QTest.keyClicks(search, key)
        typed, typed_cpu = time.perf_counter(), time.thread_time()
        QApplication.processEvents()
        if spin(lambda: painted.count > 0, 0.05):
            result = timed.stop()
        else:  # nothing on screen changed
            result = timed.stop(typed, typed_cpu)
        viewport.removeEventFilter(painted)
        return result

    def keys(self, rounds: int) -> list[str]:
        keys: list[str] = []
        for n in range(rounds):
            word = WORDS[n % len(WORDS)]
            keys += list(word) + ["\b"] * len(word)
        return keys

    def search_box(self) -> QLineEdit:
        search = self.window.switcher.findChild(QLineEdit, "clientSearch")
        search.setFocus()
        return search

    def run_filter(self) -> dict[str, Any]:
        search = self.search_box()
        keys = self.keys(int(self.args["reps"]))
        samples = [self.type_key(search, key) for key in keys]
        if os.environ.get("SI_BENCH_VERBOSE"):  # (key, wall ms, CPU ms) of each keystroke
            print("keys", [(key, round(wall * 1000, 1), round(cpu * 1000, 1))
                           for key, (wall, cpu) in zip(keys, samples, strict=True)],
                  file=sys.stderr)
        return {"rows": self.rows(), "keys": len(samples), "start_work_s": self.startup_work_s,
                **summary([w for w, _ in samples], [c for _, c in samples])}

    def run_first_second(self) -> dict[str, Any]:
        """Typing from the first paint of the filled list on, a key every 50 ms: what a user
        who starts typing at once feels while start-up's deferred work runs."""
        assert self.first_paint is not None
        if not spin(lambda: self.first_paint.count > 0, 30):  # type: ignore[union-attr]
            raise RuntimeError("the client list was never painted")
        search = self.search_box()
        began = time.perf_counter()
        samples = []
        for n, key in enumerate(self.keys(4)[:FIRST_SECOND_KEYS]):
            wait = began + n * KEY_SPACING_S - time.perf_counter()
            if wait > 0:
                settle(wait)
            samples.append(self.type_key(search, key))
        return {"rows": self.rows(), "keys": len(samples),
                "typed_for_s": time.perf_counter() - began,
                **summary([w for w, _ in samples], [c for _, c in samples])}

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
        tabs = self.window.tabs
        place = next(n for n, kind in enumerate(self.window._kinds)
                     if kind.page_id == BrandingPage.page_id)
        tabs.setCurrentIndex(place)  # builds that one page, as a click on its tab does
        editor = tabs.currentWidget()
        canvas = editor.preview.canvas
        spin(lambda: canvas.painted_revision == canvas.revision, 5)
        settle(0.1)
        colours = ["#1d4ed8", "#b91c1c", "#047857", "#7c3aed", "#c2410c", "#0f766e"]
        times: list[float] = []
        cpu: list[float] = []
        for n in range(int(self.args["reps"]) + 3):
            started, cpu_started = time.perf_counter(), time.thread_time()
            editor.set_color(colours[n % len(colours)])
            if not spin(lambda: canvas.painted_revision == canvas.revision, 5):
                raise RuntimeError("the preview did not redraw")
            times.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - cpu_started)
            settle(0.01)
        return summary(times[3:], cpu[3:])

    def run_refresh(self) -> dict[str, Any]:
        """B13: the refresh the window starts once input pauses, against a sandbox: the
        longest gap between ticks of a 5 ms timer on the GUI thread, and the share of the
        refresh's wall time the timer was late (the GUI thread busy, or waiting for the
        interpreter lock a worker holds), with the main thread's CPU share beside it."""
        offline = self.window.context.offline
        results: list[Any] = []
        offline.refreshed.connect(results.append)
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(int(TICK_S * 1000))
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start()
        if not spin(lambda: offline.refreshing, 30):
            raise RuntimeError("the refresh at start did not begin")
        timed = Timed()
        self.origin = timed.wall
        ticks.append(timed.wall)
        limit = float(self.args.get("refresh_timeout", 600))
        # the window's own event loop until the refresh ends (no polling: it would be the
        # busiest thing on the GUI thread)
        loop = QEventLoop()
        offline.refreshing_changed.connect(lambda running: running or loop.quit())
        QTimer.singleShot(int(limit * 1000), loop.quit)
        if offline.refreshing:
            loop.exec()
        if offline.refreshing:
            raise RuntimeError(f"the refresh took more than {limit:.0f} s")
        seconds, cpu = timed.stop()
        timer.stop()
        ticks.append(timed.wall + seconds)
        gaps = sorted(b - a for a, b in itertools.pairwise(ticks))
        longest = sorted(((b - a, a - timed.wall) for a, b in itertools.pairwise(ticks)),
                         reverse=True)[:6]
        late = sum(max(0.0, gap - TICK_S) for gap in gaps)
        result = results[-1] if results else None
        refresh = getattr(result, "refresh", None)
        documents = getattr(result, "documents", None)
        return {
            "rows": self.rows(),
            "seconds": seconds,
            "max_stall_ms": gaps[-1] * 1000,
            "p99_gap_ms": percentile(gaps, 0.99) * 1000,
            "busy_pct": 100 * late / seconds,
            "cpu_pct": 100 * cpu / seconds,
            "longest_gaps": [(round(gap * 1000), round(at, 2)) for gap, at in longest],
            "kind": getattr(refresh, "kind", None),
            "refresh": repr(refresh)[:300],
            "documents": repr(documents)[:300],
        }


def start_on_show(scenario: Scenario) -> None:
    """Run `scenario` once `ui.app.run_app` has shown the window (its call that watches the
    first paint comes right after `window.show()`)."""
    watch = app_module.watch_first_paint

    def watched(view: Any) -> None:
        watch(view)
        scenario.shown()

    app_module.watch_first_paint = watched  # type: ignore[assignment]


def main() -> None:
    args = json.loads(sys.argv[1])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ[API_KEY_ENV] = API_KEY
    limit = args.get("per_minute")
    if limit:  # what the limiter costs, not what it holds back (as B4)
        import si_desktop.api.ratelimit as ratelimit

        ratelimit.LIVE_LIMIT_PER_MIN = int(limit)
    start_on_show(Scenario(args))
    sys.exit(cli_main(["--data-dir", args["data_dir"], "--base-url", args["base_url"]]))


if __name__ == "__main__":
    main()
