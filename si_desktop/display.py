"""Can a window open here? Asked before Qt is imported for one, because Qt cannot say no.

On Linux (and the BSDs) Qt draws through its X11 ("xcb") or Wayland plugin. When the xcb
plugin cannot load (a library it links to is missing: since Qt 6.5 usually libxcb-cursor),
or there is no display at all (an SSH session), or the X server named by `DISPLAY` does not
answer, Qt prints a few lines about platform plugins and aborts the process (exit 134, a
core dump). `check_display` finds each of those cases first and words it as one sentence
saying what to do; the entry point prints it and exits with 2.

Qt's own choice of plugin is followed: `QT_QPA_PLATFORM` naming anything but xcb is the
user's decision and not checked. With it unset in a Wayland session (`WAYLAND_DISPLAY`), Qt
may pick either plugin; when xcb could not work there but Wayland can, the check asks for
the Wayland plugin instead of failing. Windows and macOS have no such plugins to miss.

Qt-free and stdlib-only, so it costs nothing before the window's imports.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

NO_DISPLAY = (
    "si-desktop needs a graphical display (none found: DISPLAY and WAYLAND_DISPLAY are not "
    "set); `si-desktop --screenshots OUT` works without one."
)


@dataclass(frozen=True)
class Library:
    """A shared library Qt's window needs on Linux, and the packages that install it."""

    soname: str
    debian: str  # Debian and Ubuntu (apt)
    fedora: str  # Fedora (dnf)


# What PySide6's xcb plugin (libqxcb.so, through libQt6XcbQpa.so.6) and Qt GUI link to beyond
# the C and C++ runtimes, glib, zlib and freetype, which every desktop has: `readelf -d` of
# PySide6-Essentials 6.11.3, matching the table of Qt's "Qt for X11 Requirements" page
# (xcb-cursor since Qt 6.5).
XCB_LIBRARIES = (
    Library("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    Library("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    Library("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    Library("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    Library("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    Library("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    Library("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    Library("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    Library("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    Library("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    Library("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    Library("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    Library("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    Library("libxcb.so.1", "libxcb1", "libxcb"),
    Library("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    Library("libX11.so.6", "libx11-6", "libX11"),
    Library("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    Library("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    Library("libEGL.so.1", "libegl1", "libglvnd-egl"),
    Library("libGL.so.1", "libgl1", "libglvnd-glx"),
    Library("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
)
# The Wayland plugin's own (Qt GUI's are above).
WAYLAND_LIBRARIES = ("libwayland-client.so.0", "libwayland-cursor.so.0")


@dataclass(frozen=True)
class DisplayCheck:
    """The verdict: `problem` is the sentence to print when no window can open; `platform`
    a `QT_QPA_PLATFORM` value to set before Qt starts, when another plugin will work."""

    problem: str | None = None
    platform: str | None = None


def _chosen_plugin(environ: Mapping[str, str]) -> str:
    """The plugin `QT_QPA_PLATFORM` asks for first ("" when unset): "xcb:opt;wayland" → "xcb"."""
    value = environ.get("QT_QPA_PLATFORM", "").strip()
    return value.split(";")[0].split(":")[0].strip().lower()


def check_display(
    environ: Mapping[str, str],
    *,
    platform: str = sys.platform,
    loads: Callable[[str], bool] | None = None,
    x_server_answers: Callable[[], bool] | None = None,
) -> DisplayCheck:
    """Whether Qt can open a window with `environ`. `loads(soname)` says whether a shared
    library loads and `x_server_answers()` whether the X server of `DISPLAY` accepts a
    connection (both replaceable for tests; by default they ask the system)."""
    if platform in ("win32", "darwin", "cygwin"):
        return DisplayCheck()
    chosen = _chosen_plugin(environ)
    if chosen not in ("", "xcb"):
        return DisplayCheck()  # offscreen, wayland, vnc …: the user's choice
    loads = loads or library_loads
    x_display = environ.get("DISPLAY", "").strip()
    wayland = environ.get("WAYLAND_DISPLAY", "").strip()
    if not x_display and not wayland:
        return DisplayCheck(problem=NO_DISPLAY)
    if wayland and not wayland_socket(environ).exists():
        if not x_display:
            return DisplayCheck(problem=(
                "si-desktop needs a graphical display (none found: DISPLAY is not set and no "
                f"Wayland compositor listens at WAYLAND_DISPLAY={wayland}); "
                "`si-desktop --screenshots OUT` works without one."
            ))
        wayland = ""  # a stale variable: Qt would fail there, so only X11 counts
    missing = [library for library in XCB_LIBRARIES if not loads(library.soname)]
    if chosen == "" and wayland and (missing or not x_display):
        wayland_missing = [name for name in WAYLAND_LIBRARIES if not loads(name)]
        if not wayland_missing:
            return DisplayCheck(platform="wayland")
        if not x_display:
            return DisplayCheck(problem=(
                "si-desktop cannot open a window: Qt's Wayland plugin needs system libraries "
                f"that are missing ({', '.join(wayland_missing)}); install them with `sudo apt "
                "install libwayland-client0 libwayland-cursor0` on Debian or Ubuntu, or `sudo "
                "dnf install libwayland-client libwayland-cursor` on Fedora."
            ))
    if not x_display:
        return DisplayCheck(problem=(
            "si-desktop was asked to use X11 (QT_QPA_PLATFORM=xcb) but DISPLAY is not set; "
            "unset QT_QPA_PLATFORM in a Wayland session, or run `si-desktop --screenshots "
            "OUT`, which needs no display."
        ))
    if missing:
        return DisplayCheck(problem=missing_libraries_sentence(missing))
    answers = x_server_answers or (lambda: x_server_accepts(x_display))
    if not answers():
        return DisplayCheck(problem=(
            f"si-desktop cannot open a window: no X server accepts a connection on "
            f"DISPLAY={x_display} (has the session ended, or is X forwarding off?); "
            "`si-desktop --screenshots OUT` works without one."
        ))
    return DisplayCheck()


def wayland_socket(environ: Mapping[str, str]) -> Path:
    """Where the compositor of `WAYLAND_DISPLAY` listens: the name itself when absolute,
    else in `XDG_RUNTIME_DIR` (as libwayland-client looks)."""
    name = environ.get("WAYLAND_DISPLAY", "").strip()
    if os.path.isabs(name):
        return Path(name)
    return Path(environ.get("XDG_RUNTIME_DIR", "") or "/nonexistent", name)


def missing_libraries_sentence(missing: list[Library]) -> str:
    """One sentence naming the missing libraries and the packages that bring them."""
    names = ", ".join(library.soname for library in missing)
    debian = " ".join(dict.fromkeys(library.debian for library in missing))
    fedora = " ".join(dict.fromkeys(library.fedora for library in missing))
    return (
        f"si-desktop cannot open a window: Qt's X11 plugin needs system libraries that are "
        f"missing ({names}); install them with `sudo apt install {debian}` on Debian or "
        f"Ubuntu, or `sudo dnf install {fedora}` on Fedora, then start it again."
    )


def _bundle_folders() -> list[Path]:
    """In a PyInstaller bundle, the folders holding the libraries it copied from the build
    machine (the dynamic loader finds them there through the plugin's own search path)."""
    root = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or not root:
        return []
    return [Path(root), Path(root, "PySide6", "Qt", "lib")]


def library_loads(soname: str) -> bool:
    """True when the dynamic loader can load `soname` (as Qt will: by name, or from the
    bundle). Loading is the true test: a library listed by `ldconfig` may still be broken,
    and one found through `LD_LIBRARY_PATH` is not listed at all."""
    for candidate in [soname, *(str(folder / soname) for folder in _bundle_folders())]:
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return True
    return False


def x_server_accepts(display: str) -> bool:
    """Whether the X server of `display` accepts a connection (libxcb's own answer, with
    the same authority file Qt will use). Only asked once the libraries are known to load."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:  # pragma: no cover - the library check came first
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.restype = ctypes.c_int
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.restype = None
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        # xcb_connect never returns NULL: a failed connection is an error object
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


def prepare_display(environ: dict[str, str] | os._Environ[str] | None = None) -> str | None:
    """Run the check for the window about to open: set the plugin it chose, if any, and
    return the sentence to print when no window can open (None when one can)."""
    env = os.environ if environ is None else environ
    verdict = check_display(env)
    if verdict.platform is not None:
        env["QT_QPA_PLATFORM"] = verdict.platform
    return verdict.problem
