"""The resource namespaces of `SpaceInvoicesClient` (`entities`, `business_units`, `files`,
`invoices`, `estimates`, `credit_notes`, `documents`, `customers`, `taxes`, `payments`)."""

from si_desktop.api.resources.business_units import BusinessUnits
from si_desktop.api.resources.customers import Customers, Payments, Taxes
from si_desktop.api.resources.documents import (
    CreditNotes,
    DocumentActions,
    DocumentsOfType,
    Estimates,
    Invoices,
)
from si_desktop.api.resources.entities import Entities
from si_desktop.api.resources.files import Files

__all__ = [
    "BusinessUnits",
    "CreditNotes",
    "Customers",
    "DocumentActions",
    "DocumentsOfType",
    "Entities",
    "Estimates",
    "Files",
    "Invoices",
    "Payments",
    "Taxes",
]
