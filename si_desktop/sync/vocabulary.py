"""The cache's names the user interface works with, taken from store/ here.

The UI takes store's and api's names through sync/ only (DESIGN.md: `ui → sync → (api,
store)`), so that sync/ stays its one door to the cache and the service, and an import test
can tell a name the UI reads from work it does behind that door. The API's failures reach
the UI already described, as `si_desktop.sync.Problem`. No Qt.
"""

from si_desktop.store import (
    EditKind,
    SavedOrder,
    Scope,
    ScopeCounts,
    ScopeSummary,
    Store,
    StoreError,
    SwitcherRow,
    is_local_id,
)
from si_desktop.store.documents import DocumentRow, IssuedNumber

__all__ = [
    "DocumentRow",
    "EditKind",
    "IssuedNumber",
    "SavedOrder",
    "Scope",
    "ScopeCounts",
    "ScopeSummary",
    "Store",
    "StoreError",
    "SwitcherRow",
    "is_local_id",
]
