from __future__ import annotations

import subprocess
import sys

from si_desktop import __version__


def test_version_is_printed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "si_desktop", "--version"],
        capture_output=True, text=True, check=True,
    )
    assert result.stdout.strip() == f"si-desktop {__version__}"
