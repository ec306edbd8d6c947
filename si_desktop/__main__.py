"""`python -m si_desktop` runs the app, like the `si-desktop` command."""

import sys

from si_desktop.cli import main

sys.exit(main())
