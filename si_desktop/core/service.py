"""Which Space Invoices service the app talks to unless told otherwise: one home for the
address, shared by the API client, the accounts and the Connect dialog (none of which may
import another's room to learn it)."""

DEFAULT_BASE_URL = "https://eu.spaceinvoices.com"
