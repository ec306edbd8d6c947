"""The cycle collector paused at start-up comes back once the window is up and input
pauses, with what start-up made frozen; a process whose collector runs is left alone."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from si_desktop.ui.collector import YOUNG, settle_after_start
from si_desktop.ui.idle import PAUSE_MS, InputPause


@pytest.fixture
def paused_collector() -> Iterator[None]:
    was, thresholds = gc.isenabled(), gc.get_threshold()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        if was:
            gc.enable()


def test_a_paused_collector_comes_back_with_start_up_frozen(
    qtbot: QtBot, paused_collector: None
) -> None:
    owner = QObject()
    settle_after_start(owner)
    assert not gc.isenabled()  # not while the window is still being shown
    qtbot.waitUntil(gc.isenabled, timeout=3000)
    assert gc.get_freeze_count() > 0
    # tuned for a long-lived GUI process: young collections far apart (issue 23)
    assert gc.get_threshold()[0] == YOUNG > 700


def test_a_running_collector_is_left_as_it_is(qtbot: QtBot) -> None:
    assert gc.isenabled()
    owner = QObject()
    settle_after_start(owner)
    later: list[bool] = []
    # due after any pause settle_after_start might have started
    InputPause(owner, lambda: later.append(True), pause_ms=PAUSE_MS + 100)
    qtbot.waitUntil(lambda: bool(later), timeout=3000)
    assert gc.isenabled() and gc.get_freeze_count() == 0
