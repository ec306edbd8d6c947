"""`si-desktop --self-test`: the smoke test of an installed or built app.

Runs offscreen when there is no display, starts a local sandbox in a temporary data folder,
lets the window switch between two clients and save one edited field, then asks the server
over HTTP whether it holds the new value. Exit 0 when it does; otherwise a non-zero code
and one line saying which step failed.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

SELF_TEST_CLIENTS = 3
OK, FAILED, CRASHED = 0, 1, 2


def needs_offscreen(environ: dict[str, str] | None = None, platform: str | None = None) -> bool:
    """True on a Linux/BSD machine with neither X11 nor Wayland to show a window on."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform == "win32" or platform == "darwin":
        return False
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def fetch_entity(base_url: str, api_key: str, entity_id: str) -> dict[str, Any]:
    """The entity as the server holds it, read over HTTP with nothing of the app's."""
    request = urllib.request.Request(
        f"{base_url.rstrip('/')}/entities/{entity_id}",
        headers={"Authorization": f"Bearer {api_key}", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        data: dict[str, Any] = json.loads(answer.read().decode("utf-8"))
    return data


def run(out: Any = None) -> int:
    """The whole self-test; prints progress and the verdict to `out` (stdout)."""
    stream = out if out is not None else sys.stdout
    if needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    def say(text: str) -> None:
        print(f"self-test: {text}", file=stream, flush=True)

    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="si-desktop-self-test-"))
    server = None
    try:
        from si_desktop.datadir import ensure_private_dir
        from si_desktop.sandbox import SandboxServer
        from si_desktop.sync.connection import Connection

        data_dir = ensure_private_dir(folder / "data")
        server = SandboxServer(
            host="127.0.0.1",
            port=0,
            db_path=str(folder / "sandbox.sqlite3"),
            api_key="sk_live_" + secrets.token_hex(16),
            clients=SELF_TEST_CLIENTS,
            seed=0,
        )
        server.start()
        say(f"sandbox on {server.url}")
        from si_desktop.ui.selftest import SelfTestFailure, drive_window

        value = "Self-test " + secrets.token_hex(4)
        connection = Connection(base_url=server.url, api_key=server.api_key)
        try:
            edited = drive_window(data_dir, connection, value)
        except SelfTestFailure as failure:
            say(f"FAILED: {failure}")
            return FAILED
        say(f"opened {len(edited.visited)} clients, saved {edited.field} on {edited.entity_id}")
        held = fetch_entity(server.url, server.api_key, edited.entity_id).get(edited.field)
        if held != value:
            say(f"FAILED: the server holds {held!r} for {edited.field}, not {value!r}")
            return FAILED
        say(f"OK in {time.monotonic() - started:.1f} s: the server holds the saved value")
        return OK
    except Exception as error:  # the verdict must be a line and an exit code, not a trace
        say(f"FAILED: {type(error).__name__}: {error}")
        return CRASHED
    finally:
        if server is not None:
            server.close()
        shutil.rmtree(folder, ignore_errors=True)
