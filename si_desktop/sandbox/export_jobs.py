"""PDF ZIP export jobs (CONTRACT.md, "Exports"): `pending`, then `processing` with a
progress that moves over a few polls, then `completed` with the archive ready (or `failed`
with an error).

A job is made in one request and advanced by each poll of it (`advance`): one poll renders
one slice of its documents, so a client sees the progress move over about
`STEPS` polls and a test sees every state without waiting on a clock. A job remembers the one
entity it was made for and the ids of that entity's documents chosen when it was made; each
slice is read back by the route on that entity alone, so nothing of another entity can
enter an archive. Jobs live in memory (a restarted sandbox has forgotten them: their polls
answer 404) and only the newest `KEEP` of a sandbox are kept.
"""

from __future__ import annotations

import io
import math
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

STEPS = 3
KEEP = 64

Render = Callable[[str], tuple[str, bytes] | None]
"""A document id → (its file name in the archive, its PDF), or None if it is gone."""


@dataclass
class ExportJob:
    id: str
    account_id: str
    entity_id: str
    document_ids: Sequence[str]
    file_name: str
    created_at: str
    language: str | None = None
    status: str = "pending"
    error: str | None = None
    done: int = 0
    _entries: list[tuple[str, bytes]] = field(default_factory=list)
    _names: set[str] = field(default_factory=set)
    _archive: bytes | None = None

    @property
    def total_docs(self) -> int:
        return len(self.document_ids)

    @property
    def progress(self) -> int:
        """Per cent of the documents rendered (100 once the archive is ready)."""
        if self.status == "completed":
            return 100
        if not self.document_ids:
            return 0
        return self.done * 100 // self.total_docs

    @property
    def archive(self) -> bytes | None:
        return self._archive

    def advance(self, render: Render) -> None:
        """One poll's work: the next slice of documents, or the archive after the last."""
        if self.status in ("completed", "failed"):
            return
        self.status = "processing"
        size = max(1, math.ceil(self.total_docs / STEPS))
        for doc_id in self.document_ids[self.done:self.done + size]:
            rendered = render(doc_id)
            if rendered is None:
                self.status = "failed"
                self.error = f"Document {doc_id} no longer exists; nothing was archived."
                self._entries.clear()
                return
            name, data = rendered
            self._entries.append((unique_name(name, self._names), data))
        self.done = min(self.total_docs, self.done + size)
        if self.done >= self.total_docs:
            self._archive = _zip(self._entries)
            self._entries.clear()
            self.status = "completed"

    def as_json(self, file_url: str | None) -> dict[str, Any]:
        ready = self.status == "completed"
        return {
            "id": self.id,
            "status": self.status,
            "progress": self.progress,
            "total_docs": self.total_docs,
            "file_url": file_url if ready else None,
            "file_name": self.file_name if ready else None,
            "error": self.error,
            "entity_id": self.entity_id,
            "language": self.language,
            "created_at": self.created_at,
        }


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name (2).pdf`, `(3)` … when the archive already holds it."""
    if name not in taken:
        taken.add(name)
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    number = 2
    while True:
        candidate = f"{stem} ({number})" + (f".{ext}" if ext else "")
        if candidate not in taken:
            taken.add(candidate)
            return candidate
        number += 1


def _zip(entries: Sequence[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


class ExportJobs:
    """The jobs of one sandbox, newest last; the oldest beyond `keep` are forgotten."""

    def __init__(self, keep: int = KEEP) -> None:
        self._keep = keep
        self._jobs: OrderedDict[str, ExportJob] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, job: ExportJob) -> None:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                self._jobs.popitem(last=False)

    def get(self, job_id: str, account_id: str) -> ExportJob | None:
        """The job, if it exists and belongs to the account."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.account_id == account_id else None
