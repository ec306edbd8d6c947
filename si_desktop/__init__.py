"""si-desktop: a desktop workstation for bookkeepers who run invoicing for many client
businesses on Space Invoices."""

__version__ = "0.1.0"
