"""The local SQLite cache and the outbox of edits not yet sent. Standard library only: no Qt,
no network, no API models (records are kept as the JSON the service sent)."""

from si_desktop.store.database import (
    DEFAULT_FILENAME,
    DamageReport,
    StoreClosedError,
    StoreError,
    StoreTooNewError,
)
from si_desktop.store.outbox import (
    EditKind,
    LogoFile,
    OutboxError,
    QueuedEdit,
    QueuedFile,
    is_local_id,
    merge_payloads,
    new_local_id,
)
from si_desktop.store.records import CachedFile, CachedRecord, SavedOrder, SwitcherRow
from si_desktop.store.schema import SCHEMA_VERSION
from si_desktop.store.scopes import Scope, ScopeCounts, ScopeSummary
from si_desktop.store.store import Store, StoreOpener
from si_desktop.store.unreadable import UnreadableRows

__all__ = [
    "DEFAULT_FILENAME",
    "SCHEMA_VERSION",
    "CachedFile",
    "CachedRecord",
    "DamageReport",
    "EditKind",
    "LogoFile",
    "OutboxError",
    "QueuedEdit",
    "QueuedFile",
    "SavedOrder",
    "Scope",
    "ScopeCounts",
    "ScopeSummary",
    "Store",
    "StoreClosedError",
    "StoreError",
    "StoreOpener",
    "StoreTooNewError",
    "SwitcherRow",
    "UnreadableRows",
    "is_local_id",
    "merge_payloads",
    "new_local_id",
]
