"""The peak resident memory of the running process, as the benchmark harness reports it
(B5, and B9's growth).

Linux keeps `getrusage(RUSAGE_SELF).ru_maxrss` across `execve`: a child started by a
process whose own peak was higher reports its parent's peak until it outgrows it. `run.py`
builds the client caches in its own process before it starts the window scenarios, so
with `ru_maxrss` B5 printed the harness's memory (about 172 MiB after building 10,000
clients, 333 MiB after 100,000) instead of the window's (about 144 and 265). The kernel's
high-water mark of this process's own memory, `VmHWM` in /proc/self/status, starts afresh
at `execve`; `ru_maxrss` is the fallback where there is no /proc.
"""

from __future__ import annotations

import resource
from pathlib import Path

STATUS = Path("/proc/self/status")


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB."""
    try:
        for line in STATUS.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
