"""Run the sandbox with uvicorn on a background thread, and stop and start it again on the
same port, which is how tests (and the demo) take the service away and bring it back."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn
from starlette.applications import Starlette

from si_desktop.sandbox.app import create_app
from si_desktop.sandbox.faults import Faults

START_TIMEOUT = 10.0


def new_api_key() -> str:
    """A live account key for a sandbox that was not given one."""
    return "sk_live_" + secrets.token_hex(16)


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling (the owner decides when to stop)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Any:
        yield


class SandboxServer:
    """The sandbox on `http://host:port`, served from a thread.

    Either give an app from `create_app`, or the `create_app` arguments. `port=0` picks a free
    port at the first `start()`; later starts reuse it, so a client's base URL stays valid
    across `stop()`/`start()`. The database stays open (and in-memory data survives) until
    `close()`.
    """

    def __init__(
        self,
        app: Starlette | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        db_path: str | None = None,
        api_key: str | None = None,
        clients: int = 0,
        seed: int = 0,
        faults: Faults | None = None,
    ) -> None:
        if app is None:
            app = create_app(db_path, api_key=api_key or new_api_key(), clients=clients,
                             seed=seed, faults=faults)
        self.app = app
        self.host = host
        self.port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    @property
    def api_key(self) -> str:
        key: str = self.app.state.sandbox.api_key
        return key

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        deadline = time.monotonic() + 2.0
        while True:
            try:
                sock.bind((self.host, self.port))
                break
            except OSError:
                if self.port == 0 or time.monotonic() > deadline:
                    sock.close()
                    raise
                time.sleep(0.02)
        sock.listen(128)
        sock.setblocking(False)
        self.port = sock.getsockname()[1]
        return sock

    def start(self) -> SandboxServer:
        """Serve until `stop()`; returns once the port accepts connections."""
        if self.running:
            return self
        sock = self._bind()
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
            timeout_keep_alive=5,
        )
        server = _Server(config)
        self._server = server
        self._failure = None

        def serve() -> None:
            try:
                asyncio.run(server.serve(sockets=[sock]))
            except BaseException as exc:  # reported by start()
                self._failure = exc
            finally:
                sock.close()

        self._thread = threading.Thread(target=serve, name="si-sandbox", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"si-sandbox did not start on {self.url}: {self._failure!r}")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving and free the port (open connections are closed)."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        server.force_exit = True
        thread.join(timeout=5)
        self._server = self._thread = None

    def close(self) -> None:
        """Stop, and close the database."""
        self.stop()
        self.app.state.sandbox.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
