"""The async Space Invoices client: httpx + pydantic, no Qt.

```python
from si_desktop.api import SpaceInvoicesClient, errors, Entity, BusinessUnit, Page, File

async with SpaceInvoicesClient(api_key=key) as si:
    page = await si.entities.list(limit=10)
    async for unit in si.business_units.iterate(entity_id=page.data[0].id):
        ...
```

The names below are imported on first use: `errors` alone (what the sync layer catches)
needs neither httpx nor pydantic, and the window paints before its first request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from si_desktop.lazy_names import lazy_names

if TYPE_CHECKING:
    from si_desktop.api import errors
    from si_desktop.api.client import DEFAULT_BASE_URL, SpaceInvoicesClient
    from si_desktop.api.document_models import (
        CreditNote,
        Customer,
        Document,
        Estimate,
        Invoice,
        JsonDecimal,
        Payment,
        Tax,
    )
    from si_desktop.api.ids import check_document_id, check_id
    from si_desktop.api.models import (
        BankAccount,
        BusinessUnit,
        BusinessUnitSettings,
        CountryRules,
        EmailDefaults,
        Entity,
        EntitySettings,
        File,
        NumberFormats,
        Page,
        Pagination,
        RecordPage,
        SkippedRecord,
        UnitEmailDefaults,
        parse_datetime,
    )
    from si_desktop.api.ratelimit import RateLimiter
    from si_desktop.api.retry import RetryPolicy

_MODELS = "si_desktop.api.models"
_DOCS = "si_desktop.api.document_models"
_HOMES = {
    "errors": "si_desktop.api.errors",  # the submodule itself
    "DEFAULT_BASE_URL": "si_desktop.api.client",
    "SpaceInvoicesClient": "si_desktop.api.client",
    "check_id": "si_desktop.api.ids",
    "check_document_id": "si_desktop.api.ids",
    "CreditNote": _DOCS,
    "Customer": _DOCS,
    "Document": _DOCS,
    "Estimate": _DOCS,
    "Invoice": _DOCS,
    "JsonDecimal": _DOCS,
    "Payment": _DOCS,
    "Tax": _DOCS,
    "BankAccount": _MODELS,
    "BusinessUnit": _MODELS,
    "BusinessUnitSettings": _MODELS,
    "CountryRules": _MODELS,
    "EmailDefaults": _MODELS,
    "Entity": _MODELS,
    "EntitySettings": _MODELS,
    "File": _MODELS,
    "NumberFormats": _MODELS,
    "Page": _MODELS,
    "Pagination": _MODELS,
    "RecordPage": _MODELS,
    "SkippedRecord": _MODELS,
    "UnitEmailDefaults": _MODELS,
    "parse_datetime": _MODELS,
    "RateLimiter": "si_desktop.api.ratelimit",
    "RetryPolicy": "si_desktop.api.retry",
}

__all__ = [
    "DEFAULT_BASE_URL",
    "BankAccount",
    "BusinessUnit",
    "BusinessUnitSettings",
    "CountryRules",
    "CreditNote",
    "Customer",
    "Document",
    "EmailDefaults",
    "Entity",
    "EntitySettings",
    "Estimate",
    "File",
    "Invoice",
    "JsonDecimal",
    "NumberFormats",
    "Page",
    "Pagination",
    "Payment",
    "RateLimiter",
    "RecordPage",
    "RetryPolicy",
    "SkippedRecord",
    "SpaceInvoicesClient",
    "Tax",
    "UnitEmailDefaults",
    "check_document_id",
    "check_id",
    "errors",
    "parse_datetime",
]


__getattr__ = lazy_names(__name__, _HOMES)
