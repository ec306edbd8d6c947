"""DESIGN.md: the sandbox is an independent reading of the contract. Importing it (and running
it) must not import the API client or Qt."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
import si_desktop.sandbox
import si_desktop.sandbox.cli
app = si_desktop.sandbox.create_app(api_key="sk_live_x", clients=3)
bad = sorted(m for m in sys.modules if m.startswith(("si_desktop.api", "si_desktop.ui",
                                                     "PySide6", "shiboken6")))
print(",".join(bad))
"""


def test_the_sandbox_imports_neither_the_client_nor_qt() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == ""
