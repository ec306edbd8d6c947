"""The harness's peak memory (B5) is the measured process's own, not its parent's."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
PARENT_MIB = 256


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and execve's rusage")
def test_a_child_reports_its_own_peak_not_its_parents() -> None:
    # The parent holds 256 MiB when it starts the child, as run.py holds the client cache it
    # has just built; `ru_maxrss` would give the child the parent's peak.
    parent = textwrap.dedent(f"""
        import subprocess, sys
        held = bytearray({PARENT_MIB} * 1024 * 1024)
        for at in range(0, len(held), 4096):
            held[at] = 1
        child = "import sys; sys.path.insert(0, sys.argv[1]); " \\
                "from peak_memory import peak_rss_mib; print(peak_rss_mib())"
        done = subprocess.run([sys.executable, "-c", child, sys.argv[1]],
                              capture_output=True, text=True, check=True)
        print(done.stdout.strip())
    """)
    done = subprocess.run([sys.executable, "-c", parent, str(BENCHMARKS)],
                          capture_output=True, text=True, check=True, timeout=60)
    child_peak = float(done.stdout.strip())
    assert 0 < child_peak < PARENT_MIB / 2  # a bare interpreter: about 10 MiB
