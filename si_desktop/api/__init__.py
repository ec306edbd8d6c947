"""The async Space Invoices client: httpx + pydantic, no Qt.

```python
from si_desktop.api import SpaceInvoicesClient, errors, Entity, BusinessUnit, Page, File

async with SpaceInvoicesClient(api_key=key) as si:
    page = await si.entities.list(limit=10)
    async for unit in si.business_units.iterate(entity_id=page.data[0].id):
        ...
```
"""

from si_desktop.api import errors
from si_desktop.api.client import DEFAULT_BASE_URL, SpaceInvoicesClient
from si_desktop.api.ids import check_id
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
    UnitEmailDefaults,
    parse_datetime,
)
from si_desktop.api.ratelimit import RateLimiter
from si_desktop.api.retry import RetryPolicy

__all__ = [
    "DEFAULT_BASE_URL",
    "BankAccount",
    "BusinessUnit",
    "BusinessUnitSettings",
    "CountryRules",
    "EmailDefaults",
    "Entity",
    "EntitySettings",
    "File",
    "NumberFormats",
    "Page",
    "Pagination",
    "RateLimiter",
    "RetryPolicy",
    "SpaceInvoicesClient",
    "UnitEmailDefaults",
    "check_id",
    "errors",
    "parse_datetime",
]
