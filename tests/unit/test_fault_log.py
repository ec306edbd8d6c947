"""Hard crashes reach the log folder: `faulthandler` writes the dying process's stacks to
crash.log, and the next start copies that trace into the log and keeps it aside."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

CRASH = """
import ctypes, sys
from pathlib import Path
from si_desktop.logs import install_crash_logging
install_crash_logging(Path(sys.argv[1]))
ctypes.string_at(0)  # a segfault: no Python handler runs after it
"""

NEXT_START = """
import sys
from pathlib import Path
from si_desktop.logs import configure_logging, install_crash_logging, log_folder
data = Path(sys.argv[1])
configure_logging(data)
install_crash_logging(log_folder(data))
"""


def run(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True,
                          text=True, timeout=60, check=False)


@pytest.mark.skipif(os.name != "posix", reason="a segfault by a null read, POSIX signals")
def test_a_segfault_leaves_its_stack_in_the_log_folder(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    crashed = run(CRASH, logs)
    assert crashed.returncode < 0  # killed by the signal
    trace = (logs / "crash.log").read_text(encoding="utf-8")
    assert "Segmentation fault" in trace and "<string>" in trace
    assert stat.S_IMODE((logs / "crash.log").stat().st_mode) & 0o077 == 0

    started = run(NEXT_START, tmp_path)
    assert started.returncode == 0, started.stderr
    assert (logs / "crash.log").read_text(encoding="utf-8") == ""  # ready for the next one
    assert (logs / "crash.previous.log").read_text(encoding="utf-8").strip() == trace.strip()
    log = (logs / "si-desktop.log").read_text(encoding="utf-8")
    assert "The last run ended in a hard crash" in log and "Segmentation fault" in log


def test_a_clean_start_logs_no_crash(tmp_path: Path) -> None:
    assert run(NEXT_START, tmp_path).returncode == 0
    assert run(NEXT_START, tmp_path).returncode == 0
    logs = tmp_path / "logs"
    assert not (logs / "crash.previous.log").exists()
    assert "hard crash" not in (logs / "si-desktop.log").read_text(encoding="utf-8")
