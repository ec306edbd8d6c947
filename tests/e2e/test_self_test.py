"""`si-desktop --self-test`: the built app's smoke test passes on a machine without a
display, and a failing step gives a non-zero exit and says which step."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from si_desktop import selftest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def test_self_test_passes_without_a_display(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["TMPDIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "si_desktop", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: OK" in result.stdout
    assert "saved address_2" in result.stdout
    assert list(tmp_path.iterdir()) == []  # the temporary data folder is gone


def test_a_server_without_the_value_fails_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from si_desktop.ui import selftest as window_half

    def pretend(data_dir: Path, connection: Any, value: str) -> window_half.Edited:
        return window_half.Edited("ent_x", "address_2", value, ("ent_w", "ent_x"))

    monkeypatch.setattr(window_half, "drive_window", pretend)
    monkeypatch.setattr(selftest, "fetch_entity", lambda *a: {"address_2": "old"})
    out = io.StringIO()
    assert selftest.run(out) == selftest.FAILED
    assert "FAILED: the server holds 'old' for address_2" in out.getvalue()


def test_a_window_step_that_fails_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from si_desktop.ui import selftest as window_half

    def stuck(data_dir: Path, connection: Any, value: str) -> window_half.Edited:
        raise window_half.SelfTestFailure("timed out after 60 s waiting for the save to finish")

    monkeypatch.setattr(window_half, "drive_window", stuck)
    out = io.StringIO()
    assert selftest.run(out) == selftest.FAILED
    assert "waiting for the save to finish" in out.getvalue()


def test_needs_offscreen_only_without_any_display() -> None:
    assert selftest.needs_offscreen({}, "linux")
    assert not selftest.needs_offscreen({"DISPLAY": ":0"}, "linux")
    assert not selftest.needs_offscreen({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not selftest.needs_offscreen({}, "win32")
    assert not selftest.needs_offscreen({}, "darwin")
