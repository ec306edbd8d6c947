"""The `si-sandbox` command: the local Space Invoices-compatible API on a port."""

from __future__ import annotations

import argparse
import signal
import sqlite3
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from si_desktop import __version__
from si_desktop.sandbox.app import create_app
from si_desktop.sandbox.faults import Faults
from si_desktop.sandbox.server import SandboxServer, new_api_key


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("a fraction from 0 to 1, such as 0.1")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("0 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="si-sandbox",
        description="A local Space Invoices-compatible API (entities, business units, files, "
        "documents, customers, taxes, payments) "
        "for the demo workspace and the tests.",
    )
    parser.add_argument("--version", action="version", version=f"si-sandbox {__version__}")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=_non_negative, default=8765,
                        help="port to listen on; 0 picks a free one (default 8765)")
    parser.add_argument("--db", metavar="PATH",
                        help="SQLite file to keep the data in (default: in memory)")
    parser.add_argument("--api-key", metavar="KEY",
                        help="the account key clients must send (default: a new sk_live_ key)")
    parser.add_argument("--clients", metavar="N", type=_non_negative, default=0,
                        help="add N demo client businesses, each with a history of documents, "
                        "unless the database has clients")
    parser.add_argument("--seed", metavar="S", type=int, default=0,
                        help="seed for the demo data (same seed, same clients)")
    parser.add_argument("--latency-ms", metavar="MS", type=_non_negative, default=0,
                        help="delay every response by MS milliseconds")
    parser.add_argument("--error-rate", metavar="R", type=_fraction, default=0.0,
                        help="answer this fraction of requests with 500/502/503")
    parser.add_argument("--rate-limit", metavar="PER_MIN", type=_non_negative, default=0,
                        help="answer 429 once a key passes PER_MIN requests in a minute")
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    faults = Faults(latency_ms=args.latency_ms, error_rate=args.error_rate,
                    rate_limit_per_min=args.rate_limit)
    api_key = args.api_key or new_api_key()
    try:
        app = create_app(args.db, api_key=api_key, clients=args.clients, seed=args.seed,
                         faults=faults)
        server = SandboxServer(app, host=args.host, port=args.port).start()
    except (OSError, RuntimeError, sqlite3.Error) as exc:
        print(f"si-sandbox: cannot start: {exc}", file=sys.stderr)
        return 1
    print(f"si-sandbox listening on {server.url}", flush=True)
    print(f"API key: {api_key}", flush=True)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.wait(0.5):
            if not server.running:
                print("si-sandbox: the server stopped unexpectedly", file=sys.stderr)
                return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.close()
    return 0
