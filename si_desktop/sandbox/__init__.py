"""si-sandbox: a local Space Invoices-compatible API for the demo workspace and the tests.

An independent reading of CONTRACT.md (entities, business units, files; invoices, estimates,
credit notes, customers, taxes and payments; spreadsheet and PDF ZIP exports) over SQLite.
It never imports `si_desktop.api`: if the client and the sandbox shared models, a wrong field
name would be wrong on both sides and no test would notice.
"""

from si_desktop.sandbox.app import create_app
from si_desktop.sandbox.faults import Faults
from si_desktop.sandbox.server import SandboxServer

__all__ = ["Faults", "SandboxServer", "create_app"]
