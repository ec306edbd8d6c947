"""The check before a window opens (si_desktop/display.py): one sentence instead of Qt's
abort, for a missing display, missing X11 libraries or an X server that does not answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from si_desktop import display
from si_desktop.display import NO_DISPLAY, XCB_LIBRARIES, check_display, prepare_display


def loads_all_but(*missing: str):  # type: ignore[no-untyped-def]
    return lambda soname: soname not in missing


def never_asked() -> bool:
    raise AssertionError("the X server must not be asked")


def test_no_display_at_all_is_one_sentence() -> None:
    verdict = check_display({}, platform="linux", loads=loads_all_but())
    assert verdict.problem == NO_DISPLAY
    assert "--screenshots OUT" in NO_DISPLAY


def test_a_missing_xcb_cursor_names_the_library_and_both_package_names() -> None:
    verdict = check_display(
        {"DISPLAY": ":0"}, platform="linux",
        loads=loads_all_but("libxcb-cursor.so.0", "libxcb-icccm.so.4"),
        x_server_answers=never_asked,
    )
    assert verdict.problem is not None
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4" in verdict.problem
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in verdict.problem
    assert "sudo dnf install xcb-util-cursor xcb-util-wm" in verdict.problem
    assert "\n" not in verdict.problem


def test_a_package_that_brings_several_missing_libraries_is_named_once() -> None:
    verdict = check_display(
        {"DISPLAY": ":0"}, platform="linux",
        loads=loads_all_but("libxcb-shape.so.0", "libxcb-randr.so.0"),
    )
    assert verdict.problem is not None
    assert "`sudo dnf install libxcb`" in verdict.problem


def test_an_x_server_that_does_not_answer_is_said() -> None:
    verdict = check_display({"DISPLAY": ":99"}, platform="linux", loads=loads_all_but(),
                            x_server_answers=lambda: False)
    assert verdict.problem is not None and "DISPLAY=:99" in verdict.problem


def test_a_working_x11_display_passes() -> None:
    assert check_display({"DISPLAY": ":0"}, platform="linux", loads=loads_all_but(),
                         x_server_answers=lambda: True) == display.DisplayCheck()


@pytest.mark.parametrize("plugin", ["offscreen", "wayland", "vnc:size=800x600", "minimal"])
def test_a_plugin_the_user_chose_is_not_second_guessed(plugin: str) -> None:
    verdict = check_display({"QT_QPA_PLATFORM": plugin}, platform="linux",
                            loads=loads_all_but("libxcb-cursor.so.0"))
    assert verdict == display.DisplayCheck()


def test_an_explicit_xcb_is_checked_like_the_default() -> None:
    verdict = check_display({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, platform="linux",
                            loads=loads_all_but("libxcb-cursor.so.0"))
    assert verdict.problem is not None and "libxcb-cursor.so.0" in verdict.problem


@pytest.mark.parametrize("system", ["win32", "darwin"])
def test_windows_and_macos_are_not_checked(system: str) -> None:
    assert check_display({}, platform=system, loads=loads_all_but()) == display.DisplayCheck()


def test_wayland_is_chosen_when_xcb_cannot_load(tmp_path: Path) -> None:
    (tmp_path / "wayland-0").touch()
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": str(tmp_path), "DISPLAY": ":0"}
    verdict = check_display(env, platform="linux", loads=loads_all_but("libxcb-cursor.so.0"),
                            x_server_answers=never_asked)
    assert verdict == display.DisplayCheck(platform="wayland")


def test_wayland_without_x11_is_chosen_even_with_every_x11_library(tmp_path: Path) -> None:
    (tmp_path / "wayland-1").touch()
    env = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}
    verdict = check_display(env, platform="linux", loads=loads_all_but())
    assert verdict.platform == "wayland"


def test_wayland_with_a_working_x11_is_left_to_qt(tmp_path: Path) -> None:
    (tmp_path / "wayland-0").touch()
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": str(tmp_path), "DISPLAY": ":0"}
    verdict = check_display(env, platform="linux", loads=loads_all_but(),
                            x_server_answers=lambda: True)
    assert verdict == display.DisplayCheck()


def test_wayland_libraries_missing_without_x11_names_them(tmp_path: Path) -> None:
    (tmp_path / "wayland-0").touch()
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": str(tmp_path)}
    verdict = check_display(env, platform="linux", loads=loads_all_but("libwayland-cursor.so.0"))
    assert verdict.problem is not None
    assert "libwayland-cursor.so.0" in verdict.problem and "libwayland-cursor0" in verdict.problem


def test_a_stale_wayland_display_without_x11_is_no_display(tmp_path: Path) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}
    verdict = check_display(env, platform="linux", loads=loads_all_but())
    assert verdict.problem is not None and "WAYLAND_DISPLAY=wayland-9" in verdict.problem


def test_a_stale_wayland_display_beside_x11_falls_back_to_x11(tmp_path: Path) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path), "DISPLAY": ":0"}
    verdict = check_display(env, platform="linux", loads=loads_all_but("libxcb-cursor.so.0"),
                            x_server_answers=never_asked)
    assert verdict.problem is not None and "libxcb-cursor0" in verdict.problem


def test_prepare_display_sets_the_plugin_it_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(display, "check_display",
                        lambda env: display.DisplayCheck(platform="wayland"))
    env: dict[str, str] = {}
    assert prepare_display(env) is None
    assert env == {"QT_QPA_PLATFORM": "wayland"}


def test_the_table_holds_every_library_once() -> None:
    sonames = [library.soname for library in XCB_LIBRARIES]
    assert len(sonames) == len(set(sonames))
    assert "libxcb-cursor.so.0" in sonames


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's dynamic loader")
def test_library_loads_asks_the_dynamic_loader() -> None:
    assert display.library_loads("libc.so.6")
    assert not display.library_loads("libsi-desktop-no-such-library.so.0")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux without X11")
def test_the_app_says_one_sentence_and_exits_2_without_a_display(tmp_path: Path) -> None:
    """Before: Qt aborted the process (exit 134, a core dump)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "si_desktop", "--demo", "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert (result.returncode, result.stderr, result.stdout) == (2, NO_DISPLAY + "\n", "")
    assert not (tmp_path / "d").exists()  # nothing was started or written
