"""The resource namespaces of `SpaceInvoicesClient` (`entities`, `business_units`, `files`)."""

from si_desktop.api.resources.business_units import BusinessUnits
from si_desktop.api.resources.entities import Entities
from si_desktop.api.resources.files import Files

__all__ = ["BusinessUnits", "Entities", "Files"]
