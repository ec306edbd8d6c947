"""The documents' scenarios of the benchmark harness, each run in a process of its own by
`run.py`: B9 (the Documents tab of a client with 20,000 cached documents: opened from the
cache, then searched, filtered and sorted on a client with 10,000) and B10 (the totals of a
200-line document in the new-invoice editor, on every keystroke).

The app is started as `si-desktop --base-url URL` starts it, on a port nothing listens on,
so everything comes from the cache (`bench_data.build_documents_cache`). Each step is timed
from the input until the last paint of the table (or the totals) it caused. One line of JSON, then
`os._exit`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

# isort: off
import si_desktop.ui  # noqa: F401  # the Qt-free layers before Qt, as `si-desktop` loads them
# isort: on
from bench_data import API_KEY, BIG_CLIENTS
from bench_ui import QUIET_S, PaintCounter, rss_mib, settle, spin, start_work_done, summary
from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from si_desktop.sync.connection import Connection
from si_desktop.ui.app import application, run_app

RESULT = "BENCH_RESULT "
WORDS = ("cebela", "2025-0", "zaga 1", "novak", "kranj", "00123")


def finish(result: dict[str, Any]) -> None:
    print(RESULT + json.dumps(result), flush=True)
    os._exit(0)


SETTLE_CAP_S = 0.5
"""The longest an input is followed: no input here takes half as long."""


def timed(action: Any, widgets: list[QWidget],
          caught_up: Callable[[], bool] | None = None) -> tuple[float, float]:
    """Seconds from `action()` until the last paint of `widgets` it caused, and the main
    thread's CPU time over the same span. When nothing they show changed, until the input
    had its effect (`caught_up()`) or, without that, until `action()` returned.

    The last paint, not the first: before the window deferred less, a keystroke painted
    the search box at once and the table a turn later, and a filter painted the rows and
    then, after the view's delayed layout, the scroll bars; the user waits for all of it.
    An input's work is what the event loop does until it first has nothing left to do
    (posted events, paints and zero timers included); what a timer set for later does,
    such as the fading of the search box's clear button, is not the input's."""
    dispatcher = QAbstractEventDispatcher.instance()
    painted = PaintCounter(*widgets)
    started, cpu_started = time.perf_counter(), time.thread_time()
    action()
    done, cpu_done = time.perf_counter(), time.thread_time()
    caught = caught_up is None or caught_up()
    while time.perf_counter() < started + SETTLE_CAP_S:
        count = painted.count
        busy = dispatcher.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        newly_caught = not caught and caught_up is not None and caught_up()
        if painted.count > count or newly_caught:
            caught = True
            done, cpu_done = time.perf_counter(), time.thread_time()
        if not busy and caught:
            break
    for widget in widgets:
        widget.removeEventFilter(painted)
    return done - started, cpu_done - cpu_started


def table_widgets(page: Any) -> list[QWidget]:
    """What a search, a filter or a sort repaints: the rows, the table's frame and scroll
    bars, the sort indicator and the summary line."""
    view = page.view
    return [view.viewport(), view, view.verticalScrollBar(), view.horizontalScrollBar(),
            view.horizontalHeader().viewport(), page.summary_label]


def walls_and_cpu(samples: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    return [wall for wall, _cpu in samples], [cpu for _wall, cpu in samples]


class Scenario:
    def __init__(self, args: dict[str, Any]) -> None:
        self.args = args
        self.window: Any = None

    def start(self) -> None:
        from si_desktop.ui.main_window import MainWindow

        def found() -> Any:
            return next((w for w in QApplication.topLevelWidgets()
                         if isinstance(w, MainWindow)), None)

        if not spin(lambda: found() is not None, 30):
            finish({"error": "no main window"})
        self.window = found()
        spin(lambda: self.window.switcher.proxy.rowCount() > 0, 30)
        # measured once the work start-up defers to a pause in the input is over, as B2 and
        # B3 are (that work is start-up's, not a keystroke's or a click's)
        if not spin(lambda: start_work_done(self.window), 60):
            finish({"error": "the work deferred at start did not finish in 60 s"})
        settle(QUIET_S)
        try:
            run = getattr(self, "run_" + self.args["scenario"])
            profile = os.environ.get("SI_BENCH_PROFILE")  # a file for cProfile's figures
            if profile:
                import cProfile

                profiler = cProfile.Profile()
                result = profiler.runcall(run)
                profiler.dump_stats(profile)
                finish(result)
            finish(run())
        except Exception as error:  # reported to the harness as the result
            import traceback

            traceback.print_exc()
            finish({"error": f"{type(error).__name__}: {error}"})

    def page(self) -> Any:
        from si_desktop.ui.documents.page import DocumentsPage

        page = next(p for p in self.window.pages if isinstance(p, DocumentsPage))
        self.window.tabs.setCurrentWidget(page)
        return page

    def open_client(self, entity_id: str, rows: int) -> float:
        """Seconds from choosing the client until its Documents tab shows its rows."""
        page = self.page()
        viewport = page.view.viewport()
        started = time.perf_counter()
        self.window.request_client(entity_id)
        if not spin(lambda: page.client_id == entity_id and page.model.total_count == rows,
                    30):
            raise RuntimeError(f"the tab did not show {rows} documents")
        painted = PaintCounter(viewport)
        spin(lambda: painted.count > 0, 0.5)
        viewport.removeEventFilter(painted)
        return time.perf_counter() - started

    def run_documents(self) -> dict[str, Any]:
        (big, _name, big_rows), (medium, _other, medium_rows) = BIG_CLIENTS
        other = str(self.window.switcher.proxy.index(5, 0).data(Qt.ItemDataRole.UserRole + 1))
        self.window.request_client(other)
        settle(0.3)
        before = rss_mib()
        opened = []
        for _ in range(int(self.args.get("opens", 5))):
            opened.append(self.open_client(big, big_rows))
            self.window.request_client(other)
            settle(0.2)
        growth = rss_mib() - before
        self.open_client(medium, medium_rows)
        page = self.page()
        # measured once the tab's work ahead is over (its texts formatted in idle turns,
        # each column's order sorted in pauses of the input), as B2 and B3 are measured
        # after start-up's deferred work; how long that took is reported
        started = time.perf_counter()
        if not spin(lambda: not page.model.formatting_ahead and not page.model.sorting_ahead,
                    60):
            raise RuntimeError("the Documents tab's work ahead did not finish in 60 s")
        ready = time.perf_counter() - started
        settle(0.3)
        search = page.findChild(QLineEdit, "documentSearch")
        search.setFocus()
        watched = table_widgets(page)

        def searched() -> bool:
            return bool(page.model.filter.search == search.text())

        keys: list[tuple[float, float]] = []
        for n in range(int(self.args["reps"])):
            word = WORDS[n % len(WORDS)]
            for key in [*word, *["\b"] * len(word)]:
                if key == "\b":
                    keys.append(timed(lambda: QTest.keyClick(search, Qt.Key.Key_Backspace),
                                      watched, searched))
                else:
                    keys.append(timed(lambda k=key: QTest.keyClicks(search, k),
                                      watched, searched))
        clicks: list[tuple[float, float]] = []
        header = page.view.horizontalHeader()
        for n in range(int(self.args["reps"])):
            for column in range(page.model.columnCount()):
                x = header.sectionViewportPosition(column) + 5
                clicks.append(timed(lambda x=x: QTest.mouseClick(
                    header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5)), watched))
            for combo in (page.type_filter, page.status_filter, page.period_filter):
                for index in (1 + n % (combo.count() - 1), 0):
                    clicks.append(timed(lambda c=combo, i=index: c.setCurrentIndex(i),
                                        watched))
        if os.environ.get("SI_BENCH_VERBOSE"):
            # (wall, CPU) in ms of each keystroke and click
            for name, samples in (("keys", keys), ("clicks", clicks)):
                print(name, [(round(wall * 1000, 1), round(cpu * 1000, 1))
                             for wall, cpu in samples], file=sys.stderr)
        return {
            "rows_opened": big_rows, "rows_filtered": medium_rows, "ready_ms": ready * 1000,
            "open": summary(opened), "rss_growth_mib": growth,
            "keys": summary(*walls_and_cpu(keys)), "clicks": summary(*walls_and_cpu(clicks)),
        }

    def run_editor(self) -> dict[str, Any]:
        from si_desktop.ui.documents.editor import DocumentEditor
        from si_desktop.ui.documents.items import ItemColumn

        big = BIG_CLIENTS[0][0]
        self.open_client(big, BIG_CLIENTS[0][2])
        lines = int(self.args.get("lines", 200))
        source = {
            "entity_id": big, "currency_code": "EUR", "customer": {"name": "Čebela s.p."},
            "items": [{"name": f"Postavka {n}", "quantity": Decimal(1 + n % 7),
                       "price": Decimal(10 + n) / 4, "unit": "kos",
                       "discounts": [{"value": Decimal(n % 15), "type": "percent"}],
                       "taxes": [{"tax_id": "tax_" + big[4:]}]} for n in range(lines)],
        }
        editor = DocumentEditor(self.window.context, big, "invoice", self.window,
                                source=source)
        editor.show()
        settle(0.5)
        view = editor.items_view
        times: list[float] = []
        for n in range(int(self.args["reps"])):
            row = (n * 37) % lines
            index = editor.items.index(row, ItemColumn.QUANTITY)
            view.setCurrentIndex(index)
            view.edit(index)
            QApplication.processEvents()
            cell = next(w for w in view.findChildren(QLineEdit, "cellEditor") if w.isVisible())
            cell.selectAll()
            for key in str(2 + n % 97):
                times.append(timed(lambda k=key, c=cell: QTest.keyClicks(c, k),
                                   [view.viewport(), editor.total_value])[0])
            view.commitData(cell)
            view.closeEditor(cell, view.itemDelegate().EndEditHint.NoHint)
            settle(0.01)
        return {"lines": lines, "total": editor.total_value.text(), **summary(times)}


def main() -> None:
    args = json.loads(sys.argv[1])
    application(offscreen=True)
    scenario = Scenario(args)
    QTimer.singleShot(0, scenario.start)
    connection = Connection(base_url=args["base_url"], api_key=API_KEY)
    run_app(data_dir=Path(args["data_dir"]), connection=connection)


if __name__ == "__main__":
    main()
