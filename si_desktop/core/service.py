"""Where the Space Invoices service lives, for every room that needs to name it."""

DEFAULT_BASE_URL = "https://eu.spaceinvoices.com"
