"""Entry points: `si-desktop` (the app) and `si-sandbox` (the local Space Invoices API).

This module is the only place that may wire the sandbox to the app: `ui/` never imports
`sandbox/`; the entry point starts it and hands the app a base URL and a key, exactly as it
would for the real service.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from si_desktop import __version__
from si_desktop.datadir import ensure_private_dir, resolve_data_dir


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="si-desktop",
        description="Invoicing set-up for many client businesses on Space Invoices.",
    )
    parser.add_argument("--version", action="version", version=f"si-desktop {__version__}")
    parser.add_argument("--data-dir", help="folder for the cache, logs and demo database")
    parser.add_argument("--demo", action="store_true", help="open the local demo workspace")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = ensure_private_dir(resolve_data_dir(args.data_dir))
    from si_desktop.ui.app import run_app  # Qt is imported only when a window is wanted

    return run_app(data_dir=data_dir, demo=args.demo)


def sandbox_main(argv: Sequence[str] | None = None) -> int:
    from si_desktop.sandbox.cli import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
