"""What a plain start imports: the window's first screen (the client list and the chosen
tab, Documents) must not import the modules only other tabs and dialogs use, which cost
memory in every window (issue 23's B5). Checked in a fresh interpreter started as
`si-desktop --base-url` starts, over a small cache; and the tab that needs them still opens.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk_live_" + "5a" * 16
# only the Branding tab (its preview, the PDF library behind its last-invoice thumbnail)
# and the PDF viewer use these
HEAVY = ("pypdfium2", "PySide6.QtPrintSupport", "si_desktop.ui.editors.branding",
         "si_desktop.ui.preview.renderer", "si_desktop.ui.pdf.raster",
         "si_desktop.ui.pdf.viewer")

SCRIPT = """
import json, os, sys
from PySide6.QtCore import QTimer
import si_desktop.ui.app as app_module
from si_desktop.cli import main
from si_desktop.store import Store
from si_desktop.store.scopes import Scope
from tests.ui.fakes import make_entity

data_dir, url, key, heavy = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
store = Store.open_in(data_dir)
store.entities.upsert(Scope.for_api_key(key, base_url=url), [make_entity(n) for n in (1, 2, 3)])
store.close()
seen = {}

def loaded(window):
    page = window.tabs.currentWidget()
    return page is not None and getattr(page, "client_id", None) and not page.is_loading

def check(window):
    page = window.tabs.currentWidget()
    if "first" not in seen:
        if loaded(window):
            seen["first"] = {"page": type(page).__name__,
                             "heavy": [m for m in heavy if m in sys.modules]}
            window.tabs.setCurrentIndex(next(n for n, kind in enumerate(window._kinds)
                                             if kind.page_id == "branding"))
    elif loaded(window):
        seen["then"] = {"page": type(page).__name__,
                        "heavy": [m for m in heavy if m in sys.modules]}
        print("RESULT " + json.dumps(seen), flush=True)
        os._exit(0)
    QTimer.singleShot(20, lambda: check(window))

watch = app_module.watch_first_paint

def watched(view):
    watch(view)
    window = view.window()
    QTimer.singleShot(0, lambda: check(window))
    QTimer.singleShot(60_000, lambda: os._exit(3))

app_module.watch_first_paint = watched
sys.exit(main(["--data-dir", data_dir, "--base-url", url]))
"""


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_a_plain_start_leaves_the_branding_preview_and_pdf_modules_until_their_tab_opens(
    data_dir: Path,
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SI_DESKTOP_API_KEY=KEY,
               PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH"))
                                          if p),
               # the key comes from the environment: no keychain is to be asked
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    url = f"http://127.0.0.1:{_unused_port()}"  # nothing listens: the window starts offline
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir), url, KEY, ",".join(HEAVY)],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done.stderr[-3000:]
    seen = json.loads(lines[0].removeprefix("RESULT "))
    assert seen["first"] == {"page": "DocumentsPage", "heavy": []}
    assert seen["then"]["page"] == "BrandingPage"
    assert "si_desktop.ui.editors.branding" in seen["then"]["heavy"]
