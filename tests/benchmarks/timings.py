"""The wall-clock side of a few tests, which assert the behaviour without a clock:

- `SandboxServer.stop()` with a client's connection open, until the port is free
  (tests/contract/test_server.py);
- a locked keychain giving up after `Credentials(timeout=0.2)` (tests/security/test_keychain.py);
- a refused connection giving up with the real back-off, slept for real
  (tests/unit/api/test_retries.py).

The store's 10,000-client upsert and switcher query are timed by `store_bench.py`.

    python tests/benchmarks/timings.py [--repeat 5]

Prints each figure (median and worst of the runs); asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import statistics
import threading
import time
from collections.abc import Callable

import httpx
import keyring
import stamina
from keyring.backend import KeyringBackend

from si_desktop.api import SpaceInvoicesClient, errors
from si_desktop.credentials import Credentials, KeychainTimeout
from si_desktop.sandbox import SandboxServer

KEY = "sk_live_" + "be" * 16


def sandbox_stop() -> float:
    server = SandboxServer(api_key=KEY).start()
    try:
        with httpx.Client(base_url=server.url,
                          headers={"Authorization": f"Bearer {KEY}"}) as client:
            client.get("/entities")  # a kept-alive connection is open while it stops
            started = time.perf_counter()
            server.stop()
            return time.perf_counter() - started
    finally:
        server.close()


class LockedKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait(30)


def keychain_timeout() -> float:
    locked = LockedKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(locked)
    try:
        started = time.perf_counter()
        try:
            Credentials(timeout=0.2).get_api_key("https://eu.spaceinvoices.com#bench")
        except KeychainTimeout:
            return time.perf_counter() - started
        raise RuntimeError("the locked keychain answered")
    finally:
        locked.release.set()
        keyring.set_keyring(previous)


def refused_connection() -> float:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])

    async def run() -> None:
        async with SpaceInvoicesClient(api_key=KEY, base_url=f"http://127.0.0.1:{port}") as si:
            try:
                await si.entities.list()
            except errors.NetworkError:
                return
        raise RuntimeError("a closed port answered")

    started = time.perf_counter()
    with stamina.set_testing(False):
        asyncio.run(run())
    return time.perf_counter() - started


FIGURES: list[tuple[str, Callable[[], float]]] = [
    ("SandboxServer.stop(), a connection open", sandbox_stop),
    ("locked keychain, timeout 0.2 s", keychain_timeout),
    ("refused connection, real back-off", refused_connection),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("stamina").setLevel(logging.ERROR)  # a line per retry otherwise
    for label, measure in FIGURES:
        seconds = [measure() for _ in range(args.repeat)]
        print(f"  {label:<40} median {statistics.median(seconds):6.3f} s, "
              f"worst {max(seconds):6.3f} s (n={len(seconds)})")


if __name__ == "__main__":
    main()
