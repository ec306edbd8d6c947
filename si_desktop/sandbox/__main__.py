"""`python -m si_desktop.sandbox` runs the sandbox, like the `si-sandbox` command."""

import sys

from si_desktop.sandbox.cli import run

sys.exit(run())
